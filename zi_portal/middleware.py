"""Request middleware of the portal."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse


class IndonesianByDefaultMiddleware:
    """Bahasa Indonesia unless the user picked another language with the switch.

    Django's LocaleMiddleware would follow the browser's Accept-Language, so a civil servant
    whose browser happens to be set to English would get an English portal they never chose.
    Dropping the header leaves the language cookie (the switch) or LANGUAGE_CODE ("id").
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request.META.pop("HTTP_ACCEPT_LANGUAGE", None)
        return self.get_response(request)
