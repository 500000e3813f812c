"""States of the `world` own assessment in which each persona has something to do."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from areas.models import Question
from tests.conftest import World
from tests.factories import CommentFactory, ReviewFlagFactory, SnapshotFactory
from zi_portal.models import Assessment


def question_in_area(world: World, area_no: int) -> Question:
    """The first question of an area (the restricted tim kerja has areas 1 and 2 only)."""
    for q in Question.objects.filter(framework=world.own.framework).order_by("position"):
        if q.area_no == area_no:
            return q
    raise AssertionError(f"no question in area {area_no}")


def set_status(assessment: Assessment, status: str) -> None:
    assessment.status = status
    assessment.save(update_fields=["status"])


def in_revision(world: World) -> dict[str, Any]:
    """Returned for revision: a flag on an area 3 question, and the TPI's comment on area 1."""
    set_status(world.own, Assessment.Status.REVISION)
    q3 = question_in_area(world, 3)
    q1 = question_in_area(world, 1)
    flag = ReviewFlagFactory(
        assessment=world.own, code=q3.code, returned_at=timezone.now(), note="Lengkapi SK tim"
    )
    comment = CommentFactory(assessment=world.own, code=q1.code, author=world.users["tpi"])
    return {"flag": flag, "comment": comment, "q1": q1, "q3": q3}


def submitted(world: World) -> dict[str, Any]:
    """Submitted to the TPI, with the tim kerja's comment left last on an area 1 question."""
    set_status(world.own, Assessment.Status.SUBMITTED)
    SnapshotFactory(assessment=world.own, created_by=world.users["tim_kerja"])
    q1 = question_in_area(world, 1)
    CommentFactory(assessment=world.own, code=q1.code, author=world.users["tpi"], body="Mana SK?")
    comment = CommentFactory(
        assessment=world.own, code=q1.code, author=world.users["tim_kerja"], body="Sudah diunggah"
    )
    return {"comment": comment, "q1": q1}
