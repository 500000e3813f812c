"""Reads of report jobs: the ones a user may see, per assessment and per institution."""

from __future__ import annotations

from django.http import Http404

from scoring.models import ReportJob
from zi_portal.access import AnyUser, access_for, is_instansi_viewer
from zi_portal.models import Assessment

ASSESSMENT_JOB_KINDS = (
    ReportJob.Kind.ASSESSMENT_PDF,
    ReportJob.Kind.LKE_XLSX,
    ReportJob.Kind.TPN_PACK,
)
INSTITUTION_JOB_KINDS = (ReportJob.Kind.INSTITUTION_PDF, ReportJob.Kind.OVERVIEW_XLSX)


def report_job_get_for_user(*, user: AnyUser, pk: int) -> ReportJob:
    """A report job the user may see: of an assessment they may view, or their own institution
    report while they are still an instansi viewer. 404 otherwise."""
    job = ReportJob.objects.select_related("assessment", "assessment__unit").filter(pk=pk).first()
    if job is None:
        raise Http404
    if job.assessment is not None:
        if not access_for(user, job.assessment).can_view:
            raise Http404
    elif not (job.requested_by_id == user.pk and is_instansi_viewer(user)):
        raise Http404
    return job


def report_jobs_for_assessment(*, user: AnyUser, assessment: Assessment) -> list[ReportJob]:
    """The user's recent report jobs of one assessment (newest first)."""
    return list(
        ReportJob.objects.filter(assessment=assessment, requested_by_id=user.pk).order_by(
            "-created_at"
        )[:5]
    )


def assessment_report_kinds() -> list[tuple[str, str]]:
    """The report buttons of an assessment page: (kind, label), the PDF first."""
    return [(k, str(ReportJob.Kind(k).label)) for k in ASSESSMENT_JOB_KINDS]


def report_jobs_for_institution(*, user: AnyUser) -> list[ReportJob]:
    return list(
        ReportJob.objects.filter(kind__in=INSTITUTION_JOB_KINDS, requested_by_id=user.pk).order_by(
            "-created_at"
        )[:5]
    )
