"""Permission matrix of the TPN pages and actions (scoring/lifecycle): persona x URL -> status.

Only the admin of the unit's instansi writes; members of the unit get the 403 page with
`tpn_not_admin` on the assessment's URLs (they may see the assessment) and a 404 on the
instansi's URLs; an admin of another instansi gets 404 everywhere on this instansi's objects.
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from scoring.lifecycle.models import PrerequisiteValue, Proposal, ProposalQuota, TpnStep
from tests.conftest import World
from tests.factories import MembershipFactory
from zi_portal.models import Role

pytestmark = pytest.mark.django_db

PERSONAS = ["tim_kerja", "pimpinan", "tpi", "pimpinan_instansi", "outsider", "other_admin"]
# expected status per persona for: page GET, propose, step, unit value, quota, instansi value
EXPECTED = {
    "tim_kerja": (403, 403, 403, 403, 404, 404),
    "pimpinan": (403, 403, 403, 403, 404, 404),
    "tpi": (403, 403, 403, 403, 404, 404),
    "pimpinan_instansi": (403, 403, 403, 403, 404, 404),
    "outsider": (403, 404, 404, 404, 404, 404),
    "other_admin": (200, 404, 404, 404, 404, 404),
}


@pytest.mark.parametrize("persona", PERSONAS)
def test_lifecycle_permission_matrix(world: World, persona: str) -> None:
    a = world.own
    a.status, a.recommendation = "evaluated", "layak"
    a.save()
    if persona == "other_admin":
        MembershipFactory(
            user=world.users["outsider"], unit=world.other.unit.parent, role=Role.ADMIN
        )
    client = world.client("outsider" if persona == "other_admin" else persona)
    year = a.cycle.year
    got = (
        client.get(reverse("lifecycle:proposals")).status_code,
        client.post(reverse("lifecycle:propose", args=[a.pk]), {"predicate": "WBK"}).status_code,
        client.post(reverse("lifecycle:step", args=[a.pk]), {"stage": "pra_evaluasi"}).status_code,
        client.post(
            reverse("lifecycle:unit_prerequisite", args=[a.pk]),
            {"kind": "tlhp_percent", "value": "100", "valid_on": "2026-01-01"},
        ).status_code,
        client.post(
            reverse("lifecycle:quota", args=[year, world.instansi.pk]), {"units": "5"}
        ).status_code,
        client.post(
            reverse("lifecycle:instansi_prerequisite", args=[year, world.instansi.pk]),
            {"kind": "opini_bpk", "value": "WTP", "valid_on": "2026-01-01"},
        ).status_code,
    )
    assert got == EXPECTED[persona]
    for model in (PrerequisiteValue, Proposal, ProposalQuota, TpnStep):
        assert not model.objects.exists()


def test_get_on_the_actions_is_not_allowed(world: World) -> None:
    client = world.client("admin")
    for name in ("propose", "step", "unit_prerequisite"):
        assert client.get(reverse(f"lifecycle:{name}", args=[world.own.pk])).status_code == 405
