"""The prerequisite document in use and the values recorded for a unit in a cycle."""

from __future__ import annotations

import datetime
import json
from functools import cache
from pathlib import Path

from django.conf import settings
from django.utils import timezone

from scoring.engine.prerequisites import (
    PrereqResult,
    PrereqSet,
    prereq_set_from_document,
    prerequisites_evaluate,
)
from scoring.lifecycle.models import PrerequisiteValue
from scoring.predicates.selectors import unit_holds_wbk
from zi_portal.models import Cycle, Unit

PREREQUISITES_FILE = "prerequisites-permenpanrb-90-2021.json"
HELD_KIND = "wbk_held"


@cache
def prerequisite_set() -> PrereqSet:
    path = Path(settings.BASE_DIR) / "fixtures" / PREREQUISITES_FILE
    return prereq_set_from_document(json.loads(path.read_text(encoding="utf-8")))


def instansi_of(unit: Unit) -> Unit:
    return unit.parent if unit.parent_id is not None and unit.parent is not None else unit


def holds_wbk(unit: Unit, on: datetime.date) -> bool:
    """WBK already held on `on`: from the unit's predicate history (a revoked grant does not
    count)."""
    return unit_holds_wbk(unit, on)


def recorded_values(
    *, cycle: Cycle, unit: Unit, with_source: bool = True
) -> dict[str, PrerequisiteValue]:
    """The recorded rows that apply to `unit` in `cycle`: its own and its instansi's, by kind
    (`with_source`: with each row's source document, which only the proposals page shows)."""
    pset = prerequisite_set()
    instansi = instansi_of(unit)
    rows = PrerequisiteValue.objects.filter(cycle=cycle, unit__in={unit.pk, instansi.pk})
    out: dict[str, PrerequisiteValue] = {}
    for row in rows.select_related("source") if with_source else rows:
        level = pset.kind(row.kind).level if row.kind in pset.codes() else None
        if (level == "unit" and row.unit_id == unit.pk) or (
            level == "instansi" and row.unit_id == instansi.pk
        ):
            out[row.kind] = row
    return out


def prerequisites_for(
    *,
    cycle: Cycle,
    unit: Unit,
    predicate: str,
    on: datetime.date | None = None,
    held: bool | None = None,
) -> tuple[PrereqResult, ...]:
    """`held`: whether the unit holds WBK on `on`, when the caller knows it already (else read)."""
    on = on or timezone.localdate()
    recorded = recorded_values(cycle=cycle, unit=unit, with_source=False)
    values = {kind: row.value for kind, row in recorded.items()}
    held = holds_wbk(unit, on) if held is None else held
    values[HELD_KIND] = "WBK" if held else ""
    return prerequisites_evaluate(prerequisite_set(), predicate=predicate, values=values, on=on)
