"""A quarter's monev report through the report jobs (kinds MONEV_PDF / MONEV_XLSX), and its PDF
attached as evidence of the monitoring questions in one click.

Generating stores the report's snapshot first (scoring/plans/monev/services.py:
monev_report_prepare, which asks the monev rule on the locked rows), then queues the PDF and the
Excel with report_request (committed before queued, as every report job) and records both jobs
on the report. Attaching stores the finished PDF through evidence_upload on the first
monitoring question (the same content check, storage and unit-side rule as a person's upload)
and attaches that document to the other one with evidence_attach_existing; the same file
already stored is attached, not stored twice (as survey_report_attach does).
"""

from __future__ import annotations

from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile

from evidence.models import Evidence
from evidence.services import DuplicateEvidence, evidence_attach_existing, evidence_upload
from scoring.models import ReportJob
from scoring.plans.monev import rules as monev_rules
from scoring.plans.monev.models import MonevReport
from scoring.plans.monev.quarters import ROMAN
from scoring.plans.monev.selectors import monitoring_questions
from scoring.plans.monev.services import (
    monev_report_attached,
    monev_report_jobs_set,
    monev_report_prepare,
    monev_report_sign_off,
)
from scoring.reports.services import report_request
from zi_portal.models import Assessment
from zi_portal.refusals import refuse_if

__all__ = ["monev_report_approve", "monev_report_attach", "monev_report_generate"]


def evidence_title(report: MonevReport) -> str:
    """The document's title on the worksheet, as units name these reports (seed 002)."""
    a = report.assessment
    quarter = ROMAN[report.quarter]
    return f"Laporan Monitoring dan Evaluasi ZI Triwulan {quarter} {a.cycle.year} ({a.unit.code})"


def monev_report_generate(*, actor: User, assessment: Assessment, quarter: int) -> MonevReport:
    """Generate (or generate again) the quarter's report and queue its PDF and Excel."""
    report = monev_report_prepare(actor=actor, assessment=assessment, quarter=quarter)
    return _render(actor=actor, report=report)


def _render(*, actor: User, report: MonevReport) -> MonevReport:
    params = {"monev": report.pk}
    assessment = report.assessment
    pdf = report_request(
        actor=actor, kind=ReportJob.Kind.MONEV_PDF, assessment=assessment, params=params
    )
    xlsx = report_request(
        actor=actor, kind=ReportJob.Kind.MONEV_XLSX, assessment=assessment, params=params
    )
    return monev_report_jobs_set(actor=actor, report=report, pdf_job=pdf, xlsx_job=xlsx)


def monev_report_approve(*, actor: User, assessment: Assessment, quarter: int) -> MonevReport:
    """The pimpinan's sign-off, then the same snapshot rendered again, so the files carry the
    approval (who, when); the approved PDF can then be attached (again) as evidence."""
    report = monev_report_sign_off(actor=actor, assessment=assessment, quarter=quarter)
    return _render(actor=actor, report=report)


def monev_report_attach(*, actor: User, report: MonevReport) -> Evidence:
    """Store the report's finished PDF as a document of the monitoring questions
    (MONITORING_CODES); refusals: monev_attach_refusal, then evidence's own on each question."""
    assessment = report.assessment
    questions = monitoring_questions(assessment)
    refuse_if(
        monev_rules.monev_attach_refusal(actor, assessment, report, questions),
        assessment=assessment,
    )
    job = report.pdf_job
    assert job is not None  # noqa: S101 - refused above when the PDF is not made
    with job.file.open("rb") as fh:
        data = fh.read()
    uploaded = SimpleUploadedFile(job.filename, data, content_type="application/pdf")
    first, *others = questions
    try:
        evidence = evidence_upload(
            actor=actor,
            assessment=assessment,
            question=first,
            uploaded_file=uploaded,
            title=evidence_title(report),
        )
    except DuplicateEvidence as dup:
        evidence = dup.existing
        evidence_attach_existing(actor=actor, evidence=evidence, question=first)
    for question in others:  # idempotent: an existing attachment is returned as it is
        evidence_attach_existing(actor=actor, evidence=evidence, question=question)
    monev_report_attached(actor=actor, report=report, evidence=evidence)
    return evidence
