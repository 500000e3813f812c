"""The public questionnaire /s/<code>/: no login, one response per device, closes itself."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from scoring.surveys.device import SALT, cookie_name
from scoring.surveys.models import SurveyResponse
from tests.conftest import World
from tests.scoring.surveys.conftest import MakePeriod, all_items

pytestmark = pytest.mark.django_db


def _post(client: Client, code: str, **extra: str) -> Any:
    data = {k: str(v) for k, v in all_items(3, spak_calo=2).items()}
    data.update({"service": "Konsultasi", "age_band": "30-39", "education": "s1", **extra})
    return client.post(reverse("surveys_public:form", args=[code]), data)


def test_anonymous_get_shows_every_item_in_indonesian_and_english(
    world: World, make_period: MakePeriod
) -> None:
    make_period(world.own.unit)
    client = Client()
    page = client.get("/s/abc123/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "Tidak ada calo atau perantara tidak resmi dalam pelayanan." in html
    assert html.count('type="radio"') == 13 * 4
    assert "<script>" not in html
    client.cookies["django_language"] = "en"
    english = client.get("/s/abc123/").content.decode()
    assert "There are no brokers or unofficial go-betweens in the service." in english
    assert "Send answers" in english and "About you (optional)" in english


def test_submit_stores_one_response_and_a_second_from_the_same_browser_is_refused(
    world: World, make_period: MakePeriod
) -> None:
    period = make_period(world.own.unit)
    client = Client()
    first = _post(client, "abc123")
    assert first.status_code == 302 and first["Location"] == "/s/abc123/terima-kasih/"
    row = SurveyResponse.objects.get(period=period)
    assert row.answers["spak_calo"] == 2 and row.answers["spkp_waktu"] == 3
    assert (row.service, row.age_band, row.education) == ("Konsultasi", "30-39", "s1")
    assert len(row.ip_hash) == 64 and "127.0.0.1" not in row.ip_hash
    assert client.get("/s/abc123/terima-kasih/").status_code == 200
    # The same browser again: a kind notice, nothing stored.
    again = client.get("/s/abc123/")
    assert again["X-Refusal-Code"] == "survey_already_answered"
    second = _post(client, "abc123")
    assert second.status_code == 409
    assert SurveyResponse.objects.filter(period=period).count() == 1


def test_missing_items_are_listed_and_nothing_is_stored(
    world: World, make_period: MakePeriod
) -> None:
    make_period(world.own.unit)
    resp = Client().post("/s/abc123/", {"spak_calo": "4"})
    assert resp.status_code == 400
    assert SurveyResponse.objects.count() == 0
    assert 'id="item-spkp_waktu"' in resp.content.decode()


def test_a_tampered_cookie_is_rejected(world: World, make_period: MakePeriod) -> None:
    period = make_period(world.own.unit)
    client = Client()
    client.cookies[cookie_name(period)] = "abc123:forged-signature"
    assert client.get("/s/abc123/").status_code == 400
    resp = _post(client, "abc123")
    assert resp.status_code == 400
    assert resp["X-Refusal-Code"] == "survey_cookie_tampered"
    assert SurveyResponse.objects.count() == 0


def test_a_cookie_signed_for_another_period_does_not_count(
    world: World, make_period: MakePeriod
) -> None:
    period = make_period(world.own.unit)
    client = Client()
    from django.core.signing import get_cookie_signer

    forged = get_cookie_signer(salt=cookie_name(period) + SALT).sign("other1")
    client.cookies[cookie_name(period)] = forged
    assert client.get("/s/abc123/").status_code == 400


def test_a_closed_period_refuses(world: World, make_period: MakePeriod) -> None:
    today = timezone.localdate()
    make_period(
        world.own.unit,
        starts_on=today - datetime.timedelta(days=100),
        ends_on=today - datetime.timedelta(days=1),
    )
    client = Client()
    assert client.get("/s/abc123/").status_code == 410
    resp = _post(client, "abc123")
    assert resp.status_code == 410
    assert resp["X-Refusal-Code"] == "survey_closed"
    assert SurveyResponse.objects.count() == 0


def test_a_one_megabyte_body_is_refused_before_parsing(
    world: World, make_period: MakePeriod
) -> None:
    make_period(world.own.unit)
    for size in (1024 * 1024, 1024 * 1024 + 1, 17 * 1024):
        resp = Client().post(
            "/s/abc123/", data=b"x" * size, content_type="application/x-www-form-urlencoded"
        )
        assert resp.status_code == 413, size
    assert SurveyResponse.objects.count() == 0


def test_rate_limit_per_address(world: World, make_period: MakePeriod, settings: Any) -> None:
    settings.SURVEY_RESPONSES_PER_IP_HOUR = 2
    make_period(world.own.unit)
    codes = [_post(Client(), "abc123").status_code for _ in range(3)]
    assert codes == [302, 302, 429]
    assert SurveyResponse.objects.count() == 2


def test_unknown_code_is_404() -> None:
    assert Client().get("/s/tidakada/").status_code == 404


def test_rate_limit_counts_the_address_the_trusted_proxy_saw(
    world: World, make_period: MakePeriod, settings: Any
) -> None:
    settings.SURVEY_RESPONSES_PER_IP_HOUR = 1
    settings.AXES_CLIENT_IP_CALLABLE = lambda request: request.META.get("HTTP_X_FORWARDED_FOR")
    make_period(world.own.unit)
    first = Client(HTTP_X_FORWARDED_FOR="203.0.113.1")
    second = Client(HTTP_X_FORWARDED_FOR="203.0.113.2")
    assert _post(first, "abc123").status_code == 302
    assert _post(second, "abc123").status_code == 302
    assert _post(Client(HTTP_X_FORWARDED_FOR="203.0.113.1"), "abc123").status_code == 429
