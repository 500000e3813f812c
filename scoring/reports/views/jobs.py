"""Report jobs: request, poll (htmx), download, retry."""

from __future__ import annotations

import logging

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_htmx.http import HttpResponseStopPolling

from scoring.models import ReportJob
from scoring.reports.selectors.jobs import (
    ASSESSMENT_JOB_KINDS,
    SURVEY_JOB_KINDS,
    report_job_get_for_user,
)
from scoring.reports.services import report_request, report_retry
from scoring.surveys.report import EVIDENCE_CODES
from zi_portal.http import HtmxHttpRequest
from zi_portal.selectors import assessment_get_for_user

FRAGMENT = "reports/_job_status.html"
logger = logging.getLogger(__name__)


def job_context(job: ReportJob) -> dict[str, object]:
    """The fragment's context: a finished survey results file offers its evidence buttons."""
    done_survey = job.kind in SURVEY_JOB_KINDS and job.status == ReportJob.Status.DONE
    return {"job": job, "attach_codes": EVIDENCE_CODES if done_survey else ()}


def _job_response(request: HtmxHttpRequest, job: ReportJob) -> HttpResponse:
    if not request.htmx:
        return redirect("reports:job", job_pk=job.pk)
    return render(request, FRAGMENT, job_context(job))


@require_POST
def assessment_report_request(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    assessment, _access = assessment_get_for_user(user=request.user, pk=pk)
    kind = request.POST.get("kind", "")
    if kind not in ASSESSMENT_JOB_KINDS:
        messages.error(request, _("Jenis laporan tidak dikenal."))
        return redirect("reports:dashboard", pk=assessment.pk)
    params = {"side": "tpi"} if request.POST.get("side") == "tpi" else {}
    job = report_request(actor=request.user, kind=kind, assessment=assessment, params=params)
    return _job_response(request, job)


@require_POST
def institution_report_request(request: HtmxHttpRequest) -> HttpResponse:
    # The service refuses those who are not instansi viewers (the 403 page, not_instansi_viewer).
    year = request.POST.get("tahun", "")
    job = report_request(
        actor=request.user,
        kind=ReportJob.Kind.INSTITUTION_PDF,
        params={"year": int(year)} if year.isdigit() else {},
    )
    return _job_response(request, job)


def job_status(request: HtmxHttpRequest, job_pk: int) -> HttpResponse:
    """The job page, or its status fragment for htmx polling (stops once done or failed).

    Read only: a job out of time comes from the selector shown failed, nothing is saved here.
    """
    job = report_job_get_for_user(user=request.user, pk=job_pk)
    if not request.htmx:
        return render(request, "reports/job_page.html", job_context(job))
    html = render_to_string(FRAGMENT, job_context(job), request=request)
    if job.status in (ReportJob.Status.DONE, ReportJob.Status.FAILED):
        return HttpResponseStopPolling(html)
    return HttpResponse(html)


def job_download(request: HttpRequest, job_pk: int) -> HttpResponseBase:
    job = report_job_get_for_user(user=request.user, pk=job_pk)
    if job.status != ReportJob.Status.DONE:
        raise Http404
    try:
        if not job.file.name:
            raise FileNotFoundError(job.pk)
        fh = job.file.open("rb")
    except FileNotFoundError:
        # The row says done but the file is gone: a 404 that offers to make it again.
        logger.error("report job %s: stored file missing (%s)", job.pk, job.file.name)
        return render(request, "reports/job_file_missing.html", {"job": job}, status=404)
    # Streamed from private storage (local disk or S3) through this permission-checked view.
    response = FileResponse(fh, as_attachment=True, filename=job.filename)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


@require_POST
def job_retry(request: HtmxHttpRequest, job_pk: int) -> HttpResponse:
    job = report_job_get_for_user(user=request.user, pk=job_pk)
    try:
        job = report_retry(actor=request.user, job=job)
    except ValidationError as exc:
        messages.warning(request, " ".join(exc.messages))
    return _job_response(request, job)
