"""The admin's cycle start page (form, then confirmation, then the result) and the tim kerja's
confirmation of carried answers. Thin: rules, selectors, services."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from scoring.cycle import jobs, rules, selectors, services, tasks
from scoring.cycle.forms import CycleStartForm
from scoring.selectors.question import question_get
from zi_portal.http import acting_user
from zi_portal.refusals import refuse_if
from zi_portal.selectors import assessment_get_for_user


@require_http_methods(["GET", "POST"])
def cycle_start_page(request: HttpRequest) -> HttpResponse:
    refuse_if(rules.cycle_page_refusal(user=request.user))
    form = CycleStartForm(request.POST or None)
    context: dict[str, object] = {"form": form}
    if request.method == "POST" and form.is_valid():
        year, framework = form.cleaned_data["year"], form.cleaned_data["framework"]
        if not form.cleaned_data["confirmed"]:
            context["refusal"] = rules.cycle_start_refusal(
                user=request.user, year=year, framework=framework
            )
            context["plan"] = selectors.cycle_plan(user=request.user, year=year)
            return render(request, "scoring/cycle/start_confirm.html", context)
        job = jobs.cycle_start_job_create(
            actor=acting_user(request), year=year, framework=framework
        )
        tasks.cycle_start_enqueue(job.pk)
        return HttpResponseRedirect(reverse("scoring_cycle:job", args=[job.pk]))
    return render(request, "scoring/cycle/start.html", context)


@require_GET
def cycle_start_job(request: HttpRequest, job_pk: int) -> HttpResponse:
    """The background start's progress; the htmx fragment polls itself until done or failed.
    Someone else's job is 404 (not 403), so its number says nothing."""
    job = selectors.cycle_start_job_get(user=request.user, pk=job_pk)
    refuse_if(rules.cycle_page_refusal(user=request.user))
    if request.headers.get("HX-Request"):
        response = render(request, "scoring/cycle/_job.html", {"job": job})
        if job.status in ("done", "failed"):
            response.status_code = 286  # htmx: stop polling
        return response
    return render(request, "scoring/cycle/start_job.html", {"job": job})


@require_POST
def answers_confirm(request: HttpRequest, pk: int, code: str) -> HttpResponse:
    assessment, _access = assessment_get_for_user(user=request.user, pk=pk)
    question = question_get(assessment=assessment, code=code)
    questions = (
        selectors.indicator_questions(question=question)
        if request.POST.get("scope") == "indicator"
        else [question]
    )
    n = services.answers_confirm(
        actor=acting_user(request), assessment=assessment, questions=questions
    )
    messages.success(request, _("%(n)s jawaban dikonfirmasi.") % {"n": n})
    return HttpResponseRedirect(reverse("scoring:question", args=[assessment.pk, code]))
