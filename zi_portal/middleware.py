"""Request middleware of the portal."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_cache_control


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


class PrivatePagesNotStoredMiddleware:
    """Pages of a signed-in user answer ``Cache-Control: private, no-store``.

    A shared computer's back button or disk cache, or a proxy, must never keep a unit's answers,
    scores or documents after the person signs out. Public views (marked login_not_required: the
    ZI pages under /zi/, the login page, health) keep whatever caching they set; so does any view
    that sets Cache-Control itself. Static files never get here (whitenoise answers first).
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if getattr(request, "_zi_public_view", False) or response.has_header("Cache-Control"):
            return response
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            patch_cache_control(response, private=True, no_store=True)
        return response

    def process_view(
        self,
        request: HttpRequest,
        view_func: Callable[..., HttpResponse],
        view_args: object,
        view_kwargs: object,
    ) -> None:
        # LoginRequiredMiddleware's own marker for views anyone may see.
        request._zi_public_view = not getattr(view_func, "login_required", True)  # type: ignore[attr-defined]
