"""The steps of an SSO login and logout around mozilla-django-oidc.

Start: mozilla-django-oidc's request view (state, nonce and PKCE kept in the session) with the
authorization endpoint from zi_portal.sso.provider. Callback: the state is checked here, the code
exchanged and the tokens verified by PortalOIDCBackend, and the person matched by the configured
claim (zi_portal.sso.rules). The login goes through django.contrib.auth.login with ModelBackend,
so the session is an ordinary portal session; django-axes records it in its AccessLog. Logout ends
the portal session, then sends the browser to the provider's end_session_endpoint with the
id_token_hint (RP-initiated logout) when the provider offers one.
"""

from __future__ import annotations

import logging
from urllib.parse import urlencode

import requests
from django.conf import settings
from django.contrib import auth
from django.contrib.auth.models import User
from django.core.exceptions import SuspiciousOperation
from django.http import HttpRequest, HttpResponse
from django.shortcuts import resolve_url
from mozilla_django_oidc.views import OIDCAuthenticationRequestView

from zi_portal.refusals import Refused
from zi_portal.sso.backend import PortalOIDCBackend
from zi_portal.sso.provider import ProviderUnavailable, endpoints
from zi_portal.sso.services import sso_login_record

logger = logging.getLogger(__name__)

ID_TOKEN_KEY = "oidc_id_token"  # noqa: S105 - a session key, not a secret; where mozilla-django-oidc keeps it (OIDC_STORE_ID_TOKEN)
MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"


class SsoCancelled(Exception):
    """The provider answered with an error (the person cancelled, or the client is refused)."""


class _RequestView(OIDCAuthenticationRequestView):
    def get(self, request: HttpRequest) -> HttpResponse:
        self.OIDC_OP_AUTH_ENDPOINT = endpoints().authorization
        response: HttpResponse = super().get(request)
        return response


def start(request: HttpRequest) -> HttpResponse:
    """The redirect to the provider's login page (ProviderUnavailable when it is unknown)."""
    return _RequestView.as_view()(request)


def _client_address(request: HttpRequest) -> str:
    return str(getattr(request, "axes_ip_address", "") or request.META.get("REMOTE_ADDR", ""))


def user_from_callback(request: HttpRequest) -> User:
    """The portal account the provider's answer points at; Refused with the reason otherwise."""
    states = request.session.get("oidc_states") or {}
    state = request.GET.get("state", "")
    entry = states.pop(state, None)
    request.session["oidc_states"] = states  # each state is used once, also on failure
    if request.GET.get("error"):
        raise SsoCancelled(request.GET["error"])
    if entry is None or not request.GET.get("code"):
        raise SuspiciousOperation("SSO callback without a state this session started")
    backend = PortalOIDCBackend()
    try:
        user = backend.authenticate(
            request, nonce=entry.get("nonce"), code_verifier=entry.get("code_verifier")
        )
    except requests.RequestException as exc:
        raise ProviderUnavailable(str(exc)) from exc
    if user is None:
        request.session.pop(ID_TOKEN_KEY, None)
        if backend.refusal is None:
            raise SuspiciousOperation("SSO tokens did not verify")
        logger.warning(
            "SSO login refused (%s) for %s=%r from %s",
            backend.refusal.code,
            settings.ZI_OIDC_MATCH_CLAIM,
            backend.claims.get(settings.ZI_OIDC_MATCH_CLAIM),
            _client_address(request),
        )
        raise Refused(backend.refusal)
    return user


def sign_in(request: HttpRequest, user: User) -> str:
    """Log the person in (an ordinary portal session) and return where to go next."""
    next_url = request.session.pop("oidc_login_next", None) or resolve_url(
        settings.LOGIN_REDIRECT_URL
    )
    auth.login(request, user, backend=MODEL_BACKEND)
    sso_login_record(user=user)
    logger.info("SSO login of %s from %s", user.get_username(), _client_address(request))
    return str(next_url)


def provider_logout_url(request: HttpRequest) -> str:
    """Where to send the browser after the portal's logout: the provider's end-session endpoint
    for an SSO session, "" for a password session or a provider without one."""
    id_token = request.session.get(ID_TOKEN_KEY)
    if not id_token or not settings.ZI_OIDC_ENABLED:
        return ""
    try:
        end_session = endpoints().end_session
    except ProviderUnavailable:
        return ""
    if not end_session:
        return ""
    query = urlencode(
        {
            "id_token_hint": id_token,
            "client_id": settings.OIDC_RP_CLIENT_ID,
            "post_logout_redirect_uri": request.build_absolute_uri(
                resolve_url(settings.LOGOUT_REDIRECT_URL)
            ),
        }
    )
    return f"{end_session}{'&' if '?' in end_session else '?'}{query}"
