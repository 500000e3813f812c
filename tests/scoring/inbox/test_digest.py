"""The daily digest: one e-mail per person with tasks, once a day, not to those who opted out."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.core import mail
from django.utils import timezone

from scoring.inbox.digest import digest_send_all
from scoring.inbox.tasks import digest_send_task
from tests.conftest import World
from tests.scoring.inbox.conftest import in_revision
from zi_portal.mail import muted
from zi_portal.models import NotificationPreference

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _locmem(settings: Any) -> None:
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.PORTAL_BASE_URL = "https://zi.example.go.id"


def recipients() -> list[str]:
    return sorted(m.to[0] for m in mail.outbox)


def test_one_mail_per_person_with_tasks(world: World) -> None:
    in_revision(world)
    assert digest_send_task() == 3
    # pimpinan (sign-off), tim kerja (flag, comment), restricted (comment); nobody else.
    assert recipients() == [
        "pimpinan@uji.local",
        "tim_kerja@uji.local",
        "tim_kerja_restricted@uji.local",
    ]
    body = next(m.body for m in mail.outbox if m.to == ["tim_kerja@uji.local"])
    assert "Lengkapi SK tim" in body
    assert f"https://zi.example.go.id/penilaian/{world.own.pk}/pertanyaan/" in body
    assert "https://zi.example.go.id/profil/" in body
    subject = next(m.subject for m in mail.outbox if m.to == ["tim_kerja@uji.local"])
    assert subject == "[ZI Portal] 3 tugas menunggu Anda"


def test_once_a_day(world: World) -> None:
    in_revision(world)
    today = timezone.localdate()
    assert digest_send_all(day=today) == 3
    assert digest_send_all(day=today) == 0
    assert len(mail.outbox) == 3
    assert NotificationPreference.objects.filter(digest_sent_on=today).count() == 3
    assert digest_send_all(day=today + datetime.timedelta(days=1)) == 3


def test_opt_out(world: World) -> None:
    in_revision(world)
    NotificationPreference.objects.create(user=world.users["tim_kerja"], daily_digest=False)
    assert digest_send_all() == 2
    assert "tim_kerja@uji.local" not in recipients()


def test_a_far_deadline_alone_sends_nothing_a_near_one_does(world: World) -> None:
    world.own.signed_off_at = timezone.now()  # nothing for the pimpinan to do
    world.own.save()
    for persona in ("tim_kerja", "tim_kerja_restricted"):  # submit waits: no address, no mail
        world.users[persona].email = ""
        world.users[persona].save()
    assert digest_send_all() == 0
    cycle = world.own.cycle
    cycle.self_assessment_end = timezone.localdate() + datetime.timedelta(days=2)
    cycle.save()
    assert digest_send_all() == 1
    assert recipients() == ["pimpinan@uji.local"]
    assert "(2 hari lagi)" in mail.outbox[0].body


def test_users_language_and_muted(world: World) -> None:
    in_revision(world)
    NotificationPreference.objects.create(user=world.users["pimpinan"], language="en")
    with muted():
        assert digest_send_all() == 0
    assert digest_send_all() == 3
    english = next(m for m in mail.outbox if m.to == ["pimpinan@uji.local"])
    assert english.subject == "[ZI Portal] 2 tasks waiting for you"
    assert "Sign off the submission" in english.body


def test_the_beat_sends_it_every_morning() -> None:
    from django.conf import settings

    entry = settings.CELERY_BEAT_SCHEDULE["inbox-digest-send"]
    assert entry["task"] == digest_send_task.name == "scoring.inbox_digest_send"
    assert (entry["schedule"].hour, entry["schedule"].minute) == ({7}, {0})


def test_a_mail_outage_is_logged_not_raised(world: World, monkeypatch: Any, caplog: Any) -> None:
    in_revision(world)

    class Down:
        def send_messages(self, messages: list[Any]) -> int:
            raise ConnectionRefusedError("smtp down")

    monkeypatch.setattr("scoring.inbox.digest.get_connection", lambda: Down())
    assert digest_send_all() == 0
    assert caplog.text.count("could not be sent") == 3
