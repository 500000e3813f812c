"""The code exchange and token checks of mozilla-django-oidc, with the portal's own matching.

Not listed in AUTHENTICATION_BACKENDS: only the SSO callback (zi_portal.sso.flow) calls it, so a
password login never touches the provider, and an SSO refusal is not a failed password login for
django-axes. The endpoints come from zi_portal.sso.provider (explicit or discovered).
"""

from __future__ import annotations

from typing import Any

import jwt
import requests
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import User
from django.core.exceptions import SuspiciousOperation
from mozilla_django_oidc.auth import OIDCAuthenticationBackend

from zi_portal.refusals import Refusal
from zi_portal.sso import rules
from zi_portal.sso.provider import endpoints
from zi_portal.sso.selectors import users_matching_claim
from zi_portal.sso.services import sso_user_create


class PortalOIDCBackend(OIDCAuthenticationBackend):
    """After authenticate(): `refusal` says why nobody was signed in, `claims` what came back."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        # The parent reads every endpoint from settings here; ours are resolved when used.
        self.UserModel = get_user_model()
        self.OIDC_RP_CLIENT_ID = settings.OIDC_RP_CLIENT_ID
        self.OIDC_RP_CLIENT_SECRET = settings.OIDC_RP_CLIENT_SECRET
        self.OIDC_RP_SIGN_ALGO = settings.OIDC_RP_SIGN_ALGO
        self.OIDC_RP_IDP_SIGN_KEY = None
        self.refusal: Refusal | None = None
        self.claims: dict[str, Any] = {}

    @property
    def OIDC_OP_TOKEN_ENDPOINT(self) -> str:  # the parent's attribute name
        return endpoints().token

    @property
    def OIDC_OP_USER_ENDPOINT(self) -> str:
        return endpoints().userinfo

    @property
    def OIDC_OP_JWKS_ENDPOINT(self) -> str:
        return endpoints().jwks

    def retrieve_matching_jwk(self, token: Any) -> Any:
        """A token without a key id is verified with the provider's only signing key (JOSE
        allows leaving `kid` out when there is one key); with several keys, `kid` must match."""
        if "kid" in jwt.get_unverified_header(token):
            return super().retrieve_matching_jwk(token)
        response = requests.get(self.OIDC_OP_JWKS_ENDPOINT, timeout=settings.OIDC_TIMEOUT)
        response.raise_for_status()
        keys = [k for k in response.json().get("keys", []) if k.get("use", "sig") == "sig"]
        if len(keys) != 1:
            raise SuspiciousOperation("The ID token names no key and the provider has several.")
        return jwt.PyJWK(keys[0])

    def get_or_create_user(self, access_token: str, id_token: str, payload: dict[str, Any]) -> Any:
        claims = self.get_userinfo(access_token, id_token, payload)
        self.claims = claims
        claim = str(settings.ZI_OIDC_MATCH_CLAIM)
        value = str(claims.get(claim) or "").strip()
        matches = list(users_matching_claim(claim=claim, value=value)[:2])
        may_create = bool(settings.ZI_OIDC_CREATE_USERS)
        self.refusal = rules.sso_login_refusal(
            claim=claim,
            value=value,
            matches=matches,
            may_create=may_create,
            verified=claims.get("email_verified") is not False,
        )
        if self.refusal is not None:
            return None
        if matches:
            return matches[0]
        return sso_user_create(claim=claim, value=value, claims=claims)

    def get_user(self, user_id: Any) -> User | None:
        return None  # sessions are restored by ModelBackend (the login names it)
