"""The data migration: a unit already marked as holding WBK keeps it, as a predicate row "from
before the portal" (decree unknown)."""

from __future__ import annotations

import importlib
from typing import Any

import pytest
from django.apps import apps

from scoring.predicates.models import Predicate
from scoring.predicates.selectors import current_predicate, unit_holds_wbk
from zi_portal.models import Unit

pytestmark = pytest.mark.django_db
migration = importlib.import_module("scoring.predicates.migrations.0002_before_portal")


def test_existing_holders_become_history_and_nothing_changes(world: Any) -> None:
    Unit.objects.filter(pk=world.own.unit.pk).update(holds_wbk=True)
    migration.forwards(apps, None)
    migration.forwards(apps, None)  # twice: still one row
    row = Predicate.objects.get()
    assert (row.unit_id, row.kind, row.before_portal) == (world.own.unit.pk, "WBK", True)
    assert (row.decree_number, row.decree_date, row.reevaluation_due) == ("", None, None)
    unit = Unit.objects.get(pk=world.own.unit.pk)
    assert (unit.holds_wbk, unit.predicate, unit.predicate_date) == (True, "WBK", None)
    assert unit_holds_wbk(unit) and current_predicate(unit) == row
    assert not Predicate.objects.filter(unit=world.sibling.unit).exists()
    migration.backwards(apps, None)
    assert not Predicate.objects.exists()


def test_a_restored_holder_gets_its_history_row(world: Any, tmp_path: Any) -> None:
    """A backup restored where its unit does not exist: the unit's "holds WBK" comes with a
    predicate row (from before the portal), so the history and the copy agree."""
    from scoring.transfer.backup import export_assessment
    from scoring.transfer.restore import import_assessment

    Unit.objects.filter(pk=world.own.unit.pk).update(holds_wbk=True)
    world.own.refresh_from_db()
    archive = tmp_path / "a.zip"
    export_assessment(assessment=world.own, output=archive)
    Unit.objects.filter(pk=world.own.unit.pk).update(code="LAMA", slug="unit-lama")
    result = import_assessment(source=archive)
    unit = result.assessment.unit
    assert result.created_unit and unit.pk != world.own.unit.pk
    assert (unit.holds_wbk, unit.predicate) == (True, "WBK")
    row = Predicate.objects.get(unit=unit)
    assert row.before_portal and unit_holds_wbk(unit)
