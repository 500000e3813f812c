"""The public questionnaire (/s/<code>/, no login) and the unit's survey pages (/survei/...)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from scoring.surveys import rules, selectors, services
from scoring.surveys.device import Mark, device_mark
from scoring.surveys.forms import ApplyForm, PeriodForm, QuestionnaireForm
from scoring.surveys.import_pages import import_context
from scoring.surveys.imports import survey_responses_import
from scoring.surveys.instrument import instrument
from scoring.surveys.pages import (
    body_too_large,
    notice,
    period_page,
    public_results_page,
    submit,
    unit_page,
)
from scoring.surveys.qr import qr_svg
from zi_portal.http import acting_user
from zi_portal.refusals import refuse_if


@login_not_required
def questionnaire(request: HttpRequest, survey_code: str) -> HttpResponse:
    if body_too_large(request):
        return HttpResponse(status=413)
    period = selectors.period_public_get(code=survey_code)
    mark = device_mark(request, period)
    if mark is Mark.TAMPERED:
        return notice(request, period, "survey_cookie_tampered", status=400)
    closed = rules.survey_response_refusal(period=period, today=timezone.localdate())
    if closed is not None:
        return notice(request, period, closed.code, status=410, message=closed.message)
    inst = instrument(period.instrument_version)
    form = QuestionnaireForm(request.POST or None, period=period, inst=inst)
    if request.method == "POST" and form.is_valid():
        return submit(request, period, form, answered_before=mark is Mark.ANSWERED)
    if mark is Mark.ANSWERED:
        return notice(request, period, "survey_already_answered", status=200)
    status = 400 if request.method == "POST" else 200
    ctx = {"period": period, "form": form, "inst": inst}
    return render(request, "surveys/questionnaire.html", ctx, status=status)


@login_not_required
def thanks(request: HttpRequest, survey_code: str) -> HttpResponse:
    period = selectors.period_public_get(code=survey_code)
    return notice(request, period, "survey_thanks", status=200)


def unit_surveys(request: HttpRequest, unit_slug: str) -> HttpResponse:
    unit = selectors.unit_get_for_user(user=request.user, slug=unit_slug)
    return render(request, "surveys/unit.html", unit_page(request, unit, PeriodForm()))


@require_POST
def period_create(request: HttpRequest, unit_slug: str) -> HttpResponse:
    unit = selectors.unit_get_for_user(user=request.user, slug=unit_slug)
    form = PeriodForm(request.POST)
    if not form.is_valid():
        return render(request, "surveys/unit.html", unit_page(request, unit, form), status=400)
    services.survey_period_create(
        actor=acting_user(request),
        unit=unit,
        day=form.cleaned_data["day"],
        points=form.cleaned_data["points"],
    )
    return redirect("surveys:unit", unit_slug=unit.slug)


def period_results(request: HttpRequest, period_pk: int) -> HttpResponse:
    period = selectors.period_get_for_user(user=request.user, pk=period_pk)
    return render(request, "surveys/period.html", period_page(request, period))


def period_qr(request: HttpRequest, period_pk: int) -> HttpResponse:
    period = selectors.period_get_for_user(user=request.user, pk=period_pk)
    url = request.build_absolute_uri(reverse("surveys_public:form", args=[period.code]))
    return HttpResponse(qr_svg(url), content_type="image/svg+xml")


@require_POST
def period_apply(request: HttpRequest, period_pk: int) -> HttpResponse:
    period = selectors.period_get_for_user(user=request.user, pk=period_pk)
    form = ApplyForm(request.POST)
    assessment = selectors.apply_target(user=request.user, unit=period.unit)
    if not form.is_valid() or assessment is None:
        return render(request, "surveys/period.html", period_page(request, period), status=400)
    services.survey_apply(
        actor=acting_user(request),
        period=period,
        survey_key=form.cleaned_data["survey"],
        assessment=assessment,
        side=selectors.apply_side(user=request.user, assessment=assessment),
    )
    return redirect("surveys:period", period_pk=period.pk)


def period_import(request: HttpRequest, period_pk: int) -> HttpResponse:
    """Upload, map and preview, then apply (the preview asks the rule too: no file of a stranger
    is read)."""
    period = selectors.period_get_for_user(user=request.user, pk=period_pk)
    refuse_if(rules.survey_manage_refusal(user=request.user, unit=period.unit))
    ctx, plan = import_context(request, period)
    if plan is not None and plan.ok and "apply" in request.POST:
        made = survey_responses_import(actor=acting_user(request), period=period, plan=plan)
        messages.success(request, _("%(n)s respons diimpor.") % {"n": len(made)})
        return redirect("surveys:period", period_pk=period.pk)
    status = 400 if ("error" in ctx or (plan is not None and plan.problems)) else 200
    return render(request, "surveys/import.html", ctx, status=status)


@require_POST
def period_publish(request: HttpRequest, period_pk: int) -> HttpResponse:
    period = selectors.period_get_for_user(user=request.user, pk=period_pk)
    public = request.POST.get("public") == "1"
    services.survey_publish(actor=acting_user(request), period=period, public=public)
    return redirect("surveys:period", period_pk=period.pk)


@login_not_required
def public_results(request: HttpRequest, survey_code: str) -> HttpResponse:
    period = selectors.public_results_get(code=survey_code)
    return render(request, "surveys/public_results.html", public_results_page(period))
