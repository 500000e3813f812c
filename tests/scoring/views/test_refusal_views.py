"""Answer and workflow views answer a refusal with the one 403 page: the reason, and its code in
the X-Refusal-Code header and the data-refusal-code attribute (tests assert codes, not wording)."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from scoring.models import Answer
from tests.conftest import World
from tests.factories import ReviewFlagFactory
from tests.scoring.services.test_answers import AREA3_CODE, CHOICE_CODE, set_status

pytestmark = pytest.mark.django_db


def refusal_code(response: Any) -> str:
    assert response.status_code == 403, response.status_code
    body = response.content.decode()
    code = response["X-Refusal-Code"]
    assert f'data-refusal-code="{code}"' in body
    return code


def answer(
    world: World, persona: str, side: str, data: dict[str, str], code: str = CHOICE_CODE
) -> Any:
    url = reverse("scoring:answer_save", args=[world.own.pk, code, side])
    return world.client(persona).post(url, data)


def test_answer_refusals(world: World) -> None:
    assert refusal_code(answer(world, "tpi", "unit", {"unit-choice": "Ya"})) == "not_tim_kerja"
    assert refusal_code(answer(world, "tim_kerja", "tpi", {"tpi-choice": "Ya"})) == "not_tpi"
    restricted = answer(world, "tim_kerja_restricted", "unit", {"unit-choice": "Ya"}, AREA3_CODE)
    assert refusal_code(restricted) == "area_not_assigned"
    assert refusal_code(answer(world, "tpi", "tpi", {"tpi-choice": "Ya"})) == "tpi_side_locked"
    assert refusal_code(answer(world, "tim_kerja", "kiri", {})) == "unknown_side"
    set_status(world.own, "submitted")
    # The refusal outranks bad input: an invalid choice on a locked question is still 403.
    assert refusal_code(answer(world, "tim_kerja", "unit", {"unit-choice": "?"})) == (
        "unit_side_locked"
    )
    assert not Answer.objects.exists()


def test_workflow_refusals(world: World) -> None:
    pk = world.own.pk
    version = {"version": str(world.own.version)}
    submit = world.client("tim_kerja").post(reverse("scoring:submit", args=[pk]), version)
    assert refusal_code(submit) == "signoff_missing"
    sign_off = world.client("tim_kerja").post(reverse("scoring:sign_off", args=[pk]), version)
    assert refusal_code(sign_off) == "not_pimpinan_unit"
    set_status(world.own, "in_review")
    tpi = world.client("tpi")
    assert refusal_code(tpi.post(reverse("scoring:return", args=[pk]), version)) == (
        "no_open_flags"
    )
    ReviewFlagFactory(assessment=world.own, code=CHOICE_CODE)
    finalise = tpi.post(
        reverse("scoring:finalise", args=[pk]),
        {**version, "recommendation": "layak", "recommendation_text": "Layak"},
    )
    assert refusal_code(finalise) == "open_flags"
    flag = world.client("tim_kerja").post(
        reverse("scoring:question_flag", args=[pk, CHOICE_CODE]), {"note": "x"}
    )
    assert refusal_code(flag) == "not_tpi"
    extend = world.client("tpi").post(
        reverse("scoring:window_extend", args=[pk]),
        {"phase": "review", "new_end": "2099-01-01", "reason": "Banjir"},
    )
    assert refusal_code(extend) == "not_admin"
