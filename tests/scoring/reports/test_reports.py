"""Report jobs: PDF content, workbook and TPN pack, failure and retry, broker down, timeouts."""

from __future__ import annotations

import datetime
import hashlib
import io
import json
import zipfile
from collections.abc import Iterator
from typing import Any

import pytest
from django.utils import timezone
from openpyxl import load_workbook
from pypdf import PdfReader

from scoring.framework import fixture_spec
from scoring.models import ReportJob
from scoring.presenters import format_id
from scoring.reports import services as report_services
from scoring.reports.fetcher import ResourceRefused, StaticOnlyURLFetcher
from scoring.reports.services import report_job_run, report_request, report_retry
from scoring.selectors.scores import assessment_scores
from tests.factories import EvidenceFactory, EvidenceLinkFactory, ReportJobFactory
from tests.scoring.reports.conftest import PDF_BYTES, answer_all
from zi_portal.celery import app

pytestmark = pytest.mark.django_db


def _request(world: Any, capture: Any, kind: str, persona: str = "pimpinan") -> ReportJob:
    with capture(execute=True):
        job = report_request(actor=world.users[persona], kind=kind, assessment=world.own)
    job.refresh_from_db()
    return job


def _pdf_text(data: bytes) -> str:
    reader = PdfReader(io.BytesIO(data))
    return " ".join(" ".join((p.extract_text() or "") for p in reader.pages).split())


def test_assessment_pdf_has_unit_totals_areas_and_indonesian_text(
    world: Any, django_capture_on_commit_callbacks: Any
) -> None:
    unit = world.own.unit
    unit.name = "Balai Penjaminan Mutu Pendidikan Sumatera Selatan — Palembang"
    unit.save(update_fields=["name"])
    answer_all(world.own, side="unit", rank=1, skip=3)
    answer_all(world.own, side="tpi", rank=0)
    EvidenceFactory(
        assessment=world.own, questions=["A.I.1.i.a"], title="SK Tim Kerja Pembangunan ZI"
    )

    job = _request(world, django_capture_on_commit_callbacks, ReportJob.Kind.ASSESSMENT_PDF)

    assert job.status == ReportJob.Status.DONE, job.error
    assert job.progress == 100
    assert job.filename == f"Laporan-Hasil-Evaluasi-{unit.code}-{world.own.cycle.year}.pdf"
    data = job.file.read()
    assert data.startswith(b"%PDF")
    text = _pdf_text(data)
    scores = assessment_scores(assessment=world.own)
    assert "Balai Penjaminan Mutu Pendidikan Sumatera Selatan — Palembang" in text
    assert "Laporan Hasil Evaluasi" in text
    assert format_id(scores["unit"].total) in text
    assert format_id(scores["tpi"].total) in text
    for area in fixture_spec().areas:
        assert area.name in text
    assert "Pengungkit" in text
    assert "SK Tim Kerja Pembangunan ZI" in text
    assert "Ketua Tim Penilai Internal" in text
    # Every question is listed with its code.
    assert "A.I.1.i.a" in text
    assert "A.II.6.ii.a" in text


def test_lke_workbook_job_fills_the_official_template(
    world: Any, django_capture_on_commit_callbacks: Any
) -> None:
    answer_all(world.own, side="unit", rank=0)
    job = _request(world, django_capture_on_commit_callbacks, ReportJob.Kind.LKE_XLSX)
    assert job.status == ReportJob.Status.DONE, job.error
    wb = load_workbook(io.BytesIO(job.file.read()))
    ws = wb["LKE ZI"]
    spec = fixture_spec()
    q = spec.questions["A.I.1.i.a"]
    assert ws.cell(row=q.lke_row, column=11).value == "Ya"
    assert ws.cell(row=spec.hasil["B.I.b"].lke_row, column=11).value == "A"


def test_tpn_pack_has_workbook_report_evidence_by_code_and_manifest(
    world: Any, django_capture_on_commit_callbacks: Any
) -> None:
    answer_all(world.own, side="unit", rank=1)
    answer_all(world.own, side="tpi", rank=0)
    shared = EvidenceFactory(
        assessment=world.own,
        questions=["A.I.1.i.a", "A.I.1.i.b"],
        title="SK Tim Kerja",
        content=PDF_BYTES,
    )
    EvidenceLinkFactory(
        assessment=world.own,
        questions=["A.I.2.i.a"],
        title="Tautan SOP",
        url="https://example.go.id/sop",
    )
    EvidenceFactory(assessment=world.own, questions=["A.I.1.ii.a"], title="Dihapus", deleted=True)

    job = _request(world, django_capture_on_commit_callbacks, ReportJob.Kind.TPN_PACK)

    assert job.status == ReportJob.Status.DONE, job.error
    zf = zipfile.ZipFile(io.BytesIO(job.file.read()))
    names = set(zf.namelist())
    code, year = world.own.unit.code, world.own.cycle.year
    assert f"LKE-ZI-{code}-{year}.xlsx" in names
    assert f"LKE-ZI-{code}-{year}-TPI.xlsx" in names
    assert f"Laporan-Hasil-Evaluasi-{code}-{year}.pdf" in names
    assert "bukti/A.I.1.i.a-SK-Tim-Kerja.pdf" in names
    assert "bukti/A.I.1.i.b-SK-Tim-Kerja.pdf" in names
    assert not any("Dihapus" in n for n in names)
    manifest = json.loads(zf.read("manifest.json"))
    listed = {f["path"]: f for f in manifest["files"]}
    assert set(listed) == names - {"manifest.json"}
    for name, entry in listed.items():
        assert entry["sha256"] == hashlib.sha256(zf.read(name)).hexdigest()
    ev = listed["bukti/A.I.1.i.a-SK-Tim-Kerja.pdf"]
    assert ev["evidence_id"] == shared.pk
    assert ev["also_attached_to"] == ["A.I.1.i.b"]
    assert ev["sha256"] == hashlib.sha256(PDF_BYTES).hexdigest() == ev["sha256_recorded"]
    assert manifest["links"] == [
        {
            "question": "A.I.2.i.a",
            "evidence_id": manifest["links"][0]["evidence_id"],
            "title": "Tautan SOP",
            "url": "https://example.go.id/sop",
            "effective_until": None,
            "expired": False,
        }
    ]


def test_failing_task_leaves_job_failed_with_message_and_retry_ends_done(
    world: Any, django_capture_on_commit_callbacks: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    def boom(job: ReportJob, progress: Any) -> Any:
        progress(40)
        raise RuntimeError("templat rusak")

    original = report_services.RENDERERS[ReportJob.Kind.ASSESSMENT_PDF]
    monkeypatch.setitem(report_services.RENDERERS, ReportJob.Kind.ASSESSMENT_PDF, boom)
    job = _request(world, django_capture_on_commit_callbacks, ReportJob.Kind.ASSESSMENT_PDF)
    assert job.status == ReportJob.Status.FAILED
    assert job.error == "Laporan gagal dibuat: templat rusak"
    assert job.attempts == 1
    assert not job.file

    c = world.client("pimpinan")
    page = c.get(f"/laporan/{job.pk}/")
    assert page.status_code == 200
    assert "templat rusak" in page.content.decode()
    assert "Coba lagi" in page.content.decode()

    monkeypatch.setitem(report_services.RENDERERS, ReportJob.Kind.ASSESSMENT_PDF, original)
    with django_capture_on_commit_callbacks(execute=True):
        response = c.post(f"/laporan/{job.pk}/ulang/")
    assert response.status_code == 302
    job.refresh_from_db()
    assert job.status == ReportJob.Status.DONE, job.error
    assert job.attempts == 2
    assert job.error == ""
    assert job.file.read().startswith(b"%PDF")


def test_retry_of_a_job_that_did_not_fail_is_refused(world: Any) -> None:
    job = ReportJobFactory(assessment=world.own, requested_by=world.users["pimpinan"], done=True)
    with pytest.raises(Exception, match="gagal"):
        report_retry(actor=world.users["pimpinan"], job=job)


@pytest.fixture
def broker_down(settings: Any) -> Iterator[None]:
    """A real (non-eager) Celery whose Redis broker is unreachable (port 1 refuses)."""
    url = "redis://127.0.0.1:1/0"
    settings.CELERY_TASK_ALWAYS_EAGER = False
    settings.CELERY_BROKER_URL = url
    keys = ("task_always_eager", "broker_url", "broker_transport_options")
    saved = {k: app.conf[k] for k in keys}
    app.conf.update(
        task_always_eager=False,
        broker_url=url,
        broker_transport_options={"max_retries": 0, "socket_connect_timeout": 1},
    )
    _reset_pools()
    yield
    app.conf.update(saved)
    _reset_pools()


def _reset_pools() -> None:
    # Connection and producer pools remember the broker URL they were built with.
    app._pool = None
    app.amqp._producer_pool = None


def test_report_requested_while_broker_is_down_fails_clearly_never_500(
    world: Any, broker_down: None, django_capture_on_commit_callbacks: Any
) -> None:
    c = world.client("pimpinan")
    with django_capture_on_commit_callbacks(execute=True):
        response = c.post(f"/penilaian/{world.own.pk}/dasbor/laporan/", {"kind": "assessment_pdf"})
    assert response.status_code == 302
    job = ReportJob.objects.get(assessment=world.own)
    assert job.status == ReportJob.Status.FAILED
    assert job.error == "Antrean laporan tidak dapat dihubungi; coba lagi nanti."
    page = c.get(response["Location"])
    assert page.status_code == 200
    body = page.content.decode()
    assert "Antrean laporan tidak dapat dihubungi" in body
    assert "Coba lagi" in body
    # The htmx variant answers the job fragment (no 500); its first poll shows the failure.
    with django_capture_on_commit_callbacks(execute=True):
        fragment = c.post(
            f"/penilaian/{world.own.pk}/dasbor/laporan/",
            {"kind": "lke_xlsx"},
            HTTP_HX_REQUEST="true",
        )
    assert fragment.status_code == 200
    second = ReportJob.objects.get(assessment=world.own, kind="lke_xlsx")
    poll = c.get(f"/laporan/{second.pk}/", HTTP_HX_REQUEST="true")
    assert poll.status_code == 286
    assert "Antrean laporan tidak dapat dihubungi" in poll.content.decode()


def test_running_job_past_the_timeout_is_shown_failed_when_polled(
    world: Any, settings: Any
) -> None:
    """The poll shows it failed without writing; the row is failed by report_jobs_expire
    (tests/scoring/reports/test_job_expiry.py)."""
    settings.REPORT_JOB_TIMEOUT_SECONDS = 60
    old = timezone.now() - datetime.timedelta(seconds=61)
    job = ReportJobFactory(
        assessment=world.own,
        requested_by=world.users["pimpinan"],
        status="running",
        progress=40,
        started_at=old,
    )
    fresh = ReportJobFactory(
        assessment=world.own,
        requested_by=world.users["pimpinan"],
        status="running",
        progress=40,
        started_at=timezone.now(),
    )
    c = world.client("pimpinan")
    response = c.get(f"/laporan/{job.pk}/", HTTP_HX_REQUEST="true")
    assert response.status_code == 286  # htmx: stop polling
    assert "waktu habis" in response.content.decode()
    assert "Coba lagi" in response.content.decode()
    job.refresh_from_db()
    assert job.status == ReportJob.Status.RUNNING  # a GET writes nothing
    still = c.get(f"/laporan/{fresh.pk}/", HTTP_HX_REQUEST="true")
    assert still.status_code == 200
    assert 'hx-trigger="every 2s"' in still.content.decode()
    fresh.refresh_from_db()
    assert fresh.status == ReportJob.Status.RUNNING


def test_done_job_downloads_as_private_attachment(
    world: Any, django_capture_on_commit_callbacks: Any
) -> None:
    job = _request(world, django_capture_on_commit_callbacks, ReportJob.Kind.LKE_XLSX)
    c = world.client("tpi")
    poll = c.get(f"/laporan/{job.pk}/", HTTP_HX_REQUEST="true")
    assert poll.status_code == 286
    assert f"/laporan/{job.pk}/unduh/" in poll.content.decode()
    response = c.get(f"/laporan/{job.pk}/unduh/")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert job.filename in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content)[:2] == b"PK"


def test_task_run_is_idempotent_for_a_done_job(
    world: Any, django_capture_on_commit_callbacks: Any
) -> None:
    job = _request(world, django_capture_on_commit_callbacks, ReportJob.Kind.LKE_XLSX)
    name = job.file.name
    report_job_run(job_pk=job.pk)
    job.refresh_from_db()
    assert job.file.name == name


class TestFetcher:
    fetcher = StaticOnlyURLFetcher()

    @pytest.mark.parametrize(
        "url",
        [
            "http://example.com/x.png",
            "https://169.254.169.254/latest/meta-data/",
            "ftp://example.com/a",
            "file:///etc/passwd",
            "file:///static/../etc/passwd",
            "file:///static/%2e%2e/%2e%2e/etc/passwd",
            "file://evil.example/static/css/report.css",
            "file:///static/fonts/tidak-ada.ttf",
        ],
    )
    def test_refuses_network_and_files_outside_static(self, url: str) -> None:
        with pytest.raises(ResourceRefused):
            self.fetcher.fetch(url)

    def test_serves_static_files_and_data_uris(self) -> None:
        css = self.fetcher.fetch("file:///static/css/report.css")
        assert b"@font-face" in css.read()
        font = self.fetcher.fetch("file:///static/fonts/DejaVuSans.ttf")
        assert font.read()[:4] == b"\x00\x01\x00\x00"
        data = self.fetcher.fetch("data:text/plain;base64,aGFsbw==")
        assert data.read() == b"halo"


def test_institution_summary_pdf_lists_the_instansi_units(
    world: Any, django_capture_on_commit_callbacks: Any
) -> None:
    answer_all(world.own, side="unit", rank=0)
    with django_capture_on_commit_callbacks(execute=True):
        job = report_request(
            actor=world.users["pimpinan_instansi"],
            kind=ReportJob.Kind.INSTITUTION_PDF,
            params={"year": world.own.cycle.year},
        )
    job.refresh_from_db()
    assert job.status == ReportJob.Status.DONE, job.error
    text = _pdf_text(job.file.read())
    assert "Ringkasan Pembangunan Zona Integritas" in text
    assert "Unit Satu" in text and "Unit Dua" in text
    assert "Unit Lain" not in text
    total = assessment_scores(assessment=world.own)["unit"].total
    assert format_id(total) in text


def test_institution_reports_are_refused_to_unit_roles(world: Any) -> None:
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        report_request(actor=world.users["pimpinan"], kind=ReportJob.Kind.INSTITUTION_PDF)
    with pytest.raises(PermissionDenied):
        report_request(
            actor=world.users["pimpinan"],
            kind=ReportJob.Kind.ASSESSMENT_PDF,
            assessment=world.other,
        )
    assert not ReportJob.objects.exists()
