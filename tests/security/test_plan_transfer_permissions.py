"""Permission matrix of the plan's Excel export and import (scoring/plans/transfer): persona x
URL -> status.

Everyone who sees the assessment downloads the plan (plan_read_refusal); only the tim kerja
opens the import, previews and applies (plan_edit_refusal: `plan_not_member` for the others);
the tim kerja restricted to areas I and II imports rows of those areas; an outsider gets 404.
"""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from areas.models import Indicator
from scoring.plans.models import PlanItem
from scoring.plans.transfer.imports import ImportPlan, PlannedItem
from scoring.plans.transfer.payload import plan_to_payload
from tests.conftest import World
from tests.scoring.plans.transfer_workbooks import row, seed_workbook

pytestmark = pytest.mark.django_db

PERSONAS = [
    "tim_kerja",
    "tim_kerja_restricted",
    "tpi",
    "pimpinan",
    "pimpinan_instansi",
    "admin",
    "outsider",
]
# export GET, import GET, import POST (preview), apply POST
EXPECTED = {
    "tim_kerja": (200, 200, 200, 302),
    "tim_kerja_restricted": (200, 200, 200, 302),
    "tpi": (200, 403, 403, 403),
    "pimpinan": (200, 403, 403, 403),
    "pimpinan_instansi": (200, 403, 403, 403),
    "admin": (200, 403, 403, 403),
    "outsider": (404, 404, 404, 404),
}


def _payload(world: World, persona: str) -> str:
    ind = Indicator.objects.get(part__area__framework=world.own.framework, code="A.I.1.i")
    item = PlannedItem(
        row=6, indicator_id=ind.pk, indicator_code=ind.code, indicator_name=ind.name, step="SK"
    )
    plan = ImportPlan(world.own.pk, (item,))
    return plan_to_payload(plan, user_id=world.users[persona].pk)


@pytest.mark.parametrize("persona", PERSONAS)
def test_plan_transfer_permission_matrix(world: World, persona: str) -> None:
    client = world.client(persona)
    pk = world.own.pk
    workbook = seed_workbook([row("I", "MANAJEMEN PERUBAHAN"), row(1, "Tim Kerja", None, "SK")])
    responses = (
        client.get(reverse("plan_transfer:export", args=[pk])),
        client.get(reverse("plan_transfer:import", args=[pk])),
        client.post(
            reverse("plan_transfer:import", args=[pk]),
            {"workbook": SimpleUploadedFile("plan.xlsx", workbook)},
        ),
        client.post(reverse("plan_transfer:apply", args=[pk]), {"plan": _payload(world, persona)}),
    )
    assert tuple(r.status_code for r in responses) == EXPECTED[persona]
    for r in responses:
        if r.status_code == 403:
            assert r["X-Refusal-Code"] == "plan_not_member"
    created = PlanItem.objects.filter(assessment=world.own)
    assert created.count() == (1 if EXPECTED[persona][3] == 302 else 0)


def test_a_restricted_member_cannot_apply_rows_outside_their_areas(world: World) -> None:
    """A signed payload is no way around the rule: the apply re-checks every row's area, and
    the refused second row rolls back the first."""
    fw = world.own.framework
    items = tuple(
        PlannedItem(
            row=n, indicator_id=ind.pk, indicator_code=ind.code, indicator_name=ind.name, step="X"
        )
        for n, ind in enumerate(
            Indicator.objects.filter(
                part__area__framework=fw, code__in=["A.I.1.i", "A.I.3.ii"]
            ).order_by("code"),
            start=6,
        )
    )
    assert [i.indicator_code for i in items] == ["A.I.1.i", "A.I.3.ii"]
    payload = plan_to_payload(
        ImportPlan(world.own.pk, items), user_id=world.users["tim_kerja_restricted"].pk
    )
    response = world.client("tim_kerja_restricted").post(
        reverse("plan_transfer:apply", args=[world.own.pk]), {"plan": payload}
    )
    assert response.status_code == 403
    assert response["X-Refusal-Code"] == "plan_area_not_yours"
    assert not PlanItem.objects.exists()


@pytest.mark.parametrize("name", ["export", "import"])
def test_other_units_plan_is_404(world: World, name: str) -> None:
    response = world.client("tim_kerja").get(
        reverse(f"plan_transfer:{name}", args=[world.other.pk])
    )
    assert response.status_code == 404


def test_get_on_apply_is_not_allowed(world: World) -> None:
    url = reverse("plan_transfer:apply", args=[world.own.pk])
    assert world.client("tim_kerja").get(url).status_code == 405
