"""The personal iCalendar feed (/kalender/<token>.ics): it parses with icalendar, holds the plan's
due dates and the yearly obligations of the user's units only, and a revoked or unknown token is
404; creating and revoking an address are audited (scoring/plans/calendar)."""

from __future__ import annotations

import datetime
from typing import Any

import icalendar
import pytest
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from scoring.plans.calendar import feed as guard
from scoring.plans.calendar.models import CalendarFeedToken
from scoring.plans.calendar.services import feed_token_create, feed_token_revoke
from scoring.plans.models import Status
from tests.conftest import World
from tests.factories import EvidenceFactory
from tests.scoring.plans.calendar.helpers import plan_item
from zi_portal.refusals import Refused

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _clear_cache() -> None:
    cache.clear()


def feed_url(token: str) -> str:
    return reverse("plans-calendar:feed", args=[token])


def parse(body: bytes) -> icalendar.Calendar:
    return icalendar.Calendar.from_ical(body)


def vevents(cal: icalendar.Calendar) -> dict[str, icalendar.Event]:
    return {str(e["uid"]): e for e in cal.walk("VEVENT")}


def test_feed_parses_and_holds_the_plan_due_dates_and_obligations(world: World) -> None:
    today = timezone.localdate()
    due = today + datetime.timedelta(days=10)
    item = plan_item(world.own, due, step="Sosialisasi kode etik")
    late = plan_item(world.own, today - datetime.timedelta(days=3), status=Status.LATE)
    other = plan_item(world.other, due, step="Rahasia unit lain")
    _row, token = feed_token_create(actor=world.users["tim_kerja"], name="Ponsel")

    resp = Client().get(feed_url(token))

    assert resp.status_code == 200
    assert resp["Content-Type"].startswith("text/calendar")
    cal = parse(resp.content)
    events = vevents(cal)
    ev = events[f"plan-{item.pk}@zi-portal"]
    assert ev.decoded("dtstart") == due
    assert ev.decoded("dtend") == due + datetime.timedelta(days=1)
    assert "Sosialisasi kode etik" in str(ev["summary"])
    assert f"plan-{late.pk}@zi-portal" in events
    assert f"plan-{other.pk}@zi-portal" not in events
    assert "Rahasia unit lain" not in resp.content.decode()
    year = world.own.cycle.year
    lhkpn = events[f"obligation-lhkpn-{year}@zi-portal"]
    assert lhkpn.decoded("dtstart") == datetime.date(year, 3, 31)
    assert "LHKPN" in str(lhkpn["summary"])
    assert f"monev-{world.own.pk}-{year}-2@zi-portal" in events
    assert events[f"monev-{world.own.pk}-{year}-2@zi-portal"].decoded("dtstart") == (
        datetime.date(year, 6, 30)
    )


def test_feed_shows_phase_windows_and_document_expiry(world: World) -> None:
    until = timezone.localdate() + datetime.timedelta(days=40)
    doc = EvidenceFactory(assessment=world.own, title="SK Tim ZI", effective_until=until)
    hidden = EvidenceFactory(assessment=world.other, title="SK lain", effective_until=until)
    _row, token = feed_token_create(actor=world.users["pimpinan"])

    events = vevents(parse(Client().get(feed_url(token)).content))

    assert events[f"expiry-{doc.pk}-{until.isoformat()}@zi-portal"].decoded("dtstart") == until
    assert not any(uid.startswith(f"expiry-{hidden.pk}-") for uid in events)
    c = world.own.cycle
    phase = events[f"phase-self_assessment-{c.year}-{c.self_assessment_end.isoformat()}@zi-portal"]
    assert phase.decoded("dtstart") == c.self_assessment_start
    assert phase.decoded("dtend") == c.self_assessment_end + datetime.timedelta(days=1)


def test_feed_is_written_in_the_users_e_mail_language(world: World) -> None:
    from zi_portal.models import NotificationPreference

    user = world.users["tim_kerja"]
    NotificationPreference.objects.update_or_create(user=user, defaults={"language": "en"})
    _row, token = feed_token_create(actor=user)
    events = vevents(parse(Client().get(feed_url(token)).content))
    year = world.own.cycle.year
    assert str(events[f"obligation-lhkpn-{year}@zi-portal"]["summary"]) == (
        "Deadline of the periodic LHKPN wealth report"
    )


def test_a_revoked_token_is_404(world: World) -> None:
    user = world.users["tim_kerja"]
    row, token = feed_token_create(actor=user)
    assert Client().get(feed_url(token)).status_code == 200
    feed_token_revoke(actor=user, token=row)
    assert Client().get(feed_url(token)).status_code == 404


@pytest.mark.parametrize(
    "token",
    ["tidak-ada", "0123456789_salah", "0123456789_", "_x", "a" * 200],
)
def test_an_unknown_or_malformed_token_is_404(world: World, token: str) -> None:
    feed_token_create(actor=world.users["tim_kerja"])
    assert Client().get(feed_url(token)).status_code == 404


def test_a_right_prefix_with_a_wrong_secret_is_404(world: World) -> None:
    row, _token = feed_token_create(actor=world.users["tim_kerja"])
    assert Client().get(feed_url(f"{row.prefix}_{'x' * 43}")).status_code == 404


def test_a_deactivated_users_feed_is_404(world: World) -> None:
    user = world.users["tim_kerja"]
    _row, token = feed_token_create(actor=user)
    user.is_active = False
    user.save()
    assert Client().get(feed_url(token)).status_code == 404


def test_many_misses_from_one_address_are_throttled(world: World) -> None:
    _row, token = feed_token_create(actor=world.users["tim_kerja"])
    client = Client()
    for _ in range(guard.MISS_LIMIT):
        assert client.get(feed_url("0123456789_salah")).status_code == 404
    assert client.get(feed_url("0123456789_salah")).status_code == 429
    assert client.get(feed_url(token)).status_code == 429


def test_the_database_keeps_only_the_digest(world: World) -> None:
    row, token = feed_token_create(actor=world.users["tim_kerja"])
    row.refresh_from_db()
    secret = token.partition("_")[2]
    assert token.startswith(row.prefix + "_")
    assert secret not in row.digest and len(row.digest) == 64


def test_create_and_revoke_are_audited(world: World) -> None:
    user = world.users["tim_kerja"]
    row, _token = feed_token_create(actor=user, name="Outlook")
    feed_token_revoke(actor=user, token=row)
    entries = LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(CalendarFeedToken), object_pk=str(row.pk)
    ).order_by("pk")
    assert [(e.action, e.actor) for e in entries] == [
        (LogEntry.Action.CREATE, user),
        (LogEntry.Action.UPDATE, user),
    ]
    assert "digest" not in (entries[0].changes_dict or {})
    assert "revoked_at" in (entries[1].changes_dict or {})


def test_at_most_five_active_addresses(world: World) -> None:
    user = world.users["tim_kerja"]
    for n in range(5):
        feed_token_create(actor=user, name=f"a{n}")
    with pytest.raises(Refused) as exc:
        feed_token_create(actor=user)
    assert exc.value.code == "calendar_feed_limit"


def _unit_with_plan(world: World, n: int) -> None:
    from tests.factories import AssessmentFactory, UnitFactory

    unit = UnitFactory(name=f"Unit Tambahan {n}", parent=world.instansi)
    a = AssessmentFactory(unit=unit, cycle=world.own.cycle, framework=world.own.framework)
    plan_item(a, timezone.localdate(), step=f"Langkah {n}")
    EvidenceFactory(assessment=a, title=f"SK {n}", effective_until=timezone.localdate())


def test_the_feeds_reads_grow_only_by_the_access_check_per_unit(
    world: World, django_assert_max_num_queries: Any
) -> None:
    from scoring.plans.calendar.selectors import feed_events

    user = world.users["pimpinan_instansi"]
    for n in range(2):
        _unit_with_plan(world, n)
    # Measured: the cycle, the assessments, 5 batched reads (plans, extensions, monev reports,
    # documents, their attachments) + the access check per unit (memberships and their areas,
    # the reviewer assignment).
    units = 4
    with django_assert_max_num_queries(7 + 3 * units):
        events = feed_events(user=user)
    assert sum(1 for e in events if e.kind == "plan") == 2
    for n in range(2, 6):
        _unit_with_plan(world, n)
    user = type(user).objects.get(pk=user.pk)  # a fresh user: no access memoised
    with django_assert_max_num_queries(7 + 3 * (units + 4)):
        events = feed_events(user=user)
    assert sum(1 for e in events if e.kind == "plan") == 6


def test_head_is_answered_like_get(world: World) -> None:
    _row, token = feed_token_create(actor=world.users["tim_kerja"])
    resp = Client().head(feed_url(token))
    assert resp.status_code == 200 and resp["Content-Type"].startswith("text/calendar")
    assert Client().head(feed_url("0123456789_x")).status_code == 404


def test_revoke_button_asks_for_confirmation(world: World) -> None:
    # Revoking cannot be undone: the form carries the site's confirmation sentence.
    user = world.users["tim_kerja"]
    row, _token = feed_token_create(actor=user, name="Outlook")
    client = Client()
    client.force_login(user)
    html = client.get(reverse("plans-calendar:feeds")).content.decode()
    action = reverse("plans-calendar:revoke", args=[row.pk])
    form = html.split(f'action="{action}"', 1)[1].split(">", 1)[0]
    assert 'data-confirm="Cabut alamat kalender ini?' in form
