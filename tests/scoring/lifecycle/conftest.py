"""An assessment of the world's own unit finalised "layak", its prerequisites recorded."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.utils import timezone

from scoring.lifecycle import services
from tests.conftest import World
from zi_portal.models import Assessment

INSTANSI_VALUES = {"opini_bpk": "WTP", "sakip_instansi": "BB", "spip_maturity": "3"}
UNIT_VALUES = {
    "tlhp_percent": "100",
    "lhkpn_percent": "100",
    "lhkasn_percent": "100",
    "pencanangan": "2020-01-02",
    "sakip_unit": "BB",
}


def make_layak(a: Assessment) -> Assessment:
    a.status = Assessment.Status.EVALUATED
    a.recommendation = Assessment.Recommendation.LAYAK
    a.save(update_fields=["status", "recommendation"])
    return a


def record_all(world: World, a: Assessment, *, skip: str = "") -> None:
    admin = world.users["admin"]
    today = timezone.localdate()
    for kind, value in INSTANSI_VALUES.items():
        services.prerequisite_record(
            actor=admin, cycle=a.cycle, unit=world.instansi, kind=kind, value=value, valid_on=today
        )
    for kind, value in UNIT_VALUES.items():
        if kind != skip:
            services.prerequisite_record(
                actor=admin, cycle=a.cycle, unit=a.unit, kind=kind, value=value, valid_on=today
            )


@pytest.fixture
def ready(world: World) -> Assessment:
    """world.own, evaluated "layak", every prerequisite met, a quota of one."""
    make_layak(world.own)
    record_all(world, world.own)
    services.quota_set(
        actor=world.users["admin"], cycle=world.own.cycle, instansi=world.instansi, units=1
    )
    return world.own


def propose(world: World, a: Assessment, predicate: str = "WBK") -> Any:
    return services.assessment_propose(
        actor=world.users["admin"], assessment=a, predicate=predicate, on=timezone.localdate()
    )


DAY = datetime.date(2026, 11, 1)
