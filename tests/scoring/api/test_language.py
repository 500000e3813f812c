"""API errors are Indonesian by default and English when the client asks with Accept-Language."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.factories import FIRST_CODE
from tests.scoring.api.conftest import ApiWorld, body

pytestmark = pytest.mark.django_db


def _refused(api: ApiWorld, **headers: str) -> dict[str, str]:
    url = reverse("api:answer-detail", args=[api.world.own.pk, "unit", FIRST_CODE])
    response = api.client("pimpinan", **headers).put(
        url, {"choice": "Ya", "version": 1}, "application/json"
    )
    assert response.status_code == 403
    return body(response)  # type: ignore[no-any-return]


def test_refusal_in_indonesian_by_default_and_english_on_request(api: ApiWorld) -> None:
    indonesian = _refused(api)
    english = _refused(api, HTTP_ACCEPT_LANGUAGE="en")
    assert indonesian["code"] == english["code"] == "not_tim_kerja"
    assert indonesian["detail"] != english["detail"]
    assert "work team" in english["detail"]


def test_not_found_and_bad_token_in_both_languages(api: ApiWorld) -> None:
    url = reverse("api:assessment-detail", args=[api.world.other.pk])
    client = api.client("tim_kerja")
    assert body(client.get(url))["detail"] == "Data tidak ditemukan."
    assert body(client.get(url, HTTP_ACCEPT_LANGUAGE="en"))["detail"] == "Not found."
    from django.test import Client

    bad = {"HTTP_AUTHORIZATION": "Bearer zi_0123456789_salah"}
    assert "dicabut" in body(Client().get("/api/v1/units/", **bad))["detail"]
    english = body(Client().get("/api/v1/units/", HTTP_ACCEPT_LANGUAGE="en", **bad))
    assert english["detail"] == "The API token is not valid or has been revoked."


def test_the_pages_stay_indonesian_whatever_the_browser_says(api: ApiWorld) -> None:
    html = api.world.client("tim_kerja").get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert 'lang="id"' in html
