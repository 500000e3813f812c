"""Plan items late or due within a week become tasks of the person in charge (or, with nobody
named, of the tim kerja of the item's area) on the home page and in the daily digest, which keeps
the person's digest choice and the muting (scoring/plans/calendar/reminders.py, scoring/inbox)."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.core import mail
from django.utils import timezone

from scoring.inbox.digest import digest_send_all
from scoring.inbox.selectors import Kind, tasks_for_user
from scoring.plans.models import Status
from tests.conftest import World
from tests.scoring.plans.calendar.helpers import plan_item
from zi_portal.mail import muted
from zi_portal.models import Assessment, NotificationPreference

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 11, 30)


@pytest.fixture(autouse=True)
def _locmem(settings: Any) -> None:
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.PORTAL_BASE_URL = "https://zi.example.go.id"


def plan_tasks(world: World, persona: str, today: datetime.date = TODAY) -> list[Any]:
    tasks = tasks_for_user(user=world.users[persona], today=today)
    return [t for t in tasks if t.kind in (Kind.PLAN_DUE, Kind.PLAN_LATE)]


def days(n: int) -> datetime.date:
    return TODAY + datetime.timedelta(days=n)


def test_due_within_a_week_and_late_items_of_the_person_in_charge(world: World) -> None:
    me = world.users["pimpinan"]
    due = plan_item(world.own, days(3), step="Survei internal", person=me)
    today_item = plan_item(world.own, TODAY, step="Rapat monev", person=me)
    late = plan_item(world.own, days(-2), step="SK tim", person=me, status=Status.LATE)
    overdue = plan_item(world.own, days(-1), step="Pakta integritas", person=me)
    plan_item(world.own, days(8), step="Terlalu jauh", person=me)
    plan_item(world.own, days(1), step="Sudah", person=me, status=Status.DONE)
    plan_item(world.own, days(1), step="Batal", person=me, status=Status.CANCELLED)
    plan_item(world.own, days(1), step="Orang lain", person=world.users["tim_kerja"])

    tasks = plan_tasks(world, "pimpinan")

    assert [(t.kind, t.date, t.days_left) for t in tasks] == [
        (Kind.PLAN_LATE, late.due_date, -2),
        (Kind.PLAN_LATE, overdue.due_date, -1),
        (Kind.PLAN_DUE, today_item.due_date, 0),
        (Kind.PLAN_DUE, due.due_date, 3),
    ]
    assert "terlambat" in tasks[0].text and "SK tim" in tasks[0].text
    assert "hari ini" in tasks[2].text
    assert "3 hari lagi" in tasks[3].text and "Survei internal" in tasks[3].text
    assert all(t.assessment_id == world.own.pk for t in tasks)


def test_without_a_user_in_charge_the_tim_kerja_of_the_area_is_reminded(world: World) -> None:
    area1 = plan_item(world.own, days(2), step="Area satu", person_name="Bu Sari")
    area4 = plan_item(world.own, days(2), step="Area empat", area_no=4)

    assert {t.text.split(": ")[-1] for t in plan_tasks(world, "tim_kerja")} == {
        "Area satu",
        "Area empat",
    }
    # Restricted to areas 1 and 2.
    assert [t.text.split(": ")[-1] for t in plan_tasks(world, "tim_kerja_restricted")] == [
        "Area satu"
    ]
    for persona in ("pimpinan", "tpi", "pimpinan_instansi", "admin", "outsider"):
        assert plan_tasks(world, persona) == [], persona
    assert area1.pk != area4.pk


def test_other_units_and_closed_assessments_give_no_reminder(world: World) -> None:
    plan_item(world.other, days(1), step="Unit lain", person=world.users["tim_kerja"])
    plan_item(world.own, days(1), step="Ditutup")
    world.own.status = Assessment.Status.CLOSED
    world.own.save(update_fields=["status"])
    assert plan_tasks(world, "tim_kerja") == []


def test_reminders_in_an_evaluated_assessment_still_come(world: World) -> None:
    world.own.status = Assessment.Status.EVALUATED
    world.own.save(update_fields=["status"])
    plan_item(world.own, days(1), step="Tindak lanjut")
    assert [t.kind for t in plan_tasks(world, "tim_kerja")] == [Kind.PLAN_DUE]


def test_the_digest_mails_them_once_and_respects_the_choice_and_muting(world: World) -> None:
    today = timezone.localdate()
    me = world.users["pimpinan"]
    plan_item(world.own, today + datetime.timedelta(days=2), step="Survei internal", person=me)

    with muted():
        assert digest_send_all(day=today) == 0
    assert mail.outbox == []

    NotificationPreference.objects.update_or_create(user=me, defaults={"daily_digest": False})
    digest_send_all(day=today)
    assert "pimpinan@uji.local" not in [m.to[0] for m in mail.outbox]

    NotificationPreference.objects.filter(user=me).update(daily_digest=True)
    digest_send_all(day=today + datetime.timedelta(days=1))
    body = next(m.body for m in mail.outbox if m.to == ["pimpinan@uji.local"])
    assert "Survei internal" in body
    assert "https://zi.example.go.id/penilaian/" in body


def test_english_reminders(world: World) -> None:
    from django.utils import translation

    plan_item(world.own, days(-1), step="SK tim", person=world.users["pimpinan"])
    plan_item(world.own, days(2), step="Rapat", person=world.users["pimpinan"])
    with translation.override("en"):
        texts = [t.text for t in plan_tasks(world, "pimpinan")]
    assert texts[0].startswith("Action plan ") and "late" in texts[0]
    assert "in 2 days" in texts[1]
