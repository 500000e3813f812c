"""Tugas saya: each persona's exact tasks, decided by the services' rules, in bounded queries."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from scoring.inbox.selectors import Kind, tasks_for_user
from tests.conftest import PERSONAS, World
from tests.factories import (
    AssessmentFactory,
    CommentFactory,
    MembershipFactory,
    ReviewerAssignmentFactory,
    ReviewFlagFactory,
    UnitFactory,
    UserFactory,
)
from tests.scoring.inbox.conftest import in_revision, question_in_area, set_status, submitted
from zi_portal.models import Assessment, Phase, Role, WindowExtension

pytestmark = pytest.mark.django_db


def kinds(world: World, persona: str) -> list[str]:
    return [t.kind for t in tasks_for_user(user=world.users[persona])]


def test_draft_the_pimpinan_signs_off_the_unit_sees_its_deadline(world: World) -> None:
    expected = {
        "pimpinan": [Kind.SIGN_OFF, Kind.DEADLINE],
        "tim_kerja": [Kind.DEADLINE],
        "tim_kerja_restricted": [Kind.DEADLINE],
    }
    for persona in PERSONAS:
        assert kinds(world, persona) == expected.get(persona, []), persona
    sign_off = tasks_for_user(user=world.users["pimpinan"])[0]
    assert sign_off.url == reverse("scoring:assessment", args=[world.own.pk])
    assert "Unit Satu" in sign_off.text


def test_signed_off_the_pimpinan_is_done_and_the_tim_kerja_submits(world: World) -> None:
    world.own.signed_off_at = timezone.now()
    world.own.signed_off_by = world.users["pimpinan"]
    world.own.save()
    assert kinds(world, "pimpinan") == [Kind.DEADLINE]  # sign_off_refusal: signoff_current
    assert kinds(world, "tim_kerja") == [Kind.SUBMIT, Kind.DEADLINE]


def test_revision_flag_and_tpi_comment_for_the_tim_kerja(world: World) -> None:
    state = in_revision(world)
    tasks = tasks_for_user(user=world.users["tim_kerja"])
    assert [t.kind for t in tasks] == [Kind.FLAG_FIX, Kind.COMMENT, Kind.DEADLINE]
    assert tasks[0].url == reverse("scoring:question", args=[world.own.pk, state["q3"].code])
    assert "Lengkapi SK tim" in tasks[0].text
    assert tasks[1].url == reverse("scoring:question", args=[world.own.pk, state["q1"].code])
    # Areas 1 and 2 only: the area 3 flag is not theirs, the area 1 comment is.
    assert kinds(world, "tim_kerja_restricted") == [Kind.COMMENT, Kind.DEADLINE]
    assert kinds(world, "tpi") == []
    assert kinds(world, "pimpinan") == [Kind.SIGN_OFF, Kind.DEADLINE]


def test_a_replied_flag_and_an_answered_comment_are_done(world: World) -> None:
    state = in_revision(world)
    flag = state["flag"]
    flag.reply, flag.replied_at = "Sudah", timezone.now()
    flag.save()
    CommentFactory(assessment=world.own, code=state["q1"].code, author=world.users["tim_kerja"])
    assert kinds(world, "tim_kerja") == [Kind.DEADLINE]


def test_submitted_the_tpi_reviews_and_answers_the_unit(world: World) -> None:
    submitted(world)
    tasks = tasks_for_user(user=world.users["tpi"])
    assert [t.kind for t in tasks] == [Kind.REVIEW, Kind.COMMENT, Kind.DEADLINE]
    assert tasks[0].date == timezone.localdate()
    for persona in ("tim_kerja", "tim_kerja_restricted", "pimpinan"):
        assert kinds(world, persona) == [], persona


def test_the_tpi_sees_flags_that_came_back(world: World) -> None:
    set_status(world.own, Assessment.Status.IN_REVIEW)
    q = question_in_area(world, 2)
    ReviewFlagFactory(assessment=world.own, code=q.code, returned_at=timezone.now())
    assert kinds(world, "tpi") == [Kind.REVIEW, Kind.FLAG_ACCEPT, Kind.DEADLINE]


def test_the_tpi_sees_changed_questions_not_reviewed_again(world: World) -> None:
    from tests.factories import SnapshotFactory

    set_status(world.own, Assessment.Status.SUBMITTED)
    q = question_in_area(world, 1)
    before = {"answers": {"unit": {q.code: {"choice": "tidak"}}, "tpi": {}}}
    after = {"answers": {"unit": {q.code: {"choice": "ya"}}, "tpi": {}}}
    old: Any = SnapshotFactory(assessment=world.own, data=before)
    old.created_at = timezone.now() - datetime.timedelta(days=3)
    old.save()
    SnapshotFactory(assessment=world.own, data=after)
    tasks = tasks_for_user(user=world.users["tpi"])
    assert [t.kind for t in tasks] == [Kind.REVIEW, Kind.CHANGED, Kind.DEADLINE]
    assert tasks[1].text.startswith("1 pertanyaan diubah unit")
    assert tasks[1].url.endswith("?status=berubah")


def test_deadline_days_left_and_closed_window(world: World) -> None:
    cycle = world.own.cycle
    cycle.self_assessment_end = timezone.localdate() + datetime.timedelta(days=3)
    cycle.save()
    deadline = tasks_for_user(user=world.users["tim_kerja"])[-1]
    assert (deadline.kind, deadline.days_left) == (Kind.DEADLINE, 3)
    assert deadline.date == cycle.self_assessment_end
    assert "3 hari lagi" in deadline.text
    cycle.self_assessment_end = timezone.localdate() - datetime.timedelta(days=1)
    cycle.save()
    # Window closed: no sign-off (window_closed), no deadline.
    assert kinds(world, "pimpinan") == []


def test_deadline_counts_the_latest_extension_of_its_own_unit_and_phase(world: World) -> None:
    # The phase ends of every listed assessment are read at once (window_ends_read): only the
    # unit's own extensions of that phase count, the latest of them.
    cycle = world.own.cycle
    cycle.self_assessment_end = timezone.localdate() - datetime.timedelta(days=1)
    cycle.save()
    assert kinds(world, "pimpinan") == []

    def extend(unit: Any, phase: str, days: int) -> None:
        WindowExtension.objects.create(
            cycle=cycle,
            unit=unit,
            phase=phase,
            new_end=timezone.localdate() + datetime.timedelta(days=days),
            reason="banjir",
        )

    extend(world.sibling.unit, Phase.SELF_ASSESSMENT, 9)
    extend(world.own.unit, Phase.REVIEW, 8)
    assert kinds(world, "pimpinan") == []
    extend(world.own.unit, Phase.SELF_ASSESSMENT, 2)
    extend(world.own.unit, Phase.SELF_ASSESSMENT, 5)
    deadline = tasks_for_user(user=world.users["pimpinan"])[-1]
    assert (deadline.kind, deadline.days_left) == (Kind.DEADLINE, 5)
    assert kinds(world, "pimpinan") == [Kind.SIGN_OFF, Kind.DEADLINE]


def test_finished_assessments_give_no_tasks(world: World) -> None:
    set_status(world.own, Assessment.Status.EVALUATED)
    for persona in PERSONAS:
        assert kinds(world, persona) == [], persona


def test_english_sentences(world: World) -> None:
    from django.utils import translation

    with translation.override("en"):
        tasks = tasks_for_user(user=world.users["pimpinan"])
    year = world.own.cycle.year
    assert tasks[0].text == f"Sign off the submission of the assessment Unit Satu {year}."


def _busy_user(world: World, units: int) -> Any:
    """A tim kerja and pimpinan of `units` units, each in revision with a flag and a comment."""
    user = UserFactory(username=f"sibuk{units}")
    for i in range(units):
        unit = UnitFactory(parent=world.instansi)
        a = AssessmentFactory(
            unit=unit, cycle=world.own.cycle, framework=world.own.framework, status="revision"
        )
        MembershipFactory(user=user, unit=unit, role=Role.TIM_KERJA)
        MembershipFactory(user=user, unit=unit, role=Role.PIMPINAN_UNIT)
        ReviewerAssignmentFactory(reviewer=world.users["tpi"], unit=unit, cycle=a.cycle)
        q = question_in_area(world, 1 + i % 3)
        ReviewFlagFactory(assessment=a, code=q.code, returned_at=timezone.now())
        CommentFactory(assessment=a, code=q.code, author=world.users["tpi"])
    return user


def test_query_count_is_bounded_per_assessment(
    world: World, django_assert_max_num_queries: Any
) -> None:
    user = _busy_user(world, 4)
    # Measured: 6 shared reads (assessments, sides, comments, submissions, the plan items due)
    # + 8 per assessment (access, sign-off and submit rules, flags, window); finished
    # assessments cost nothing.
    with django_assert_max_num_queries(6 + 8 * 4):
        tasks = tasks_for_user(user=user)
    # Per unit: sign-off, the flag (comment is on the flagged question), its comment, deadline.
    assert [t.kind for t in tasks].count(Kind.FLAG_FIX) == 4
    assert [t.kind for t in tasks].count(Kind.SIGN_OFF) == 4
    assert len(tasks) == 16
