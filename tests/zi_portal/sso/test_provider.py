"""Where the provider's endpoints come from: explicit settings, or discovery read once."""

from __future__ import annotations

import os
import subprocess
import sys
from typing import Any

import pytest
import requests
from django.conf import settings as django_settings
from django.test import Client

from tests.factories import UserFactory
from tests.zi_portal.sso.conftest import Provider, sign_in_at_provider
from zi_portal.sso import provider

pytestmark = [pytest.mark.oidc, pytest.mark.django_db]


def test_discovery_is_read_once_and_cached(
    sso: Provider, client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    reads: list[str] = []
    real_get = requests.get

    def counting_get(url: str, *args: Any, **kwargs: Any) -> Any:
        if url.endswith("/.well-known/openid-configuration"):
            reads.append(url)
        return real_get(url, *args, **kwargs)

    monkeypatch.setattr(provider.requests, "get", counting_get)
    UserFactory(username="sari", email="sari@instansi.go.id")
    sso.set_user("sari-sub", {"email": "sari@instansi.go.id"})

    sign_in_at_provider(client, sso, "sari-sub")
    client.post("/keluar/")
    sign_in_at_provider(client, sso, "sari-sub")

    assert reads == [f"{sso.url}/.well-known/openid-configuration"]
    found = provider.endpoints()
    assert found.token == f"{sso.url}/oauth2/token"
    assert found.end_session == f"{sso.url}/oauth2/end_session"


def test_explicit_endpoints_need_no_issuer_and_without_end_session_logout_stays_local(
    sso: Provider, client: Client, settings: Any
) -> None:
    settings.ZI_OIDC_ISSUER = ""
    settings.OIDC_OP_AUTHORIZATION_ENDPOINT = f"{sso.url}/oauth2/authorize"
    settings.OIDC_OP_TOKEN_ENDPOINT = f"{sso.url}/oauth2/token"
    settings.OIDC_OP_USER_ENDPOINT = f"{sso.url}/userinfo"
    settings.OIDC_OP_JWKS_ENDPOINT = f"{sso.url}/jwks"
    settings.ZI_OIDC_END_SESSION_ENDPOINT = ""
    user = UserFactory(username="sari", email="sari@instansi.go.id")
    sso.set_user("sari-sub", {"email": "sari@instansi.go.id"})

    assert sign_in_at_provider(client, sso, "sari-sub").status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)

    response = client.post("/keluar/")
    assert response["Location"] == "/masuk/"
    assert "_auth_user_id" not in client.session


def test_a_missing_endpoint_is_named(settings: Any) -> None:
    settings.ZI_OIDC_ISSUER = ""
    settings.OIDC_OP_AUTHORIZATION_ENDPOINT = "https://sso.example/auth"

    with pytest.raises(provider.ProviderUnavailable, match="ZI_OIDC_ISSUER"):
        provider.endpoints()


def _settings_in_subprocess(**env: str) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("ZI_OIDC_")}
    code = "import django; django.setup(); from django.conf import settings; "
    code += "print(settings.ZI_OIDC_ENABLED, settings.ZI_OIDC_MATCH_CLAIM)"
    return subprocess.run(
        [sys.executable, "-c", code],
        env={**clean, "DJANGO_SETTINGS_MODULE": "zi_portal.settings", **env},
        cwd=str(django_settings.BASE_DIR),
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_settings_turn_sso_on_only_when_configured_and_fail_clearly_when_half_done() -> None:
    off = _settings_in_subprocess()
    assert off.returncode == 0, off.stderr
    assert off.stdout.split() == ["False", "email"]

    on = _settings_in_subprocess(
        ZI_OIDC_CLIENT_ID="zi-portal",
        ZI_OIDC_ISSUER="https://sso.example.go.id/realms/instansi",
        ZI_OIDC_MATCH_CLAIM="nip",
    )
    assert on.returncode == 0, on.stderr
    assert on.stdout.split() == ["True", "nip"]

    half = _settings_in_subprocess(ZI_OIDC_CLIENT_ID="zi-portal")
    assert half.returncode != 0
    assert "ZI_OIDC_CLIENT_ID needs ZI_OIDC_ISSUER" in half.stderr
