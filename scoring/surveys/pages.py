"""What the survey views render: the public notices, the unit page, the period page."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext as _

from scoring.surveys import selectors, services
from scoring.surveys.device import mark_answered
from scoring.surveys.forms import PeriodForm, QuestionnaireForm
from scoring.surveys.instrument import instrument
from scoring.surveys.models import SurveyPeriod
from scoring.surveys.presenters import block_view, points_view
from zi_portal.models import Unit
from zi_portal.refusals import Refused

# The questionnaire's form is about 1 KB; anything far larger is refused before it is parsed
# (the project's RequestBodyLimitMiddleware already stops anonymous bodies over 1 MB).
QUESTIONNAIRE_MAX_BYTES = 16 * 1024


def body_too_large(request: HttpRequest) -> bool:
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0) > QUESTIONNAIRE_MAX_BYTES
    except ValueError:
        return True


def _notices() -> dict[str, str]:
    return {
        "survey_thanks": _("Terima kasih, jawaban Anda sudah kami terima."),
        "survey_already_answered": _(
            "Terima kasih, Anda sudah mengisi survei periode ini dari perangkat ini."
        ),
        "survey_cookie_tampered": _(
            "Penanda perangkat di peramban Anda tidak sah. Hapus cookie situs ini lalu buka "
            "kembali tautan survei."
        ),
    }


def notice(
    request: HttpRequest,
    period: SurveyPeriod,
    code: str,
    *,
    status: int,
    message: str | Promise | None = None,
) -> HttpResponse:
    """The questionnaire's one-message page (thanks, already answered, closed, refused)."""
    text = message if message is not None else _notices()[code]
    ctx = {"period": period, "code": code, "message": text}
    response = render(request, "surveys/notice.html", ctx, status=status)
    if status >= 400 or code == "survey_already_answered":
        response["X-Refusal-Code"] = code
    return response


def client_address(request: HttpRequest) -> str:
    """The client's address as the login lockout sees it (the trusted proxy's forwarded entry
    when DJANGO_BEHIND_PROXY is on, else REMOTE_ADDR)."""
    resolve = getattr(settings, "AXES_CLIENT_IP_CALLABLE", None)
    address = resolve(request) if callable(resolve) else None
    return str(address or request.META.get("REMOTE_ADDR", ""))


def submit(
    request: HttpRequest, period: SurveyPeriod, form: QuestionnaireForm, *, answered_before: bool
) -> HttpResponse:
    """Store a valid response, mark the device, go to the thanks page; a refusal is a notice."""
    try:
        services.survey_response_submit(
            period=period,
            answers=form.answers(),
            profile=form.profile(),
            address=client_address(request),
            answered_before=answered_before,
        )
    except Refused as exc:
        status = {"survey_rate_limited": 429, "survey_already_answered": 409}.get(exc.code, 410)
        return notice(request, period, exc.code, status=status, message=str(exc))
    response = redirect("surveys_public:thanks", survey_code=period.code)
    mark_answered(response, period)
    return response


def unit_page(request: HttpRequest, unit: Unit, form: PeriodForm) -> dict[str, Any]:
    trend = [
        {"period": p, "blocks": [block_view(b, p) for b in blocks]}
        for p, blocks in selectors.unit_trend(unit)
    ]
    return {
        "unit": unit,
        "trend": trend,
        "form": form,
        "may_manage": selectors.may_manage(user=request.user, unit=unit),
        "inst": instrument(),
    }


def period_page(request: HttpRequest, period: SurveyPeriod) -> dict[str, Any]:
    public_url = request.build_absolute_uri(reverse("surveys_public:form", args=[period.code]))
    target = selectors.apply_target(user=request.user, unit=period.unit)
    weights = selectors.question_weights(target)
    blocks = []
    for b in selectors.period_results(period):
        view = block_view(b, period)
        weight = weights.get(b.survey.question_code)
        view["score"] = points_view(b, weight) if weight is not None else None
        blocks.append(view)
    return {
        "period": period,
        "unit": period.unit,
        "public_url": public_url,
        "blocks": blocks,
        "inst": instrument(period.instrument_version),
        "target": target,
        "may_manage": selectors.may_manage(user=request.user, unit=period.unit),
        "trend": [
            {"period": p, "blocks": [block_view(b, p) for b in blocks]}
            for p, blocks in selectors.unit_trend(period.unit)
        ],
    }


def public_results_page(period: SurveyPeriod) -> dict[str, Any]:
    """The published results: the period's blocks and the trend of the unit's published periods."""
    trend = [
        {"period": p, "blocks": [block_view(b, p) for b in blocks]}
        for p, blocks in selectors.unit_trend(period.unit)
        if p.public_results
    ]
    return {
        "period": period,
        "unit": period.unit,
        "blocks": [block_view(b, period) for b in selectors.period_results(period)],
        "inst": instrument(period.instrument_version),
        "trend": trend,
        "public": True,
    }
