"""Shared HTTP helpers of every app: the acting user, the one 403 page, the htmx request type."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import User
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django_htmx.middleware import HtmxDetails

from zi_portal.refusals import Refused


class HtmxHttpRequest(HttpRequest):
    """A request that went through django_htmx's middleware."""

    htmx: HtmxDetails


def acting_user(request: HttpRequest) -> User:
    """The signed-in user: LoginRequiredMiddleware guarantees one on every view that writes."""
    user = request.user
    assert isinstance(user, User)  # noqa: S101 - guaranteed by LoginRequiredMiddleware
    return user


def forbidden(
    request: HttpRequest, reason: str, *, assessment: Any = None, code: str = ""
) -> HttpResponse:
    """The one 403 page: what was refused and why, with a way back to the assessment.

    `code` is the refusal's stable code (docs/rules.md): shown to programs as the X-Refusal-Code
    header and the reason's data-refusal-code attribute.
    """
    response = render(
        request,
        "403.html",
        {"reason": reason, "assessment": assessment, "code": code},
        status=403,
    )
    if code:
        # A plain str: WSGI servers refuse a str subclass header value (the StrEnum codes).
        response["X-Refusal-Code"] = str(code)
    return response


def refused(request: HttpRequest, exc: Refused) -> HttpResponse:
    """The 403 page for a refusal raised by a service (zi_portal.middleware calls this)."""
    return forbidden(request, str(exc), assessment=exc.assessment, code=exc.code)
