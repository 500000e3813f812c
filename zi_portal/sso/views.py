"""Single sign-on pages: the start, the provider's callback, and the logout that ends both."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from zi_portal.sso import flow
from zi_portal.sso.provider import ProviderUnavailable


def _enabled_or_404() -> None:
    if not settings.ZI_OIDC_ENABLED:
        raise Http404


def _back_to_login(request: HttpRequest, message: str) -> HttpResponse:
    messages.error(request, message)
    return redirect(settings.LOGIN_URL)


def _unavailable() -> str:
    return _(
        "Penyedia SSO tidak dapat dihubungi saat ini. Coba lagi nanti atau masuk dengan kata sandi."
    )


@login_not_required
@require_GET
def start(request: HttpRequest) -> HttpResponse:
    _enabled_or_404()
    try:
        return flow.start(request)
    except ProviderUnavailable:
        return _back_to_login(request, _unavailable())


@login_not_required
@require_GET
def callback(request: HttpRequest) -> HttpResponse:
    """A refused person gets the 403 page with the reason (zi_portal.middleware)."""
    _enabled_or_404()
    try:
        user = flow.user_from_callback(request)
    except flow.SsoCancelled:
        return _back_to_login(request, _("Masuk lewat SSO dibatalkan atau ditolak penyedia SSO."))
    except ProviderUnavailable:
        return _back_to_login(request, _unavailable())
    return redirect(flow.sign_in(request, user))


class LogoutView(auth_views.LogoutView):
    """The portal's logout; after an SSO login, then the provider's own logout."""

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        provider_url = flow.provider_logout_url(request)  # read before the session is flushed
        response = super().post(request, *args, **kwargs)
        return redirect(provider_url) if provider_url else response
