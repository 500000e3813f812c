"""A survey period's results files through the report jobs: request, list, attach as evidence."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from scoring.reports.selectors.jobs import (
    SURVEY_JOB_KINDS,
    report_job_get_for_user,
    report_jobs_for_survey_period,
)
from scoring.reports.services import report_request
from scoring.reports.survey_jobs import survey_report_attach
from scoring.reports.views.jobs import FRAGMENT, job_context
from scoring.surveys.selectors import period_get_for_user
from zi_portal.http import HtmxHttpRequest, acting_user


@require_POST
def survey_report_request(request: HtmxHttpRequest, period_pk: int) -> HttpResponse:
    period = period_get_for_user(user=request.user, pk=period_pk)
    kind = request.POST.get("kind", "")
    if kind not in SURVEY_JOB_KINDS:
        messages.error(request, _("Jenis laporan tidak dikenal."))
        return redirect("surveys:period", period_pk=period.pk)
    job = report_request(
        actor=request.user, kind=kind, unit=period.unit, params={"period": period.pk}
    )
    if not request.htmx:
        return redirect("reports:job", job_pk=job.pk)
    return render(request, FRAGMENT, job_context(job))


def survey_report_jobs(request: HtmxHttpRequest, period_pk: int) -> HttpResponse:
    """The user's recent results files of the period (loaded into the period page)."""
    period = period_get_for_user(user=request.user, pk=period_pk)
    jobs = report_jobs_for_survey_period(user=request.user, period_pk=period.pk)
    return render(request, "surveys/_report_jobs.html", {"items": [job_context(j) for j in jobs]})


@require_POST
def survey_report_attach_view(request: HtmxHttpRequest, job_pk: int) -> HttpResponse:
    job = report_job_get_for_user(user=request.user, pk=job_pk)
    code = request.POST.get("question", "")
    try:
        evidence = survey_report_attach(actor=acting_user(request), job=job, question_code=code)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request,
            _("%(title)s dilampirkan ke %(code)s.") % {"title": evidence.title, "code": code},
        )
    return redirect("surveys:period", period_pk=job.params.get("period"))
