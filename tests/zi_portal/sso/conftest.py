"""A real OpenID provider on 127.0.0.1 (oidc-provider-mock, in a thread) for the SSO tests.

The portal side runs in the Django test client; its server-to-server calls (discovery, token,
userinfo, keys) reach the provider over HTTP. What a browser would do on the provider's pages
(pick a subject, confirm the logout) is done with a requests session. No internet is needed.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
import requests
from django.test import Client
from oidc_provider_mock import app as provider_app
from werkzeug.serving import make_server

from zi_portal.sso.provider import forget_discovery

CLIENT_ID = "zi-portal"


@dataclass
class Provider:
    url: str

    def set_user(self, sub: str, claims: dict[str, Any]) -> None:
        """The claims the provider hands out for `sub` (its userinfo answer)."""
        requests.put(f"{self.url}/users/{sub}", json=claims, timeout=5).raise_for_status()

    def approve(self, authorize_url: str, sub: str) -> str:
        """Sign in at the provider as `sub`; the URL it sends the browser back to."""
        response = requests.post(authorize_url, data={"sub": sub}, allow_redirects=False, timeout=5)
        assert response.status_code == 302, response.text[:500]
        return str(response.headers["Location"])


@pytest.fixture(scope="session")
def oidc_provider() -> Iterator[Provider]:
    # The provider speaks plain http on the loopback interface only.
    os.environ["AUTHLIB_INSECURE_TRANSPORT"] = "1"
    server = make_server("127.0.0.1", 0, provider_app(require_nonce=True), threaded=True)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05})
    thread.daemon = True
    thread.start()
    try:
        yield Provider(url=f"http://127.0.0.1:{server.server_port}")
    finally:
        server.shutdown()
        thread.join(5)
        server.server_close()


@pytest.fixture
def sso(oidc_provider: Provider, settings: Any) -> Provider:
    """Single sign-on on, discovered from the local provider, matching by e-mail."""
    settings.ZI_OIDC_ENABLED = True
    settings.ZI_OIDC_ISSUER = oidc_provider.url
    settings.OIDC_RP_CLIENT_ID = CLIENT_ID
    settings.OIDC_RP_CLIENT_SECRET = "rahasia-uji"
    settings.ZI_OIDC_MATCH_CLAIM = "email"
    settings.ZI_OIDC_CREATE_USERS = False
    settings.ZI_OIDC_BUTTON_LABEL = "Keycloak Instansi"
    forget_discovery()
    return oidc_provider


def sign_in_at_provider(client: Client, provider: Provider, sub: str, next_url: str = "") -> Any:
    """Press "Masuk dengan SSO", sign in at the provider, and return the callback's response."""
    start = client.get("/sso/masuk/" + (f"?next={next_url}" if next_url else ""))
    assert start.status_code == 302
    assert start["Location"].startswith(f"{provider.url}/oauth2/authorize?")
    back = urlsplit(provider.approve(start["Location"], sub))
    assert back.path == "/sso/kembali/", back
    assert "code" in parse_qs(back.query)
    return client.get(back.path, parse_qs(back.query))
