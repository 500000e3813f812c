"""A carried assessment goes through backup and restore: its answers stay "to confirm"."""

from __future__ import annotations

from pathlib import Path

import pytest

from scoring.cycle.services import cycle_start
from scoring.models import Answer
from scoring.transfer.backup import export_assessment
from scoring.transfer.restore import import_assessment
from tests.conftest import World
from tests.factories import AnswerFactory
from zi_portal.models import Assessment, Cycle, Unit

pytestmark = pytest.mark.django_db


def test_carried_answers_survive_a_round_trip(world: World, tmp_path: Path) -> None:
    AnswerFactory(assessment=world.own, code="A.I.1.i.a")
    cycle_start(actor=None, year=world.own.cycle.year + 1)
    new = Assessment.objects.get(unit=world.own.unit, cycle__year=world.own.cycle.year + 1)
    archive = tmp_path / "a.zip"
    export_assessment(assessment=new, output=archive)
    Unit.objects.filter(pk=new.unit_id).update(code="LAMA", slug="lama")
    Cycle.objects.filter(pk=new.cycle_id).update(year=1999)
    restored = import_assessment(source=archive).assessment
    row = Answer.objects.get(assessment=restored)
    assert (row.needs_confirmation, row.carried_from_id, row.choice) == (
        True,
        None,
        Answer.objects.get(assessment=new).choice,
    )
