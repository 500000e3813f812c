"""Permission matrix of the rencana aksi pages and actions (scoring/plans): persona x URL ->
status, with the refusal code of every 403.

Whoever sees the assessment reads the plan and its items (200); only the unit's tim kerja whose
areas cover the item's indicator writes (the restricted member's areas are 1 and 2, the item is
in area 3: plan_area_not_yours); pimpinan, TPI, pimpinan instansi and admin comment but do not
edit (plan_not_member); an outsider gets 404 everywhere (nothing confirms the plan exists).
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from areas.models import Indicator
from scoring.plans.models import PlanEvidence, PlanItem, PlanNote
from scoring.plans.services import plan_evidence_link, plan_item_create
from tests.conftest import World
from tests.factories import EvidenceFactory

pytestmark = pytest.mark.django_db

R, W = 200, 302  # read, written (redirect back to the item)
NM, AR = "plan_not_member", "plan_area_not_yours"
READER = (R, NM, NM, R, NM, NM, NM, W, NM, NM, NM)
# plan, create GET, create POST, item, edit GET, edit POST, status, comment, progress, link, unlink
EXPECTED: dict[str, tuple[int | str, ...]] = {
    "tim_kerja": (R, R, W, R, R, W, W, W, W, W, W),
    "tim_kerja_restricted": (R, R, AR, R, AR, AR, AR, W, AR, AR, AR),
    "pimpinan": READER,
    "tpi": READER,
    "pimpinan_instansi": READER,
    "admin": READER,
    "outsider": (404,) * 11,
}


def _indicator(world: World, area_no: int) -> Indicator:
    ind = Indicator.objects.filter(
        part__area__framework=world.own.framework, part__area__no=area_no
    ).first()
    assert ind is not None
    return ind


@pytest.mark.parametrize("persona", list(EXPECTED))
def test_plan_permission_matrix(world: World, persona: str) -> None:
    ind = _indicator(world, 3)
    item = plan_item_create(
        actor=world.users["tim_kerja"], assessment=world.own, indicator=ind, step="Langkah"
    )
    linked = EvidenceFactory(assessment=world.own)
    plan_evidence_link(actor=world.users["tim_kerja"], item=item, evidence=linked)
    other_ev = EvidenceFactory(assessment=world.own)
    a, i = world.own.pk, item.pk
    form = {"indicator": ind.pk, "step": "Langkah baru", "status": "planned"}
    client = world.client(persona)
    responses = (
        client.get(reverse("plans:plan", args=[a])),
        client.get(reverse("plans:item_create", args=[a])),
        client.post(reverse("plans:item_create", args=[a]), form),
        client.get(reverse("plans:item", args=[a, i])),
        client.get(reverse("plans:item_edit", args=[a, i])),
        client.post(reverse("plans:item_edit", args=[a, i]), {**form, "version": 1}),
        client.post(reverse("plans:item_status", args=[a, i]), {"status": "in_progress"}),
        client.post(reverse("plans:note_add", args=[a, i]), {"kind": "comment", "text": "K"}),
        client.post(reverse("plans:note_add", args=[a, i]), {"kind": "progress", "text": "P"}),
        client.post(reverse("plans:evidence_link", args=[a, i]), {"evidence": other_ev.pk}),
        client.post(reverse("plans:evidence_unlink", args=[a, i, linked.pk])),
    )
    got = tuple(r["X-Refusal-Code"] if r.status_code == 403 else r.status_code for r in responses)
    assert got == EXPECTED[persona]
    writer = persona == "tim_kerja"
    assert PlanItem.objects.count() == (2 if writer else 1)
    item.refresh_from_db()
    assert (item.step, item.status) == (
        ("Langkah baru", "in_progress") if writer else ("Langkah", "planned")
    )
    comments = 0 if persona == "outsider" else 1
    assert PlanNote.objects.filter(kind="comment").count() == comments
    assert PlanNote.objects.filter(kind="progress").count() == (1 if writer else 0)
    assert set(PlanEvidence.objects.values_list("evidence_id", flat=True)) == (
        {other_ev.pk} if writer else {linked.pk}
    )


def test_get_on_the_actions_is_not_allowed(world: World) -> None:
    client = world.client("tim_kerja")
    a = world.own.pk
    for name, args in (
        ("plans:item_status", [a, 1]),
        ("plans:note_add", [a, 1]),
        ("plans:evidence_link", [a, 1]),
        ("plans:evidence_unlink", [a, 1, 1]),
    ):
        assert client.get(reverse(name, args=args)).status_code == 405
