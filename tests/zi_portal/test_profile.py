"""/profil/: who I am, my units and roles, and the daily digest switch."""

from __future__ import annotations

import pytest
from auditlog.models import LogEntry
from django.urls import reverse

from tests.conftest import World
from zi_portal.models import NotificationPreference
from zi_portal.services import digest_claim

pytestmark = pytest.mark.django_db


def test_profile_shows_name_email_units_and_roles(world: World) -> None:
    html = world.client("tim_kerja_restricted").get(reverse("profile")).content.decode()
    assert "tim_kerja_restricted@uji.local" in html
    assert "Unit Satu: Tim kerja (area 1, 2)" in html
    assert 'id="id_daily_digest" checked' in html  # on by default
    assert reverse("api-tokens:page") in html
    tpi = world.client("tpi").get(reverse("profile")).content.decode()
    assert f"Unit Satu: Penilai TPI {world.own.cycle.year}" in tpi


def test_the_user_menu_links_the_profile(world: World) -> None:
    html = world.client("outsider").get(reverse("home")).content.decode()
    assert f'href="{reverse("profile")}"' in html


def test_turning_the_digest_off_and_the_language(world: World) -> None:
    client = world.client("tim_kerja")
    response = client.post(reverse("profile"), {"language": "en"})
    assert response.status_code == 302
    pref = NotificationPreference.objects.get(user=world.users["tim_kerja"])
    assert (pref.daily_digest, pref.language) == (False, "en")
    entry = LogEntry.objects.get_for_object(pref).latest("timestamp")
    assert entry.actor == world.users["tim_kerja"]
    client.post(reverse("profile"), {"language": "id", "daily_digest": "on"})
    pref.refresh_from_db()
    assert (pref.daily_digest, pref.language) == (True, "id")


def test_a_bad_language_is_a_form_error(world: World) -> None:
    response = world.client("tim_kerja").post(reverse("profile"), {"language": "xx"})
    assert response.status_code == 200
    assert response.context["form"].errors["language"]
    assert not NotificationPreference.objects.exists()


def test_digest_claim_once_a_day_and_not_when_off(world: World) -> None:
    import datetime

    day = datetime.date(2026, 5, 4)
    user = world.users["pimpinan"]
    assert digest_claim(user_id=user.pk, day=day) is True
    assert digest_claim(user_id=user.pk, day=day) is False
    NotificationPreference.objects.filter(user=user).update(daily_digest=False)
    assert digest_claim(user_id=user.pk, day=day + datetime.timedelta(days=1)) is False
