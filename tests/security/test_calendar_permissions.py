"""Permission matrix of the ZI calendar (scoring/plans/calendar): persona x URL -> status.

The calendar page of an assessment answers whoever sees it (tests/conftest.py SEES) and 404 to
anyone else; the feed address page is each person's own (another person's address cannot be
revoked: 404); the feed needs no login, answers only a live token and 404 to an unknown, revoked
or another user's deactivated one; every write needs a POST.
"""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from scoring.plans.calendar.models import CalendarFeedToken
from scoring.plans.calendar.services import feed_token_create, feed_token_revoke
from tests.conftest import PERSONAS, SEES, World

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _clear_cache() -> None:
    cache.clear()


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("scope", ["own", "sibling", "other"])
def test_calendar_page(world: World, persona: str, scope: str) -> None:
    a = getattr(world, scope)
    resp = world.client(persona).get(reverse("plans-calendar:page", args=[a.pk]))
    assert resp.status_code == (200 if persona in SEES[scope] else 404)


@pytest.mark.parametrize("persona", PERSONAS)
def test_feed_address_page_and_its_writes(world: World, persona: str) -> None:
    client = world.client(persona)
    page = reverse("plans-calendar:feeds")
    assert client.get(page).status_code == 200
    assert client.post(page, {"name": "Ponsel"}).status_code == 201
    mine = CalendarFeedToken.objects.get(user=world.users[persona])
    theirs, _t = feed_token_create(
        actor=world.users["outsider" if persona != "outsider" else "admin"]
    )
    assert client.post(reverse("plans-calendar:revoke", args=[theirs.pk])).status_code == 404
    assert client.get(reverse("plans-calendar:revoke", args=[mine.pk])).status_code == 405
    assert client.post(reverse("plans-calendar:revoke", args=[mine.pk])).status_code == 302
    mine.refresh_from_db()
    theirs.refresh_from_db()
    assert mine.revoked_at is not None and theirs.revoked_at is None


def test_anonymous_pages_go_to_login_and_the_feed_needs_none(world: World) -> None:
    anon = Client()
    login = reverse("login")
    for url in (
        reverse("plans-calendar:page", args=[world.own.pk]),
        reverse("plans-calendar:feeds"),
    ):
        resp = anon.get(url)
        assert resp.status_code == 302 and resp["Location"].startswith(login)
    assert anon.post(reverse("plans-calendar:revoke", args=[1])).status_code == 302
    row, token = feed_token_create(actor=world.users["tim_kerja"])
    assert anon.get(reverse("plans-calendar:feed", args=[token])).status_code == 200
    assert anon.post(reverse("plans-calendar:feed", args=[token])).status_code == 405
    feed_token_revoke(actor=world.users["tim_kerja"], token=row)
    assert anon.get(reverse("plans-calendar:feed", args=[token])).status_code == 404
    assert anon.get(reverse("plans-calendar:feed", args=["0123456789_x"])).status_code == 404
