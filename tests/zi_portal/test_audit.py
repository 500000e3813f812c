"""The audit trail covers every row a person changes: organisation, schedule, framework."""

from __future__ import annotations

import copy
import datetime

import pytest
from auditlog.models import LogEntry
from auditlog.registry import auditlog
from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from areas.models import Framework, Question
from areas.services import framework_load, framework_read_fixture
from scoring.services import workflow
from tests.conftest import World
from tests.factories import CycleFactory, ReviewerAssignmentFactory, UnitFactory
from zi_portal.models import Cycle, Phase, ReviewerAssignment, Unit, WindowExtension

pytestmark = pytest.mark.django_db

AUDITED = [
    "zi_portal.Unit",
    "zi_portal.Membership",
    "zi_portal.Cycle",
    "zi_portal.ReviewerAssignment",
    "zi_portal.WindowExtension",
    "zi_portal.Assessment",
    "areas.Framework",
    "areas.Area",
    "areas.Part",
    "areas.Indicator",
    "areas.HasilComponent",
    "areas.Question",
    "areas.AnswerOption",
    "areas.CountInput",
    "areas.ExpectedDocument",
    "areas.RuleSet",
    "evidence.Evidence",
    "evidence.ReviewFlag",
    "scoring.Answer",
]


@pytest.mark.parametrize("label", AUDITED)
def test_model_is_audited(label: str) -> None:
    assert auditlog.contains(apps.get_model(label))


def _entries(obj: object) -> list[LogEntry]:
    return list(LogEntry.objects.get_for_object(obj).order_by("pk"))


def test_window_extension_through_the_service_is_logged_with_its_actor(world: World) -> None:
    admin = world.users["admin"]
    ext = workflow.window_extend(
        actor=admin,
        assessment=world.own,
        phase=Phase.SELF_ASSESSMENT,
        new_end=max(world.own.window_end(Phase.SELF_ASSESSMENT), timezone.localdate())
        + datetime.timedelta(days=7),
        reason="banjir",
    )
    (entry,) = _entries(ext)
    assert entry.action == LogEntry.Action.CREATE
    assert entry.actor == admin
    assert isinstance(ext, WindowExtension)


def test_reviewer_assignment_cycle_and_unit_changes_are_logged(world: World) -> None:
    unit = UnitFactory(name="Unit Tiga", parent=world.instansi)
    assert [e.action for e in _entries(unit)] == [LogEntry.Action.CREATE]
    unit.name = "Unit Tiga (baru)"
    unit.save()
    change = _entries(unit)[-1]
    assert change.action == LogEntry.Action.UPDATE
    assert change.changes_dict["name"] == ["Unit Tiga", "Unit Tiga (baru)"]

    cycle = CycleFactory(year=2031)
    cycle.review_end += datetime.timedelta(days=3)
    cycle.save()
    assert [e.action for e in _entries(cycle)] == [
        LogEntry.Action.CREATE,
        LogEntry.Action.UPDATE,
    ]

    assignment = ReviewerAssignmentFactory(reviewer=world.users["tpi"], unit=unit, cycle=cycle)
    pk = assignment.pk
    assignment.delete()
    actions = LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(ReviewerAssignment), object_pk=str(pk)
    ).values_list("action", flat=True)
    assert sorted(actions) == [LogEntry.Action.CREATE, LogEntry.Action.DELETE]
    assert Unit.objects.filter(pk=unit.pk).exists() and Cycle.objects.filter(pk=cycle.pk).exists()


def test_a_framework_row_edited_by_a_person_is_logged(world: World) -> None:
    question = Question.objects.get(framework=world.own.framework, code="A.I.1.i.a")
    question.explanation = "Penjelasan baru"
    question.save()
    (entry,) = _entries(question)
    assert entry.action == LogEntry.Action.UPDATE


def test_loading_the_framework_fixture_writes_no_log_entries(framework: Framework) -> None:
    # A version no assessment uses (one in use refuses the changed file).
    data = copy.deepcopy(framework_read_fixture())
    question = data["areas"][0]["parts"][0]["indicators"][0]["questions"][0]
    question["explanation"] = "Diubah oleh fixture"
    before = LogEntry.objects.count()
    summary = framework_load(data=data)
    assert summary.changed == 1
    assert Question.objects.get(framework=framework, code=question["code"]).explanation == (
        "Diubah oleh fixture"
    )
    assert LogEntry.objects.count() == before
