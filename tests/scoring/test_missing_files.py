"""Stored files that went missing (issue 10, item 8): a report job or an evidence revision whose
file is gone answers 404 with a clear page (the report offers to be made again), never 500; and
`manage.py check_storage` lists rows without files and files without rows."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.urls import reverse

from evidence.models import EvidenceRevision
from scoring.models import ReportJob
from tests.factories import EvidenceFactory, ReportJobFactory
from zi_portal.celery import app

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _eager_celery() -> Any:
    saved = {k: app.conf[k] for k in ("task_always_eager", "task_eager_propagates")}
    app.conf.update(task_always_eager=True, task_eager_propagates=False)
    yield
    app.conf.update(saved)


def _gone_report(world: Any) -> ReportJob:
    job = ReportJobFactory(
        done=True, kind=ReportJob.Kind.LKE_XLSX, assessment=world.own, requested_by=None
    )
    default_storage.delete(job.file.name)
    return job


# --------------------------------------------------------------------------- report jobs


def test_report_whose_file_is_gone_answers_404_offering_to_make_it_again(world: Any) -> None:
    job = _gone_report(world)
    response = world.client("pimpinan").get(reverse("reports:job-download", args=[job.pk]))
    assert response.status_code == 404
    html = response.content.decode()
    assert "Berkas laporan ini tidak ditemukan lagi di penyimpanan" in html
    retry = reverse("reports:job-retry", args=[job.pk])
    assert f'action="{retry}"' in html
    assert "Buat ulang laporan" in html


def test_report_with_no_file_name_answers_404_too(world: Any) -> None:
    job = ReportJobFactory(done=True, assessment=world.own)
    ReportJob.objects.filter(pk=job.pk).update(file="")
    response = world.client("pimpinan").get(reverse("reports:job-download", args=[job.pk]))
    assert response.status_code == 404
    assert "Buat ulang laporan" in response.content.decode()


def test_regenerating_a_report_whose_file_is_gone_stores_a_new_file(
    world: Any, django_capture_on_commit_callbacks: Any
) -> None:
    job = _gone_report(world)
    attempts = job.attempts
    client = world.client("pimpinan")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("reports:job-retry", args=[job.pk]))
    assert response.status_code == 302
    job.refresh_from_db()
    assert job.status == ReportJob.Status.DONE
    assert job.attempts == attempts + 1
    assert default_storage.exists(job.file.name)
    download = client.get(reverse("reports:job-download", args=[job.pk]))
    assert download.status_code == 200
    assert b"".join(download.streaming_content)[:2] == b"PK"


def test_report_that_still_has_its_file_cannot_be_regenerated(world: Any) -> None:
    job = ReportJobFactory(done=True, assessment=world.own)
    attempts = job.attempts
    response = world.client("pimpinan").post(reverse("reports:job-retry", args=[job.pk]))
    assert response.status_code == 302
    job.refresh_from_db()
    assert job.attempts == attempts
    assert job.status == ReportJob.Status.DONE


# --------------------------------------------------------------------------- evidence


def _download_url(world: Any, revision: EvidenceRevision) -> str:
    return reverse("evidence:download", args=[world.own.pk, revision.evidence_id, revision.pk])


def test_evidence_revision_whose_file_is_gone_answers_404_with_a_clear_message(
    world: Any,
) -> None:
    ev = EvidenceFactory(assessment=world.own, title="SK Tim")
    revision = ev.current_revision
    default_storage.delete(revision.file.name)
    response = world.client("tpi").get(_download_url(world, revision))
    assert response.status_code == 404
    html = response.content.decode()
    assert "Berkas 'SK Tim.pdf' (versi 1) tidak ditemukan di penyimpanan" in html
    assert "Content-Disposition" not in response


def test_evidence_revision_without_a_file_name_answers_the_same_404(world: Any) -> None:
    ev = EvidenceFactory(assessment=world.own, title="SK Tim")
    EvidenceRevision.objects.filter(pk=ev.current_revision_id).update(file="")
    response = world.client("tpi").get(_download_url(world, ev.current_revision))
    assert response.status_code == 404
    assert "tidak ditemukan di penyimpanan" in response.content.decode()


# --------------------------------------------------------------------------- check_storage


def _check_storage() -> tuple[int, str]:
    out = io.StringIO()
    try:
        call_command("check_storage", stdout=out)
    except SystemExit as exc:
        return int(exc.code or 0), out.getvalue()
    return 0, out.getvalue()


def test_check_storage_is_quiet_and_exits_0_when_clean(world: Any) -> None:
    EvidenceFactory(assessment=world.own)
    ReportJobFactory(done=True, assessment=world.own)
    code, out = _check_storage()
    assert code == 0
    assert "Penyimpanan bersih" in out


def test_check_storage_lists_rows_without_files_and_files_without_rows(world: Any) -> None:
    kept = EvidenceFactory(assessment=world.own, title="Masih ada")
    lost = EvidenceFactory(assessment=world.own, title="Hilang")
    default_storage.delete(lost.current_revision.file.name)
    ReportJobFactory(done=True, assessment=world.own)  # intact
    job = _gone_report(world)
    stray = default_storage.save(f"evidence/{world.own.pk}/yatim.pdf", ContentFile(b"%PDF-1.4"))
    stray_report = default_storage.save("reports/sisa.xlsx", ContentFile(b"PK"))

    code, out = _check_storage()

    assert code == 1
    rev = lost.current_revision
    assert f"EvidenceRevision {rev.pk} (Hilang v1): {rev.file.name}" in out
    assert f"ReportJob {job.pk} ({job.get_kind_display()}): {job.file.name}" in out
    assert stray in out
    assert stray_report in out
    assert kept.current_revision.file.name not in out
    assert "2 baris tanpa berkas, 2 berkas tanpa baris" in out


def test_missing_file_pages_are_translated(world: Any, settings: Any) -> None:
    ev = EvidenceFactory(assessment=world.own, title="SK Tim")
    default_storage.delete(ev.current_revision.file.name)
    job = _gone_report(world)
    client = world.client("tpi")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    evidence_page = client.get(_download_url(world, ev.current_revision))
    assert "File 'SK Tim.pdf' (version 1) was not found in storage." in (
        evidence_page.content.decode()
    )
    report_page = client.get(reverse("reports:job-download", args=[job.pk]))
    assert report_page.status_code == 404
    assert "Make the report again" in report_page.content.decode()
