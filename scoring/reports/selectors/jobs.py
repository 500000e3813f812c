"""Reads of report jobs: the ones a user may see, per assessment and per institution.

A job queued or running longer than REPORT_JOB_TIMEOUT_SECONDS (its worker died, or no worker
took it) is *shown* failed with a "waktu habis" message and the retry button, but a read never
writes: the row itself is failed by report_jobs_expire (periodic task, and before the next
request or retry of the same user).
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy

from scoring.models import ReportJob
from scoring.surveys.rules import survey_view_refusal
from zi_portal.access import AnyUser, access_for, is_instansi_viewer
from zi_portal.models import Assessment

ASSESSMENT_JOB_KINDS = (
    ReportJob.Kind.ASSESSMENT_PDF,
    ReportJob.Kind.LKE_XLSX,
    ReportJob.Kind.TPN_PACK,
)
INSTITUTION_JOB_KINDS = (ReportJob.Kind.INSTITUTION_PDF, ReportJob.Kind.OVERVIEW_XLSX)
# A survey period's results (scoring/surveys/report.py): job.unit set, the period in params.
SURVEY_JOB_KINDS = (ReportJob.Kind.SURVEY_PDF, ReportJob.Kind.SURVEY_XLSX)
# A quarter's monev report (scoring/plans/monev/report.py): job.assessment set, the MonevReport's
# id in params; requested only through scoring/reports/monev_jobs.py: monev_report_generate.
MONEV_JOB_KINDS = (ReportJob.Kind.MONEV_PDF, ReportJob.Kind.MONEV_XLSX)

TIMED_OUT_RUNNING = gettext_lazy("Pembuatan laporan melewati batas waktu (waktu habis); coba lagi.")
TIMED_OUT_QUEUED = gettext_lazy(
    "Laporan tidak diambil oleh pekerja laporan dalam batas waktu (waktu habis); coba lagi."
)


def report_job_deadline(now: datetime.datetime | None = None) -> datetime.datetime:
    """Jobs queued or started before this moment have run out of time."""
    timeout = datetime.timedelta(seconds=getattr(settings, "REPORT_JOB_TIMEOUT_SECONDS", 600))
    return (now or timezone.now()) - timeout


def report_job_timeout_error(
    job: ReportJob, *, deadline: datetime.datetime | None = None
) -> str | None:
    """The "waktu habis" message when the job has run out of time, else None."""
    limit = deadline or report_job_deadline()
    if job.status == ReportJob.Status.RUNNING and (job.started_at or job.created_at) < limit:
        return str(TIMED_OUT_RUNNING)
    if job.status == ReportJob.Status.QUEUED and job.created_at < limit:
        return str(TIMED_OUT_QUEUED)
    return None


def report_job_file_missing(job: ReportJob) -> bool:
    """A finished job whose stored file is gone (deleted, lost in a restore): it can be made
    again with the retry action. Asks the storage (one HEAD request on S3)."""
    if job.status != ReportJob.Status.DONE:
        return False
    return not job.file.name or not job.file.storage.exists(job.file.name)


def _as_seen(job: ReportJob, deadline: datetime.datetime) -> ReportJob:
    """The job as the page shows it: failed once out of time (in memory only, never saved)."""
    error = report_job_timeout_error(job, deadline=deadline)
    if error:
        job.status = ReportJob.Status.FAILED
        job.error = error
    return job


def report_job_get_for_user(*, user: AnyUser, pk: int) -> ReportJob:
    """A report job the user may see: of an assessment they may view, or their own institution
    report while they are still an instansi viewer. 404 otherwise."""
    job = ReportJob.objects.select_related("assessment", "assessment__unit").filter(pk=pk).first()
    if job is None:
        raise Http404
    if job.assessment is not None:
        if not access_for(user, job.assessment).can_view:
            raise Http404
    elif job.kind in SURVEY_JOB_KINDS:
        if survey_view_refusal(user=user, unit_id=job.unit_id) is not None:
            raise Http404
    elif not (job.requested_by_id == user.pk and is_instansi_viewer(user)):
        raise Http404
    return _as_seen(job, report_job_deadline())


def report_jobs_for_assessment(*, user: AnyUser, assessment: Assessment) -> list[ReportJob]:
    """The user's recent report jobs of one assessment (newest first)."""
    deadline = report_job_deadline()
    return [
        _as_seen(job, deadline)
        for job in ReportJob.objects.filter(
            assessment=assessment, requested_by_id=user.pk
        ).order_by("-created_at")[:5]
    ]


def assessment_report_kinds() -> list[tuple[str, str]]:
    """The report buttons of an assessment page: (kind, label), the PDF first."""
    return [(k, str(ReportJob.Kind(k).label)) for k in ASSESSMENT_JOB_KINDS]


def report_jobs_for_institution(*, user: AnyUser) -> list[ReportJob]:
    deadline = report_job_deadline()
    return [
        _as_seen(job, deadline)
        for job in ReportJob.objects.filter(
            kind__in=INSTITUTION_JOB_KINDS, requested_by_id=user.pk
        ).order_by("-created_at")[:5]
    ]


def report_jobs_for_survey_period(*, user: AnyUser, period_pk: int) -> list[ReportJob]:
    """The user's recent results files of one survey period (newest first)."""
    deadline = report_job_deadline()
    jobs = ReportJob.objects.filter(
        kind__in=SURVEY_JOB_KINDS, requested_by_id=user.pk, params__period=period_pk
    ).order_by("-created_at")[:4]
    return [_as_seen(job, deadline) for job in jobs]
