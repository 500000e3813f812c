"""Permission matrix of the predicate pages and actions (scoring/predicates): persona x URL ->
status.

Only the admin of the unit's instansi sees the pages and writes; people who may see the unit get
the 403 page with `predicate_not_admin`; an outsider and an admin of another instansi get 404 on
this instansi's unit and its predicates (nothing confirms they exist).
"""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from scoring.predicates.models import Predicate
from scoring.predicates.services import predicate_grant
from tests.conftest import World
from tests.factories import MembershipFactory
from zi_portal.models import Role

pytestmark = pytest.mark.django_db

PERSONAS = [
    "admin",
    "tim_kerja",
    "pimpinan",
    "tpi",
    "pimpinan_instansi",
    "outsider",
    "other_admin",
]
# expected per persona: index GET, unit page GET, grant POST, revoke POST
EXPECTED = {
    "admin": (200, 200, 302, 302),
    "tim_kerja": (403, 403, 403, 403),
    "pimpinan": (403, 403, 403, 403),
    "tpi": (403, 403, 403, 403),
    "pimpinan_instansi": (403, 403, 403, 403),
    "outsider": (403, 404, 404, 404),
    "other_admin": (200, 404, 404, 404),
}


@pytest.mark.parametrize("persona", PERSONAS)
def test_predicate_permission_matrix(world: World, persona: str) -> None:
    unit = world.own.unit
    row = predicate_grant(
        actor=world.users["admin"],
        unit=unit,
        kind="WBK",
        decree_number="SK 1/2025",
        decree_date=datetime.date(2025, 12, 10),
    )
    if persona == "other_admin":
        MembershipFactory(
            user=world.users["outsider"], unit=world.other.unit.parent, role=Role.ADMIN
        )
    client = world.client("outsider" if persona == "other_admin" else persona)
    responses = (
        client.get(reverse("predicates:index")),
        client.get(reverse("predicates:unit", args=[unit.pk])),
        client.post(
            reverse("predicates:grant", args=[unit.pk]),
            {"kind": "WBBM", "decree_number": "SK 2/2026", "decree_date": "2026-01-05"},
        ),
        client.post(reverse("predicates:revoke", args=[row.pk]), {"reason": "Dicabut"}),
    )
    assert tuple(r.status_code for r in responses) == EXPECTED[persona]
    for r in responses:
        if r.status_code == 403:
            assert r["X-Refusal-Code"] == "predicate_not_admin"
    row.refresh_from_db()
    if persona == "admin":
        assert row.is_revoked and Predicate.objects.filter(kind="WBBM").exists()
    else:
        assert not row.is_revoked and Predicate.objects.count() == 1


def test_get_on_the_actions_is_not_allowed(world: World) -> None:
    client = world.client("admin")
    assert client.get(reverse("predicates:grant", args=[world.own.unit.pk])).status_code == 405
    assert client.get(reverse("predicates:revoke", args=[1])).status_code == 405
