"""The whole OpenID Connect flow against the local provider: sign-in, refusals, creation, logout."""

from __future__ import annotations

import logging
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
import requests
from auditlog.models import LogEntry
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib.auth.models import User
from django.test import Client

from tests.factories import PASSWORD, UserFactory
from tests.zi_portal.sso.conftest import Provider, sign_in_at_provider
from zi_portal.models import Membership
from zi_portal.sso.models import SsoProfile

pytestmark = [pytest.mark.oidc, pytest.mark.django_db]


def test_known_user_signs_in_end_to_end(sso: Provider, client: Client) -> None:
    user = UserFactory(username="sari", email="Sari.Dewi@Instansi.go.id")
    sso.set_user("sari-sub", {"email": "sari.dewi@instansi.go.id", "name": "Sari Dewi"})

    response = sign_in_at_provider(client, sso, "sari-sub", next_url="/kerangka/")

    assert response.status_code == 302
    assert response["Location"] == "/kerangka/"
    assert client.session["_auth_user_id"] == str(user.pk)
    assert client.session["oidc_id_token"].count(".") == 2  # kept for the provider's logout
    assert client.get("/").status_code == 200
    # Recorded like any login (axes' AccessLog), with the SSO callback as its path.
    log = AccessLog.objects.get(username="sari")
    assert log.path_info == "/sso/kembali/"
    profile = SsoProfile.objects.get(user=user)
    assert profile.last_sso_login is not None
    assert profile.created_by_sso is False


def test_unknown_user_is_refused_with_the_reason(
    sso: Provider, client: Client, caplog: pytest.LogCaptureFixture
) -> None:
    UserFactory(username="sari", email="sari@instansi.go.id")
    sso.set_user("tamu", {"email": "tamu@lain.go.id"})

    with caplog.at_level(logging.WARNING, logger="zi_portal.sso.flow"):
        response = sign_in_at_provider(client, sso, "tamu")

    assert response.status_code == 403
    assert response["X-Refusal-Code"] == "sso_unknown_account"
    text = response.content.decode()
    assert "Akun Anda belum terdaftar di portal; minta admin instansi" in text
    assert "tamu@lain.go.id" in text
    assert "_auth_user_id" not in client.session
    assert "oidc_id_token" not in client.session
    assert not User.objects.filter(email__iexact="tamu@lain.go.id").exists()
    assert "sso_unknown_account" in caplog.text
    assert "tamu@lain.go.id" in caplog.text


def test_refusal_reads_in_english_when_english_is_chosen(sso: Provider, client: Client) -> None:
    sso.set_user("tamu-en", {"email": "tamu-en@lain.go.id"})
    client.cookies["django_language"] = "en"

    response = sign_in_at_provider(client, sso, "tamu-en")

    assert response.status_code == 403
    assert "Your account is not registered in the portal" in response.content.decode()


def test_inactive_user_is_refused(sso: Provider, client: Client) -> None:
    UserFactory(username="pensiun", email="pensiun@instansi.go.id", is_active=False)
    sso.set_user("pensiun", {"email": "pensiun@instansi.go.id"})

    response = sign_in_at_provider(client, sso, "pensiun")

    assert response.status_code == 403
    assert response["X-Refusal-Code"] == "sso_account_inactive"
    assert "_auth_user_id" not in client.session


def test_creation_allowed_creates_a_user_without_memberships(
    sso: Provider, client: Client, settings: Any
) -> None:
    settings.ZI_OIDC_CREATE_USERS = True
    sso.set_user("baru", {"email": "Baru@Instansi.go.id", "given_name": "Budi"})

    response = sign_in_at_provider(client, sso, "baru")

    assert response.status_code == 302
    user = User.objects.get(email__iexact="baru@instansi.go.id")
    assert user.username == "baru@instansi.go.id"
    assert user.first_name == "Budi"
    assert not user.has_usable_password()
    assert not Membership.objects.filter(user=user).exists()
    assert client.session["_auth_user_id"] == str(user.pk)
    profile = SsoProfile.objects.get(user=user)
    assert profile.created_by_sso is True
    created = LogEntry.objects.get_for_object(profile).get()
    assert created.action == LogEntry.Action.CREATE
    assert created.actor == user
    # The next login finds the same account instead of creating another.
    client.post("/keluar/")
    sign_in_at_provider(client, sso, "baru")
    assert User.objects.filter(email__iexact="baru@instansi.go.id").count() == 1


def test_match_by_nip_claim(sso: Provider, client: Client, settings: Any) -> None:
    settings.ZI_OIDC_MATCH_CLAIM = "nip"
    user = UserFactory(username="andi", email="andi@instansi.go.id")
    SsoProfile.objects.create(user=user, nip="198501012010011001")
    # A different e-mail at the provider: the NIP decides.
    sso.set_user("andi-sub", {"email": "andi.lama@instansi.go.id", "nip": "198501012010011001"})

    response = sign_in_at_provider(client, sso, "andi-sub")

    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)


def test_missing_claim_is_refused(sso: Provider, client: Client, settings: Any) -> None:
    settings.ZI_OIDC_MATCH_CLAIM = "nip"
    UserFactory(username="tanpa", email="tanpa@instansi.go.id")
    sso.set_user("tanpa-nip", {"email": "tanpa@instansi.go.id"})

    response = sign_in_at_provider(client, sso, "tanpa-nip")

    assert response.status_code == 403
    assert response["X-Refusal-Code"] == "sso_claim_missing"


def test_logout_ends_the_portal_session_then_the_providers(sso: Provider, client: Client) -> None:
    UserFactory(username="sari", email="sari@instansi.go.id")
    sso.set_user("sari-sub", {"email": "sari@instansi.go.id"})
    sign_in_at_provider(client, sso, "sari-sub")
    id_token = client.session["oidc_id_token"]

    response = client.post("/keluar/")

    assert response.status_code == 302
    target = urlsplit(response["Location"])
    assert f"{target.scheme}://{target.netloc}{target.path}" == f"{sso.url}/oauth2/end_session"
    query = parse_qs(target.query)
    assert query["id_token_hint"] == [id_token]
    assert query["post_logout_redirect_uri"] == ["http://testserver/masuk/"]
    assert query["client_id"] == ["zi-portal"]
    # The portal session is gone: the home page asks for a login again.
    assert "_auth_user_id" not in client.session
    assert client.get("/")["Location"].startswith("/masuk/")
    # At the provider: its logout page, confirmed, leads back to the portal's login page.
    page = requests.get(response["Location"], timeout=5)
    assert page.status_code == 200
    confirm = requests.post(
        f"{sso.url}/oauth2/end_session/confirm",
        data={"redirect_uri": query["post_logout_redirect_uri"][0]},
        allow_redirects=False,
        timeout=5,
    )
    assert confirm.status_code == 302
    assert confirm.headers["Location"] == "http://testserver/masuk/"


def test_password_logout_stays_in_the_portal(sso: Provider, client: Client) -> None:
    client.force_login(UserFactory(username="lokal"))

    response = client.post("/keluar/")

    assert response.status_code == 302
    assert response["Location"] == "/masuk/"


def test_login_page_shows_the_button_only_when_enabled(
    sso: Provider, client: Client, settings: Any
) -> None:
    page = client.get("/masuk/").content.decode()
    assert "Masuk dengan SSO Keycloak Instansi" in page
    assert 'href="/sso/masuk/"' in page

    client.cookies["django_language"] = "en"
    assert "Sign in with SSO Keycloak Instansi" in client.get("/masuk/").content.decode()

    client.cookies["django_language"] = "id"
    settings.ZI_OIDC_ENABLED = False
    assert "Masuk dengan SSO" not in client.get("/masuk/").content.decode()
    assert client.get("/sso/masuk/").status_code == 404
    assert client.get("/sso/kembali/?code=x&state=y").status_code == 404


def test_cancel_at_the_provider_returns_to_the_login_page(sso: Provider, client: Client) -> None:
    start = client.get("/sso/masuk/")
    denied = requests.post(
        start["Location"], data={"action": "deny"}, allow_redirects=False, timeout=5
    )
    back = urlsplit(denied.headers["Location"])

    response = client.get(back.path, parse_qs(back.query), follow=True)

    assert response.redirect_chain[-1][0] == "/masuk/"
    assert "Masuk lewat SSO dibatalkan" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_unreachable_provider_says_so(sso: Provider, client: Client, settings: Any) -> None:
    from zi_portal.sso.provider import forget_discovery

    settings.ZI_OIDC_ISSUER = "http://127.0.0.1:9"  # discard port: nothing listens
    forget_discovery()

    response = client.get("/sso/masuk/", follow=True)

    assert response.redirect_chain[-1][0] == "/masuk/"
    assert "Penyedia SSO tidak dapat dihubungi" in response.content.decode()


def test_callback_with_a_foreign_state_is_a_bad_request(sso: Provider, client: Client) -> None:
    client.get("/sso/masuk/")

    response = client.get("/sso/kembali/", {"code": "x", "state": "bukan-milik-sesi"})

    assert response.status_code == 400


def test_unverified_email_opens_no_account(sso: Provider, client: Client) -> None:
    UserFactory(username="kepala", email="kepala@instansi.go.id")
    sso.set_user("penyusup", {"email": "kepala@instansi.go.id", "email_verified": False})

    response = sign_in_at_provider(client, sso, "penyusup")

    assert response.status_code == 403
    assert response["X-Refusal-Code"] == "sso_email_unverified"
    assert "_auth_user_id" not in client.session


def test_sso_refusals_are_no_password_failures_and_the_password_login_stays(
    sso: Provider, client: Client
) -> None:
    for n in range(6):  # more than AXES_FAILURE_LIMIT refusals from one address
        sso.set_user(f"tamu{n}", {"email": f"tamu{n}@lain.go.id"})
        assert sign_in_at_provider(client, sso, f"tamu{n}").status_code == 403
    assert AccessAttempt.objects.count() == 0
    assert AccessFailureLog.objects.count() == 0

    UserFactory(username="lokal", email="lokal@instansi.go.id")
    response = client.post("/masuk/", {"username": "lokal", "password": PASSWORD})
    assert response.status_code == 302
    assert client.session["_auth_user_id"]
    assert "oidc_id_token" not in client.session
