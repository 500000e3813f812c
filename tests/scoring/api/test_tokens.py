"""Personal API tokens: created on the profile page, shown once, stored as a digest, revoked;
and the browser session as the other way in (CSRF on writes)."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from scoring.api.models import ApiToken
from scoring.api.services import token_create
from tests.conftest import World
from tests.factories import FIRST_CODE
from tests.scoring.api.conftest import ApiWorld, body

pytestmark = pytest.mark.django_db
LIST = "/api/v1/assessments/"


def _create(client: Client, name: str = "Dasbor instansi") -> tuple[str, str]:
    response = client.post(reverse("api-tokens:page"), {"name": name})
    assert response.status_code == 201
    html = response.content.decode()
    match = re.search(r"data-token-secret>(zi_[0-9a-f]{10}_[\w-]+)<", html)
    assert match, html
    return match.group(1), html


def test_token_is_shown_once_and_the_database_holds_only_its_digest(world: World) -> None:
    client = world.client("tim_kerja")
    token, _html = _create(client)
    row = ApiToken.objects.get(user=world.users["tim_kerja"])
    assert row.name == "Dasbor instansi"
    assert row.digest != token and len(row.digest) == 64
    assert token.startswith(f"zi_{row.prefix}_")
    # Not on the page any more, and in no column of the table.
    assert token not in client.get(reverse("api-tokens:page")).content.decode()
    with connection.cursor() as cur:
        cur.execute(f"SELECT * FROM {ApiToken._meta.db_table}")  # noqa: S608 - our table name
        cells = [str(v) for r in cur.fetchall() for v in r]
    assert not [c for c in cells if token in c or token.split("_", 2)[2] in c]
    # And it opens the API.
    response = Client().get(LIST, HTTP_AUTHORIZATION=f"Bearer {token}")
    assert response.status_code == 200
    assert {"private", "no-store"} <= {d.strip() for d in response["Cache-Control"].split(",")}
    assert [a["id"] for a in body(response)["results"]] == [world.own.pk]
    row.refresh_from_db()
    assert row.last_used_at is not None


def test_the_page_is_private_and_not_stored(world: World) -> None:
    response = world.client("tim_kerja").post(reverse("api-tokens:page"), {"name": "x"})
    assert "no-store" in response["Cache-Control"]


def test_token_keyword_works_too(api: ApiWorld) -> None:
    token = api.tokens["tim_kerja"]
    assert Client().get(LIST, HTTP_AUTHORIZATION=f"Token {token}").status_code == 200


def test_revoked_token_is_401(world: World) -> None:
    client = world.client("tim_kerja")
    token, _html = _create(client)
    row = ApiToken.objects.get(user=world.users["tim_kerja"])
    response = client.post(reverse("api-tokens:revoke", args=[row.pk]))
    assert response.status_code == 302
    row.refresh_from_db()
    assert row.revoked_at is not None
    refused = Client().get(LIST, HTTP_AUTHORIZATION=f"Bearer {token}")
    assert refused.status_code == 401
    assert body(refused)["code"] == "authentication_failed"
    assert refused["WWW-Authenticate"].startswith("Bearer")


def test_nobody_revokes_another_users_token(api: ApiWorld) -> None:
    row = ApiToken.objects.get(user=api.world.users["tim_kerja"])
    response = api.world.client("outsider").post(reverse("api-tokens:revoke", args=[row.pk]))
    assert response.status_code == 404
    row.refresh_from_db()
    assert row.revoked_at is None


@pytest.mark.parametrize(
    "header", ["Bearer zi_0123456789_salah", "Bearer bukan-token", "Token ", "Bearer zi_x_y"]
)
def test_a_wrong_token_is_401_never_a_fallback(world: World, header: str) -> None:
    response = world.client("tim_kerja").get(LIST, HTTP_AUTHORIZATION=header)
    assert response.status_code == 401


def test_no_credentials_is_401(world: World) -> None:
    response = Client().get(LIST)
    assert response.status_code == 401
    assert body(response)["code"] == "not_authenticated"


def test_an_inactive_users_token_is_401(api: ApiWorld) -> None:
    user = api.world.users["tim_kerja"]
    user.is_active = False
    user.save()
    assert api.client("tim_kerja").get(LIST).status_code == 401


def test_a_token_name_is_required(world: World) -> None:
    response = world.client("tim_kerja").post(reverse("api-tokens:page"), {"name": " "})
    assert response.status_code == 200
    assert not ApiToken.objects.exists()


def test_revoking_is_audited(world: World) -> None:
    from auditlog.models import LogEntry

    row, _token = token_create(actor=world.users["tim_kerja"], name="audit")
    world.client("tim_kerja").post(reverse("api-tokens:revoke", args=[row.pk]))
    entries = LogEntry.objects.get_for_object(row).order_by("timestamp")
    assert [e.action for e in entries] == [LogEntry.Action.CREATE, LogEntry.Action.UPDATE]
    assert all(e.actor == world.users["tim_kerja"] for e in entries)
    assert all("digest" not in (e.changes or "") for e in entries)


def test_the_session_reads_and_writes_need_the_csrf_token(world: World) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.users["tim_kerja"])
    assert client.get(LIST).status_code == 200
    url = reverse("api:answer-detail", args=[world.own.pk, "unit", FIRST_CODE])
    refused = client.put(url, {"choice": "Ya", "version": None}, "application/json")
    assert refused.status_code == 403
    assert "CSRF" in body(refused)["detail"]
    client.get(reverse("api-tokens:page"))  # sets the CSRF cookie
    csrf = client.cookies["csrftoken"].value
    saved = client.put(
        url, {"choice": "Ya", "version": None}, "application/json", HTTP_X_CSRFTOKEN=csrf
    )
    assert saved.status_code == 200, saved.content


def test_the_profile_page_links_the_token_page(world: World) -> None:
    client = world.client("tim_kerja")
    assert reverse("profile") in client.get(reverse("home")).content.decode()
    assert reverse("api-tokens:page") in client.get(reverse("profile")).content.decode()


def test_the_admin_lists_tokens_without_their_digest(api: ApiWorld) -> None:
    from tests.factories import UserFactory

    root = UserFactory(username="root", is_staff=True, is_superuser=True)
    client = Client()
    client.force_login(root)
    page = client.get(reverse("admin:scoring_api_apitoken_changelist"))
    assert page.status_code == 200
    row = ApiToken.objects.get(user=api.world.users["tim_kerja"])
    assert row.prefix in page.content.decode()
    detail = client.get(reverse("admin:scoring_api_apitoken_change", args=[row.pk]))
    assert detail.status_code == 200
    assert row.digest not in detail.content.decode()
