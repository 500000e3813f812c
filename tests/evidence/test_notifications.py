"""The comment e-mail: the other side of the author is told after the commit, never the author."""

from __future__ import annotations

from typing import Any

import pytest
from django.core import mail

from evidence import comments
from tests.conftest import World
from tests.factories import MembershipFactory, UserFactory
from zi_portal.mail import muted
from zi_portal.models import NotificationPreference, Role

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _locmem(settings: Any) -> None:
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.PORTAL_BASE_URL = "https://zi.example.go.id"


def comment(world: World, persona: str, code: str, django_capture_on_commit_callbacks: Any) -> None:
    from areas.models import Question

    q = Question.objects.get(framework=world.own.framework, code=code)
    with django_capture_on_commit_callbacks(execute=True):
        comments.comment_add(
            actor=world.users[persona], assessment=world.own, question=q, body="Mohon dicek"
        )


def recipients() -> list[str]:
    return sorted(m.to[0] for m in mail.outbox)


def test_tim_kerja_comment_goes_to_the_tpi(
    world: World, django_capture_on_commit_callbacks: Any
) -> None:
    comment(world, "tim_kerja", "A.I.1.i.a", django_capture_on_commit_callbacks)
    assert recipients() == ["tpi@uji.local"]
    message = mail.outbox[0]
    year = world.own.cycle.year
    assert message.subject == f"[ZI Portal] Komentar baru pada A.I.1.i.a, Unit Satu {year}"
    assert "Mohon dicek" in message.body
    assert f"https://zi.example.go.id/penilaian/{world.own.pk}/pertanyaan/A.I.1.i.a/" in (
        message.body
    )


def test_tpi_comment_goes_to_the_unit_side_of_that_area(
    world: World, django_capture_on_commit_callbacks: Any
) -> None:
    comment(world, "tpi", "A.I.1.i.a", django_capture_on_commit_callbacks)
    assert recipients() == [
        "pimpinan@uji.local",
        "tim_kerja@uji.local",
        "tim_kerja_restricted@uji.local",
    ]
    mail.outbox.clear()
    area3 = next(
        q.code for q in world.own.framework.questions.order_by("position") if q.area_no == 3
    )
    comment(world, "tpi", area3, django_capture_on_commit_callbacks)
    # The member restricted to areas 1 and 2 does not hear of area 3.
    assert recipients() == ["pimpinan@uji.local", "tim_kerja@uji.local"]


def test_the_author_never_gets_their_own(
    world: World, django_capture_on_commit_callbacks: Any
) -> None:
    # The pimpinan unit is on the unit side: only the TPI hears; an admin speaks to both sides.
    comment(world, "pimpinan", "A.I.1.i.a", django_capture_on_commit_callbacks)
    assert recipients() == ["tpi@uji.local"]
    mail.outbox.clear()
    comment(world, "admin", "A.I.1.i.a", django_capture_on_commit_callbacks)
    assert "admin@uji.local" not in recipients()
    assert len(recipients()) == 4  # both sides


def test_recipients_language_inactive_and_no_address(
    world: World, django_capture_on_commit_callbacks: Any
) -> None:
    NotificationPreference.objects.create(user=world.users["tim_kerja"], language="en")
    world.users["pimpinan"].is_active = False
    world.users["pimpinan"].save()
    world.users["tim_kerja_restricted"].email = ""
    world.users["tim_kerja_restricted"].save()
    comment(world, "tpi", "A.I.1.i.a", django_capture_on_commit_callbacks)
    assert recipients() == ["tim_kerja@uji.local"]
    assert mail.outbox[0].subject.startswith("[ZI Portal] New comment on A.I.1.i.a")


def test_muted_and_rolled_back_send_nothing(
    world: World, django_capture_on_commit_callbacks: Any
) -> None:
    with muted():
        comment(world, "tim_kerja", "A.I.1.i.a", django_capture_on_commit_callbacks)
    assert mail.outbox == []
    other: Any = UserFactory(username="tk2")
    MembershipFactory(user=other, unit=world.own.unit, role=Role.TIM_KERJA)
    from areas.models import Question

    q = Question.objects.get(framework=world.own.framework, code="A.I.1.i.a")
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        comments.comment_add(actor=other, assessment=world.own, question=q, body="x")
    assert callbacks and mail.outbox == []  # nothing before the commit
