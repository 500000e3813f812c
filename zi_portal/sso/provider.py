"""The identity provider's endpoints: given explicitly, or discovered once from the issuer.

With ZI_OIDC_ISSUER the portal reads `<issuer>/.well-known/openid-configuration` the first time a
login or logout needs it (not while settings load, so `migrate` and the workers never wait on the
provider) and keeps the answer for the life of the process. A failed discovery is not kept: the
person sees "the SSO provider cannot be reached" and the next attempt asks again. An endpoint given
explicitly (ZI_OIDC_AUTHORIZATION_ENDPOINT and friends) wins over the discovered one.
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass
from typing import Any

import requests
from django.conf import settings

logger = logging.getLogger(__name__)

_REQUIRED = ("authorization_endpoint", "token_endpoint", "userinfo_endpoint", "jwks_uri")
_SETTINGS = {
    "authorization_endpoint": "OIDC_OP_AUTHORIZATION_ENDPOINT",
    "token_endpoint": "OIDC_OP_TOKEN_ENDPOINT",
    "userinfo_endpoint": "OIDC_OP_USER_ENDPOINT",
    "jwks_uri": "OIDC_OP_JWKS_ENDPOINT",
    "end_session_endpoint": "ZI_OIDC_END_SESSION_ENDPOINT",
}


class ProviderUnavailable(Exception):
    """The provider's discovery document could not be read or lacks an endpoint."""


@dataclass(frozen=True)
class Endpoints:
    authorization: str
    token: str
    userinfo: str
    jwks: str
    end_session: str  # "" when the provider offers no RP-initiated logout


_discovered: dict[str, dict[str, Any]] = {}
_lock = threading.Lock()


def _discover(issuer: str) -> dict[str, Any]:
    with _lock:
        if issuer in _discovered:
            return _discovered[issuer]
        url = issuer.rstrip("/") + "/.well-known/openid-configuration"
        try:
            response = requests.get(url, timeout=settings.OIDC_TIMEOUT)
            response.raise_for_status()
            document = response.json()
        except (requests.RequestException, ValueError) as exc:
            logger.error("OIDC discovery failed at %s: %s", url, exc)
            raise ProviderUnavailable(f"{url}: {exc}") from exc
        if not isinstance(document, dict):
            raise ProviderUnavailable(f"{url}: not a JSON object")
        _discovered[issuer] = document
        return document


def endpoints() -> Endpoints:
    """The endpoints the flow uses; ProviderUnavailable when they cannot be known."""
    explicit = {key: str(getattr(settings, name, "") or "") for key, name in _SETTINGS.items()}
    found: dict[str, Any] = {}
    if not all(explicit[key] for key in _REQUIRED):
        issuer = str(getattr(settings, "ZI_OIDC_ISSUER", "") or "")
        if not issuer:
            raise ProviderUnavailable("neither ZI_OIDC_ISSUER nor every endpoint is set")
        found = _discover(issuer)
    merged = {key: explicit[key] or str(found.get(key) or "") for key in _SETTINGS}
    missing = [key for key in _REQUIRED if not merged[key]]
    if missing:
        raise ProviderUnavailable("the provider names no " + ", ".join(missing))
    return Endpoints(
        authorization=merged["authorization_endpoint"],
        token=merged["token_endpoint"],
        userinfo=merged["userinfo_endpoint"],
        jwks=merged["jwks_uri"],
        end_session=merged["end_session_endpoint"],
    )


def forget_discovery() -> None:
    """Drop the cached discovery documents (tests; a provider that moved its endpoints)."""
    with _lock:
        _discovered.clear()
