"""Shared HTTP helpers of every app: the acting user, the one 403 page, the htmx request type."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import User
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django_htmx.middleware import HtmxDetails


class HtmxHttpRequest(HttpRequest):
    """A request that went through django_htmx's middleware."""

    htmx: HtmxDetails


def acting_user(request: HttpRequest) -> User:
    """The signed-in user: LoginRequiredMiddleware guarantees one on every view that writes."""
    user = request.user
    assert isinstance(user, User)  # noqa: S101 - guaranteed by LoginRequiredMiddleware
    return user


def forbidden(request: HttpRequest, reason: str, *, assessment: Any = None) -> HttpResponse:
    """The one 403 page: what was refused and why, with a way back to the assessment."""
    return render(
        request,
        "403.html",
        {"reason": reason, "assessment": assessment},
        status=403,
    )
