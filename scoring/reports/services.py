"""Report jobs: request, run, fail, retry and expire. The only writers of ReportJob.

A job is a row first and a Celery message second: the row is committed, then
scoring.reports.tasks.report_render_task is queued with delay_on_commit. If the broker cannot
be reached the task class turns that into a failed job with a clear message (never a 500), and
the page offers "Coba lagi". The same code runs eagerly in the embedded mode and in a worker in
production.
"""

from __future__ import annotations

import logging
import tempfile
from collections.abc import Callable
from typing import Any, cast

from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from scoring.models import ReportJob, Side
from scoring.reports import rules as report_rules
from scoring.reports.selectors.jobs import (
    ASSESSMENT_JOB_KINDS,
    INSTITUTION_JOB_KINDS,
    MONEV_JOB_KINDS,
    SURVEY_JOB_KINDS,
    TIMED_OUT_QUEUED,
    TIMED_OUT_RUNNING,
    report_job_deadline,
    report_job_file_missing,
    report_job_timeout_error,
)
from scoring.reports.selectors.overview import OverviewParams, institution_overview
from scoring.surveys.rules import survey_view_refusal
from zi_portal.access import AnyUser
from zi_portal.models import Assessment, Unit
from zi_portal.refusals import refuse_if

logger = logging.getLogger(__name__)

QUEUE_DOWN = gettext_lazy("Antrean laporan tidak dapat dihubungi; coba lagi nanti.")

ProgressFn = Callable[[int], None]


def _enqueue(job: ReportJob) -> None:
    # Imported here: tasks.py imports this module to run the job.
    from scoring.reports.tasks import report_render_task

    # After commit, so a worker never looks for a row that is not there yet. A broker failure
    # inside delay() is turned into a failed job by ReportTask (scoring/tasks.py).
    report_render_task.delay_on_commit(job.pk)


def report_request(
    *,
    actor: AnyUser,
    kind: str,
    assessment: Assessment | None = None,
    unit: Unit | None = None,
    params: dict[str, Any] | None = None,
) -> ReportJob:
    """Create a report job and queue it; returns the job as it stands after queueing.

    Anybody who may view the assessment may request its reports; institution reports are for
    instansi viewers (pimpinan instansi, admin) only.
    """
    if kind in ASSESSMENT_JOB_KINDS:
        refuse_if(
            report_rules.assessment_report_refusal(user=actor, assessment=assessment),
            assessment=assessment,
        )
        assert assessment is not None  # noqa: S101 - refused above
        unit = assessment.unit
    elif kind in INSTITUTION_JOB_KINDS:
        refuse_if(report_rules.institution_report_refusal(user=actor))
        assessment = None
    elif kind in MONEV_JOB_KINDS:
        # A quarter's monev report: scoring/reports/monev_jobs.py asked the monev rule first.
        refuse_if(
            report_rules.assessment_report_refusal(user=actor, assessment=assessment),
            assessment=assessment,
        )
        assert assessment is not None  # noqa: S101 - refused above
        unit = assessment.unit
    elif kind in SURVEY_JOB_KINDS:
        # The survey period's results: whoever sees the period's unit (scoring/surveys).
        refuse_if(survey_view_refusal(user=actor, unit_id=unit.pk if unit else None))
        assessment = None
    else:
        raise ValidationError(_("Jenis laporan tidak dikenal."))
    if actor.is_authenticated:
        # A write is the moment to settle this person's jobs that ran out of time (the pages
        # only show them failed); the periodic task does the same for everyone.
        report_jobs_expire(requested_by_id=actor.pk)
    # Not one atomic block around everything: the job must be committed before it is queued,
    # and the caller gets it back in its state after queueing (failed when the broker is down).
    with transaction.atomic():
        job = ReportJob(
            kind=kind,
            assessment=assessment,
            unit=unit,
            # The report is written in the language of the page it was asked from.
            params={"language": translation.get_language(), **(params or {})},
            requested_by_id=actor.pk if actor.is_authenticated else None,
            attempts=1,
        )
        job.full_clean(exclude=["file"])
        job.save()
        _enqueue(job)
    job.refresh_from_db()
    return job


def report_retry(*, actor: AnyUser, job: ReportJob) -> ReportJob:
    """Queue a failed job again (attempts + 1). The caller got `job` through the job selector,
    which shows a job that ran out of time as failed; such a row is retried the same way. A
    finished job whose stored file is gone is made again the same way."""
    if job.status != ReportJob.Status.FAILED and not report_job_file_missing(job):
        raise ValidationError(_("Hanya laporan yang gagal yang dapat dicoba lagi."))
    with transaction.atomic():
        locked = ReportJob.objects.select_for_update().get(pk=job.pk)
        timed_out = report_job_timeout_error(locked) is not None
        file_gone = report_job_file_missing(locked)
        if locked.status != ReportJob.Status.FAILED and not timed_out and not file_gone:
            raise ValidationError(_("Laporan ini sudah dicoba lagi."))
        if file_gone:
            locked.file.name = ""
        locked.status = ReportJob.Status.QUEUED
        locked.progress = 0
        locked.error = ""
        locked.attempts += 1
        locked.started_at = None
        locked.finished_at = None
        locked.created_at = timezone.now()
        locked.save(
            update_fields=[
                "file",
                "status",
                "progress",
                "error",
                "attempts",
                "started_at",
                "finished_at",
                "created_at",
            ]
        )
        _enqueue(locked)
    locked.refresh_from_db()
    logger.info("report job %s retried by %s (attempt %s)", job.pk, actor, locked.attempts)
    return locked


def report_job_fail(*, job_pk: int, message: str) -> None:
    """Mark a job failed with a message people can read (used by the task and the queue)."""
    ReportJob.objects.filter(pk=job_pk).exclude(status=ReportJob.Status.DONE).update(
        status=ReportJob.Status.FAILED, error=message, finished_at=timezone.now()
    )


def report_jobs_expire(*, requested_by_id: int | None = None) -> int:
    """Fail the jobs queued or running longer than REPORT_JOB_TIMEOUT_SECONDS, so that nothing
    stays "sedang dibuat" forever after a worker died; returns how many were failed.

    Run by the periodic task scoring.report_jobs_expire (every job) and before a person's next
    report request (their own jobs). Never from a page view: the selectors already *show* such
    a job failed without writing.
    """
    deadline = report_job_deadline()
    jobs = ReportJob.objects.all()
    if requested_by_id is not None:
        jobs = jobs.filter(requested_by_id=requested_by_id)
    now = timezone.now()
    running = (
        jobs.filter(status=ReportJob.Status.RUNNING)
        .filter(Q(started_at__lt=deadline) | Q(started_at__isnull=True, created_at__lt=deadline))
        .update(status=ReportJob.Status.FAILED, error=str(TIMED_OUT_RUNNING), finished_at=now)
    )
    queued = jobs.filter(status=ReportJob.Status.QUEUED, created_at__lt=deadline).update(
        status=ReportJob.Status.FAILED, error=str(TIMED_OUT_QUEUED), finished_at=now
    )
    if running or queued:
        logger.warning("report jobs out of time: %s running, %s queued failed", running, queued)
    return running + queued


def _set_progress(job: ReportJob, value: int) -> None:
    job.progress = max(job.progress, min(99, value))
    job.save(update_fields=["progress"])


def _file_stem(job: ReportJob) -> str:
    a = job.assessment
    if a is None:
        return f"instansi-{timezone.localdate():%Y%m%d}"
    return f"{a.unit.code}-{a.cycle.year}"


def _render_assessment_pdf(job: ReportJob, progress: ProgressFn) -> bytes:
    from scoring.reports.context import assessment_report_context
    from scoring.reports.pdf import render_pdf, report_language

    assert job.assessment is not None  # noqa: S101 - ASSESSMENT_JOB_KINDS always carry one
    language = report_language(job.params.get("language"))
    with translation.override(language):  # numbers and verdict text in the report's language
        context = assessment_report_context(assessment=job.assessment)
    progress(40)
    return render_pdf("reports/assessment_pdf.html", context, language=language)


def _run_assessment_pdf(job: ReportJob, progress: ProgressFn) -> tuple[str, File[Any]]:
    data = _render_assessment_pdf(job, progress)
    progress(80)
    return f"Laporan-Hasil-Evaluasi-{_file_stem(job)}.pdf", ContentFile(data)


def _run_lke_xlsx(job: ReportJob, progress: ProgressFn) -> tuple[str, File[Any]]:
    from scoring.reports.xlsx import lke_workbook_bytes

    assert job.assessment is not None  # noqa: S101
    side = job.params.get("side", Side.UNIT)
    side = side if side in Side.values else Side.UNIT
    progress(40)
    data = lke_workbook_bytes(assessment=job.assessment, side=side)
    progress(80)
    suffix = "-TPI" if side == Side.TPI else ""
    return f"LKE-ZI-{_file_stem(job)}{suffix}.xlsx", ContentFile(data)


def _run_tpn_pack(job: ReportJob, progress: ProgressFn) -> tuple[str, File[Any]]:
    from scoring.reports.pack import PackFile, write_pack
    from scoring.reports.xlsx import lke_workbook_bytes
    from scoring.selectors.scores import answer_sets_for

    assessment = job.assessment
    assert assessment is not None  # noqa: S101
    stem = _file_stem(job)
    files = [
        PackFile(
            f"LKE-ZI-{stem}.xlsx", lke_workbook_bytes(assessment=assessment), "lke_workbook_unit"
        )
    ]
    tpi_answers = answer_sets_for(assessment=assessment)[Side.TPI]
    if tpi_answers.choices or tpi_answers.counts or tpi_answers.indices:
        files.append(
            PackFile(
                f"LKE-ZI-{stem}-TPI.xlsx",
                lke_workbook_bytes(assessment=assessment, side=Side.TPI),
                "lke_workbook_tpi",
            )
        )
    progress(20)
    files.append(
        PackFile(
            f"Laporan-Hasil-Evaluasi-{stem}.pdf", _render_assessment_pdf(job, progress), "report"
        )
    )
    progress(50)
    # Evidence can be large: spool to disk past 20 MB instead of holding the zip in memory.
    spool = tempfile.SpooledTemporaryFile(max_size=20 * 1024 * 1024)  # noqa: SIM115
    write_pack(
        assessment=assessment,
        files=files,
        target=spool,
        progress=lambda p: progress(50 + p * 40 // 100),
    )
    spool.seek(0)
    return f"Paket-TPN-{stem}.zip", File(spool)


def _institution_params(job: ReportJob) -> OverviewParams:
    year = job.params.get("year")
    return OverviewParams(year=int(year) if isinstance(year, int) else None)


def _run_institution_pdf(job: ReportJob, progress: ProgressFn) -> tuple[str, File[Any]]:
    from scoring.reports.context import institution_report_context
    from scoring.reports.pdf import render_pdf, report_language

    user = job.requested_by
    refuse_if(report_rules.institution_report_run_refusal(requester=user))
    assert user is not None  # noqa: S101 - refused above
    language = report_language(job.params.get("language"))
    with translation.override(language):
        context = institution_report_context(user=user, params=_institution_params(job))
    progress(40)
    data = render_pdf("reports/institution_pdf.html", context, language=language)
    progress(80)
    return f"Ringkasan-Instansi-{_file_stem(job)}.pdf", ContentFile(data)


def _run_overview_xlsx(job: ReportJob, progress: ProgressFn) -> tuple[str, File[Any]]:
    from scoring.reports.xlsx import overview_workbook_bytes

    user = job.requested_by
    refuse_if(report_rules.institution_report_run_refusal(requester=user))
    assert user is not None  # noqa: S101 - refused above
    overview = institution_overview(user=user, params=_institution_params(job))
    progress(50)
    return f"Ikhtisar-Instansi-{_file_stem(job)}.xlsx", ContentFile(
        overview_workbook_bytes(overview=overview)
    )


def _run_survey(job: ReportJob, progress: ProgressFn) -> tuple[str, File[Any]]:
    from scoring.reports.pdf import render_pdf, report_language
    from scoring.surveys.models import SurveyPeriod
    from scoring.surveys.report import survey_report_context, survey_xlsx_bytes

    period = SurveyPeriod.objects.select_related("unit").get(
        pk=int(job.params.get("period", 0)), unit_id=cast(int, job.unit_id)
    )
    stem = f"Hasil-Survei-{period.unit.code}-{period.label}"
    language = report_language(job.params.get("language"))
    with translation.override(language):
        if job.kind == ReportJob.Kind.SURVEY_XLSX:
            progress(40)
            return f"{stem}.xlsx", ContentFile(survey_xlsx_bytes(period))
        context = survey_report_context(period)
    progress(40)
    return f"{stem}.pdf", ContentFile(
        render_pdf("surveys/report_pdf.html", context, language=language)
    )


def _run_monev(job: ReportJob, progress: ProgressFn) -> tuple[str, File[Any]]:
    from scoring.plans.monev.models import MonevReport
    from scoring.plans.monev.report import monev_filename, monev_report_context, monev_xlsx_bytes
    from scoring.reports.pdf import render_pdf, report_language

    report = MonevReport.objects.select_related("signed_off_by").get(
        pk=int(job.params.get("monev", 0)), assessment_id=cast(int, job.assessment_id)
    )
    language = report_language(job.params.get("language"))
    with translation.override(language):
        progress(40)
        if job.kind == ReportJob.Kind.MONEV_XLSX:
            return monev_filename(report, "xlsx"), ContentFile(monev_xlsx_bytes(report))
        context = monev_report_context(report)
    return monev_filename(report, "pdf"), ContentFile(
        render_pdf("monev/report_pdf.html", context, language=language)
    )


RENDERERS: dict[str, Callable[[ReportJob, ProgressFn], tuple[str, File[Any]]]] = {
    ReportJob.Kind.ASSESSMENT_PDF: _run_assessment_pdf,
    ReportJob.Kind.LKE_XLSX: _run_lke_xlsx,
    ReportJob.Kind.TPN_PACK: _run_tpn_pack,
    ReportJob.Kind.INSTITUTION_PDF: _run_institution_pdf,
    ReportJob.Kind.OVERVIEW_XLSX: _run_overview_xlsx,
    ReportJob.Kind.SURVEY_PDF: _run_survey,
    ReportJob.Kind.SURVEY_XLSX: _run_survey,
    ReportJob.Kind.MONEV_PDF: _run_monev,
    ReportJob.Kind.MONEV_XLSX: _run_monev,
}


def report_job_run(*, job_pk: int) -> None:
    """Render the job's file and store it (running 10 -> 40 -> 80 -> done 100), or fail it.

    Never raises: in eager mode this runs inside the request that asked for the report, and a
    failure must end as a failed job the page can show, not as a 500.
    """
    job = (
        ReportJob.objects.select_related(
            "assessment", "assessment__unit", "assessment__cycle", "assessment__framework",
            "requested_by",
        )
        .filter(pk=job_pk)
        .first()
    )  # fmt: skip
    if job is None or job.status == ReportJob.Status.DONE:
        return
    job.status = ReportJob.Status.RUNNING
    job.progress = 10
    job.error = ""
    job.started_at = timezone.now()
    job.save(update_fields=["status", "progress", "error", "started_at"])
    try:
        name, content = RENDERERS[job.kind](job, lambda p: _set_progress(job, p))
        try:
            job.file.save(name, content, save=False)
        finally:
            content.close()
        job.filename = name
        job.status = ReportJob.Status.DONE
        job.progress = 100
        job.finished_at = timezone.now()
        job.save(update_fields=["file", "filename", "status", "progress", "finished_at"])
    except Exception as exc:
        logger.exception("report job %s (%s) failed", job_pk, job.kind)
        detail = str(exc) or type(exc).__name__
        report_job_fail(
            job_pk=job_pk, message=_("Laporan gagal dibuat: %(error)s") % {"error": detail}
        )
