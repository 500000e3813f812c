"""A quarter's monev report through the report jobs (a real PDF and a workbook), attached in one
click to the monitoring questions, signed off by the pimpinan; each write audited."""

from __future__ import annotations

import io
from typing import Any

import pytest
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core import mail
from django.urls import reverse
from openpyxl import load_workbook

from evidence.models import Evidence, EvidenceAttachment
from scoring.models import ReportJob
from scoring.plans.models import Status
from scoring.plans.monev import rules
from scoring.plans.monev.models import MonevReport
from scoring.plans.monev.rules import MONITORING_CODES
from scoring.plans.monev.selectors import monitoring_questions
from tests.conftest import World
from tests.scoring.plans.monev.conftest import at, item
from zi_portal.models import Assessment

pytestmark = pytest.mark.django_db


def post(world: World, persona: str, name: str, quarter: int, capture: Any) -> Any:
    with capture(execute=True):
        return world.client(persona).post(
            reverse(name, args=[world.own.pk]), {"quarter": str(quarter)}
        )


def generated(world: World, capture: Any, persona: str = "tim_kerja") -> MonevReport:
    y = world.own.cycle.year
    item(world.own, step="SK tim kerja", status=Status.DONE, created=at(y - 1, 12, 1),
         due=at(y, 1, 20).date(), done_at=at(y, 1, 15))  # fmt: skip
    item(world.own, area=2, step="Survei internal", created=at(y - 1, 12, 1),
         due=at(y, 2, 1).date())  # fmt: skip
    response = post(world, persona, "reports:monev-generate", 1, capture)
    assert response.status_code == 302
    assert response["Location"] == reverse("monev:page", args=[world.own.pk])
    return MonevReport.objects.select_related("pdf_job", "xlsx_job").get(quarter=1)


def download(world: World, job: ReportJob) -> bytes:
    got: Any = world.client("pimpinan").get(reverse("reports:job-download", args=[job.pk]))
    assert got.status_code == 200
    return b"".join(got.streaming_content)


def pdf_text(data: bytes) -> str:
    import pypdfium2

    doc = pypdfium2.PdfDocument(data)
    return " ".join(doc[i].get_textpage().get_text_range() for i in range(len(doc)))


def audit(report: MonevReport) -> list[LogEntry]:
    return list(
        LogEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(MonevReport), object_pk=str(report.pk)
        ).order_by("pk")
    )


def test_generate_makes_a_pdf_and_a_workbook_of_the_snapshot(
    world: World, django_capture_on_commit_callbacks: Any
) -> None:
    report = generated(world, django_capture_on_commit_callbacks)
    pdf, xlsx = report.pdf_job, report.xlsx_job
    assert pdf is not None and xlsx is not None
    assert (pdf.kind, pdf.status, pdf.assessment_id, pdf.params["monev"]) == (
        "monev_pdf", "done", world.own.pk, report.pk,
    )  # fmt: skip
    assert (xlsx.kind, xlsx.status) == ("monev_xlsx", "done")
    unit = world.own.unit.code
    assert pdf.filename == f"Monev-{unit}-{world.own.cycle.year}-TW1.pdf"
    assert download(world, pdf).startswith(b"%PDF")
    book = load_workbook(io.BytesIO(download(world, xlsx)))
    summary = book["Ringkasan"]
    rows = [[c.value for c in row] for row in summary.iter_rows(min_row=6, max_row=12)]
    assert rows[0][1:4] == [1, 0, 0]  # area I: one done
    assert rows[1][1:4] == [0, 1, 0]  # area II: one late (due 1 February)
    assert rows[6][0] == "Jumlah" and rows[6][1:4] == [1, 1, 0]
    items = [[c.value for c in row] for row in book["Rencana aksi"].iter_rows(min_row=2)]
    assert [(r[0], r[1], r[3]) for r in items] == [
        (1, "Selesai", "SK tim kerja"),
        (2, "Terlambat", "Survei internal"),
    ]
    assert report.status == "draft" and report.generated_by == world.users["tim_kerja"]
    [created, *updates] = audit(report)
    assert created.action == LogEntry.Action.CREATE
    assert created.actor == world.users["tim_kerja"] and updates  # the jobs recorded


def test_attach_creates_the_evidence_on_the_monitoring_questions(
    world: World, django_capture_on_commit_callbacks: Any
) -> None:
    report = generated(world, django_capture_on_commit_callbacks)
    response = post(
        world, "tim_kerja", "reports:monev-attach", 1, django_capture_on_commit_callbacks
    )
    assert response.status_code == 302
    report.refresh_from_db()
    evidence = Evidence.objects.get(pk=report.evidence_id)
    assert evidence.title.startswith("Laporan Monitoring dan Evaluasi ZI Triwulan I ")
    codes = set(
        EvidenceAttachment.objects.filter(evidence=evidence).values_list(
            "question__code", flat=True
        )
    )
    assert codes == set(MONITORING_CODES) == {"A.I.1.iii.a", "A.I.1.iii.b"}
    assert evidence.current_revision is not None
    assert evidence.current_revision.sha256  # stored through the evidence service
    assert report.attached_by == world.users["tim_kerja"]
    assert audit(report)[-1].actor == world.users["tim_kerja"]
    again = post(world, "tim_kerja", "reports:monev-attach", 1, django_capture_on_commit_callbacks)
    assert (again.status_code, again["X-Refusal-Code"]) == (403, "monev_attached")
    assert Evidence.objects.count() == 1


def test_attach_follows_the_worksheets_unit_side_rule(
    world: World, django_capture_on_commit_callbacks: Any
) -> None:
    generated(world, django_capture_on_commit_callbacks)
    Assessment.objects.filter(pk=world.own.pk).update(status=Assessment.Status.SUBMITTED)
    response = post(
        world, "tim_kerja", "reports:monev-attach", 1, django_capture_on_commit_callbacks
    )
    assert (response.status_code, response["X-Refusal-Code"]) == (403, "unit_side_locked")
    assert not Evidence.objects.exists()


def test_sign_off_pimpinan_only_and_once(
    world: World, django_capture_on_commit_callbacks: Any
) -> None:
    before = post(
        world, "pimpinan", "reports:monev-sign-off", 1, django_capture_on_commit_callbacks
    )
    assert (before.status_code, before["X-Refusal-Code"]) == (403, "monev_not_generated")
    report = generated(world, django_capture_on_commit_callbacks)
    refused = post(
        world, "tim_kerja", "reports:monev-sign-off", 1, django_capture_on_commit_callbacks
    )
    assert (refused.status_code, refused["X-Refusal-Code"]) == (403, "monev_not_pimpinan")
    mail.outbox.clear()
    ok = post(world, "pimpinan", "reports:monev-sign-off", 1, django_capture_on_commit_callbacks)
    assert ok.status_code == 302
    old_pdf = report.pdf_job_id
    report.refresh_from_db()
    assert (report.status, report.signed_off_by) == ("signed_off", world.users["pimpinan"])
    assert report.signed_off_at is not None
    # The files are made again from the same snapshot, now with the approval written in.
    assert report.pdf_job_id != old_pdf and report.pdf_job is not None
    assert report.pdf_job.status == "done"
    text = pdf_text(download(world, report.pdf_job))
    assert "Disetujui pimpinan unit" in text and "Menunggu persetujuan" not in text
    signed = [
        e
        for e in audit(report)
        if e.action == LogEntry.Action.UPDATE and "status" in e.changes_dict
    ]
    assert [e.actor for e in signed] == [world.users["pimpinan"]]
    team = [world.users[p].email for p in ("tim_kerja", "tim_kerja_restricted")]
    assert sorted(m.to[0] for m in mail.outbox) == sorted(team)  # the tim kerja, no one else
    twice = post(world, "pimpinan", "reports:monev-sign-off", 1, django_capture_on_commit_callbacks)
    assert (twice.status_code, twice["X-Refusal-Code"]) == (403, "monev_signed_off")
    regenerate = post(
        world, "tim_kerja", "reports:monev-generate", 1, django_capture_on_commit_callbacks
    )
    assert (regenerate.status_code, regenerate["X-Refusal-Code"]) == (403, "monev_signed_off")


def test_generate_refusals(world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    a = world.own
    tpi = rules.monev_generate_refusal(world.users["tpi"], a, 1, None)
    assert tpi is not None and tpi.code == "monev_generate_denied"
    bad = rules.monev_generate_refusal(world.users["tim_kerja"], a, 5, None)
    assert bad is not None and bad.code == "monev_quarter_invalid"
    monkeypatch.setattr(rules, "_today", lambda: at(a.cycle.year, 2, 10).date())
    later = rules.monev_generate_refusal(world.users["pimpinan"], a, 2, None)
    assert later is not None and later.code == "monev_quarter_not_started"
    assert rules.monev_generate_refusal(world.users["pimpinan"], a, 1, None) is None
    a.status = Assessment.Status.CLOSED
    closed = rules.monev_generate_refusal(world.users["tim_kerja"], a, 1, None)
    assert closed is not None and closed.code == "monev_closed"


def test_the_monitoring_questions_are_the_frameworks(world: World) -> None:
    assert [q.code for q in monitoring_questions(world.own)] == ["A.I.1.iii.b", "A.I.1.iii.a"]
