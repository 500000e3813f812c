"""DRF authentication by personal API token: "Authorization: Bearer <token>" (or "Token")."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework.authentication import BaseAuthentication
from rest_framework.exceptions import AuthenticationFailed
from rest_framework.request import Request

from scoring.api.models import ApiToken
from scoring.api.selectors import token_active
from scoring.api.services import token_touch
from scoring.api.tokens import token_from_header


class ApiTokenAuthentication(BaseAuthentication):
    """A token header that names no active token is a 401, never a fall back to the session."""

    def authenticate(self, request: Request) -> tuple[Any, ApiToken] | None:
        token = token_from_header(request.META.get("HTTP_AUTHORIZATION", ""))
        if token is None:
            return None
        row = token_active(token)
        if row is None:
            raise AuthenticationFailed(_("Token API tidak sah atau sudah dicabut."))
        token_touch(token=row)
        return row.user, row

    def authenticate_header(self, request: Request) -> str:
        return 'Bearer realm="api"'


def request_has_active_token(request: HttpRequest) -> bool:
    """Whether the request carries an active API token (the request-body cap treats it as
    signed in; settings.REQUEST_BODY_SIGNED_IN_CHECKS names this function)."""
    token = token_from_header(request.META.get("HTTP_AUTHORIZATION", ""))
    return bool(token) and token_active(str(token)) is not None


class ApiTokenScheme(OpenApiAuthenticationExtension):
    """The token as the OpenAPI schema describes it (a bearer token)."""

    target_class = "scoring.api.authentication.ApiTokenAuthentication"
    name = "apiToken"

    def get_security_definition(self, auto_schema: Any) -> dict[str, str]:
        return {
            "type": "http",
            "scheme": "bearer",
            "description": "Token API dari /profil/token-api/ (zi_<awalan>_<rahasia>).",
        }
