"""One response per device and period: a signed cookie set after the response is stored."""

from __future__ import annotations

import datetime
from enum import Enum

from django.conf import settings
from django.http import HttpRequest, HttpResponse

from scoring.surveys.models import SurveyPeriod

SALT = "scoring.surveys.answered"


class Mark(Enum):
    NONE = "none"
    ANSWERED = "answered"
    TAMPERED = "tampered"


def cookie_name(period: SurveyPeriod) -> str:
    return f"zis_{period.code}"


def device_mark(request: HttpRequest, period: SurveyPeriod) -> Mark:
    """Whether this browser answered the period; a cookie with a bad signature is TAMPERED."""
    name = cookie_name(period)
    if name not in request.COOKIES:
        return Mark.NONE
    value = request.get_signed_cookie(name, default=None, salt=SALT)
    return Mark.ANSWERED if value == period.code else Mark.TAMPERED


def mark_answered(response: HttpResponse, period: SurveyPeriod) -> None:
    expires = datetime.datetime.combine(
        period.ends_on + datetime.timedelta(days=1), datetime.time.min, tzinfo=datetime.UTC
    )
    response.set_signed_cookie(
        cookie_name(period),
        period.code,
        salt=SALT,
        expires=expires,
        httponly=True,
        samesite="Lax",
        secure=not settings.DEBUG,
    )
