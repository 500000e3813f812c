"""The demo's ZI cycle after the TPI (issue 12), played through the lifecycle services:

- the instansi's quota (2 units) and its prerequisites (opini BPK WTP, SAKIP BB, SPIP level 3);
- unit 1: every unit prerequisite met, proposed to TPN for WBK by the admin (the admin's next
  step: record the pra-evaluasi on its assessment page);
- unit 3: every prerequisite recorded but LHKASN, so its prerequisites panel shows it missing
  and a proposal would be refused naming it (`tpn_prerequisite_missing`; unit 3 is in revision,
  so the page first says it is not evaluated "layak");
- unit 2: Menuju WBK granted last year by decree (its predicate history), so it now builds
  toward WBBM.

Idempotent: nothing is replayed once the quota is recorded; a demo seeded before (unit 1
"belum layak") gets the prerequisites and unit 2's decree, not a proposal.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone

from evidence.models import Evidence
from zi_portal.models import Assessment, Unit

INSTANSI_VALUES = {"opini_bpk": "WTP", "sakip_instansi": "BB", "spip_maturity": "3"}
UNIT_VALUES = {
    "tlhp_percent": "100",
    "lhkpn_percent": "100",
    "lhkasn_percent": "100",
    "sakip_unit": "B",
}
UNIT3_MISSING = "lhkasn_percent"
UNIT2_DECREE = "SK MenPANRB B/1234/M.RB.06/{year}"


def _pencanangan(today: datetime.date) -> str:
    """The declaration of building: two years ago (at least one year of building)."""
    return today.replace(year=today.year - 2, month=1, day=15).isoformat()


def demo_lifecycle(assessments: list[Assessment], users: dict[str, Any]) -> None:
    from scoring.lifecycle.models import ProposalQuota
    from scoring.lifecycle.services import (
        assessment_propose,
        prerequisite_record,
        quota_set,
    )

    unit1, unit2, unit3 = assessments
    admin, today = users["admin"], timezone.localdate()
    cycle, instansi = unit1.cycle, unit1.unit.parent
    assert instansi is not None  # noqa: S101 - the demo units belong to the demo instansi
    if ProposalQuota.objects.filter(cycle=cycle, instansi=instansi).exists():
        return  # played already (the quota is the first write)
    quota_set(actor=admin, cycle=cycle, instansi=instansi, units=2)
    source = Evidence.objects.filter(assessment=unit1).order_by("pk").first()
    for kind, value in INSTANSI_VALUES.items():
        prerequisite_record(
            actor=admin, cycle=cycle, unit=instansi, kind=kind, value=value, valid_on=today
        )
    for a in (unit1, unit3):
        values = {**UNIT_VALUES, "pencanangan": _pencanangan(today)}
        for kind, value in values.items():
            if a is unit3 and kind == UNIT3_MISSING:
                continue
            prerequisite_record(
                actor=admin,
                cycle=cycle,
                unit=a.unit,
                kind=kind,
                value=value,
                valid_on=today,
                source=source if a is unit1 else None,
            )
    unit1.refresh_from_db()
    # A demo seeded before issue 12 finalised unit 1 "belum layak": it keeps that state.
    if unit1.status == Assessment.Status.EVALUATED and unit1.recommendation == "layak":
        assessment_propose(actor=admin, assessment=unit1, predicate="WBK", on=today)
    _unit2_granted_last_year(unit2.unit, admin, today)


def _unit2_granted_last_year(unit: Unit, admin: Any, today: datetime.date) -> None:
    """Unit 2 holds Menuju WBK from last year's decree: it now builds toward WBBM."""
    from scoring.predicates.models import Predicate
    from scoring.predicates.services import predicate_grant

    if Predicate.objects.filter(unit=unit).exists():
        return
    last = today.year - 1
    predicate_grant(
        actor=admin,
        unit=unit,
        kind="WBK",
        decree_number=UNIT2_DECREE.format(year=last),
        decree_date=datetime.date(last, 12, 10),
    )
