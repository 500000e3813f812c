"""Writes of the monev reports: prepare (the snapshot), the jobs that render it, the evidence it
became, the pimpinan's sign-off.

Each takes the acting user, locks the assessment row and the report, re-checks its rule
(scoring/plans/monev/rules.py) inside the transaction and saves under
zi_portal.audit.acting_as, so the audit log (MonevReport is registered with django-auditlog)
names the actor. The report jobs themselves are requested by scoring/reports/monev_jobs.py, which
calls these around scoring/reports/services.py: report_request (the sign-off through
monev_report_approve, which renders the files again with the approval).
"""

from __future__ import annotations

import datetime

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone

from evidence.models import Evidence
from scoring.models import ReportJob
from scoring.plans.monev import rules
from scoring.plans.monev.models import MonevReport
from scoring.plans.monev.notifications import sign_off_notify_on_commit
from scoring.plans.monev.selectors import monev_content
from zi_portal.audit import acting_as
from zi_portal.models import Assessment
from zi_portal.refusals import refuse_if

__all__ = [
    "monev_report_attached",
    "monev_report_jobs_set",
    "monev_report_prepare",
    "monev_report_sign_off",
]


def _lock(assessment_id: int) -> Assessment:
    return (
        Assessment.objects.select_for_update(of=("self",))
        .select_related("unit", "cycle", "framework")
        .get(pk=assessment_id)
    )


def _locked_report(assessment: Assessment, quarter: int) -> MonevReport | None:
    return (
        MonevReport.objects.select_for_update(of=("self",))
        .select_related("pdf_job")
        .filter(assessment=assessment, quarter=quarter)
        .first()
    )


@transaction.atomic
def monev_report_prepare(
    *,
    actor: User,
    assessment: Assessment,
    quarter: int,
    now: datetime.datetime | None = None,
) -> MonevReport:
    """Compute the quarter's report from the plan and store it as the report's snapshot (a new
    report, or the draft generated again: its files and its evidence link are cleared, since
    they showed the older snapshot; a document already attached stays on its questions)."""
    fresh = _lock(assessment.pk)
    report = _locked_report(fresh, quarter)
    refuse_if(rules.monev_generate_refusal(actor, fresh, quarter, report), assessment=fresh)
    now = now or timezone.now()
    data = monev_content(assessment=fresh, quarter=quarter, now=now)
    if report is None:
        report = MonevReport(assessment=fresh, quarter=quarter)
    report.data = data
    report.generated_by = actor
    report.generated_at = now
    report.pdf_job = None
    report.xlsx_job = None
    report.evidence = None
    report.attached_by = None
    report.attached_at = None
    with acting_as(actor):
        report.save()
    return report


@transaction.atomic
def monev_report_jobs_set(
    *, actor: User, report: MonevReport, pdf_job: ReportJob, xlsx_job: ReportJob
) -> MonevReport:
    """Record the report jobs that render the report's snapshot. New files are no longer the
    document attached before (if any): the report may be attached again, and the earlier
    document stays on its questions."""
    _lock(report.assessment_id)
    locked = MonevReport.objects.select_for_update().get(pk=report.pk)
    locked.pdf_job = pdf_job
    locked.xlsx_job = xlsx_job
    locked.evidence = None
    locked.attached_by = None
    locked.attached_at = None
    with acting_as(actor):
        locked.save(update_fields=["pdf_job", "xlsx_job", "evidence", "attached_by", "attached_at"])
    return locked


@transaction.atomic
def monev_report_attached(*, actor: User, report: MonevReport, evidence: Evidence) -> MonevReport:
    """Record the document the report's PDF became on the monitoring questions."""
    _lock(report.assessment_id)
    locked = MonevReport.objects.select_for_update().get(pk=report.pk)
    locked.evidence = evidence
    locked.attached_by = actor
    locked.attached_at = timezone.now()
    with acting_as(actor):
        locked.save(update_fields=["evidence", "attached_by", "attached_at"])
    return locked


@transaction.atomic
def monev_report_sign_off(*, actor: User, assessment: Assessment, quarter: int) -> MonevReport:
    """The unit's pimpinan signs the quarter's report off (once; its content is final after)."""
    fresh = _lock(assessment.pk)
    report = _locked_report(fresh, quarter)
    refuse_if(rules.monev_sign_off_refusal(actor, fresh, report), assessment=fresh)
    assert report is not None  # noqa: S101 - refused above
    report.status = MonevReport.Status.SIGNED_OFF
    report.signed_off_by = actor
    report.signed_off_at = timezone.now()
    with acting_as(actor):
        report.save(update_fields=["status", "signed_off_by", "signed_off_at"])
    sign_off_notify_on_commit(report)
    return report
