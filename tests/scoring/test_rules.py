"""scoring/rules.py: each rules function's refusal code for every refused case, None when allowed;
and the services raise exactly that refusal (Refused carrying the code)."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.utils import timezone

from evidence.rules import Code as EvidenceCode
from scoring import rules
from scoring.models import Side
from scoring.rules import Code
from scoring.services import answers as answer_services
from scoring.services import workflow
from tests.conftest import PERSONAS, World
from tests.factories import AnswerFactory, EvidenceFactory, ReviewFlagFactory
from tests.scoring.services.test_answers import AREA3_CODE, CHOICE_CODE, q, set_status
from zi_portal.access import access_for
from zi_portal.models import Assessment
from zi_portal.refusals import Refused
from zi_portal.rules import Code as SpineCode

pytestmark = pytest.mark.django_db

S = Assessment.Status


def code(refusal: Any) -> str | None:
    return None if refusal is None else refusal.code


def access(world: World, persona: str) -> Any:
    return access_for(world.users[persona], world.own)


def signed_off(world: World, *, minutes_ago: int = 0) -> None:
    at = timezone.now() - datetime.timedelta(minutes=minutes_ago)
    Assessment.objects.filter(pk=world.own.pk).update(
        signed_off_at=at, signed_off_by=world.users["pimpinan"]
    )
    world.own.refresh_from_db()


def close_window(world: World, phase_end: str) -> None:
    cycle = world.own.cycle
    setattr(cycle, phase_end, timezone.localdate() - datetime.timedelta(days=1))
    cycle.save()
    world.own.refresh_from_db()


# --------------------------------------------------------------------------- answers


@pytest.mark.parametrize("persona", PERSONAS)
def test_answer_unit_and_tpi_side_by_persona(world: World, persona: str) -> None:
    question = q(CHOICE_CODE)
    unit = rules.answer_refusal(
        access=access(world, persona), assessment=world.own, question=question, side=Side.UNIT
    )
    assert code(unit) == (
        None if persona in ("tim_kerja", "tim_kerja_restricted") else EvidenceCode.NOT_TIM_KERJA
    )
    set_status(world.own, S.IN_REVIEW)
    tpi = rules.answer_refusal(
        access=access(world, persona), assessment=world.own, question=question, side=Side.TPI
    )
    assert code(tpi) == (None if persona == "tpi" else EvidenceCode.NOT_TPI)


def test_answer_codes_of_the_side_rules(world: World) -> None:
    a = access(world, "tim_kerja_restricted")
    assert code(
        rules.answer_refusal(access=a, assessment=world.own, question=q(AREA3_CODE), side="unit")
    ) == (EvidenceCode.AREA_NOT_ASSIGNED)
    assert code(
        rules.answer_refusal(access=a, assessment=world.own, question=q(CHOICE_CODE), side="x")
    ) == (Code.UNKNOWN_SIDE)
    set_status(world.own, S.SUBMITTED)
    assert code(
        rules.answer_refusal(access=a, assessment=world.own, question=q(CHOICE_CODE), side="unit")
    ) == (EvidenceCode.UNIT_SIDE_LOCKED)
    set_status(world.own, S.DRAFT)
    assert code(
        rules.answer_refusal(
            access=access(world, "tpi"), assessment=world.own, question=q(CHOICE_CODE), side="tpi"
        )
    ) == (EvidenceCode.TPI_SIDE_LOCKED)


def test_answer_service_raises_the_rules_refusal(world: World) -> None:
    set_status(world.own, S.SUBMITTED)
    with pytest.raises(Refused) as caught:
        answer_services.answer_save(
            actor=world.users["tim_kerja"],
            assessment=world.own,
            question=q(CHOICE_CODE),
            side=Side.UNIT,
            choice="Ya",
            expected_version=None,
        )
    assert caught.value.code == EvidenceCode.UNIT_SIDE_LOCKED
    assert caught.value.assessment is not None and caught.value.assessment.pk == world.own.pk


# --------------------------------------------------------------------------- sign-off


@pytest.mark.parametrize("persona", PERSONAS)
def test_sign_off_by_persona(world: World, persona: str) -> None:
    got = rules.sign_off_refusal(access=access(world, persona), assessment=world.own)
    assert code(got) == (None if persona == "pimpinan" else Code.NOT_PIMPINAN_UNIT)


def test_sign_off_codes(world: World) -> None:
    pim = access(world, "pimpinan")
    set_status(world.own, S.SUBMITTED)
    assert code(rules.sign_off_refusal(access=pim, assessment=world.own)) == (
        EvidenceCode.UNIT_SIDE_LOCKED
    )
    set_status(world.own, S.REVISION)
    assert rules.sign_off_refusal(access=pim, assessment=world.own) is None
    signed_off(world)
    assert code(rules.sign_off_refusal(access=pim, assessment=world.own)) == Code.SIGNOFF_CURRENT
    AnswerFactory(assessment=world.own, code=CHOICE_CODE, choice="Ya")
    assert rules.sign_off_refusal(access=pim, assessment=world.own) is None
    close_window(world, "self_assessment_end")
    assert code(rules.sign_off_refusal(access=pim, assessment=world.own)) == (
        EvidenceCode.WINDOW_CLOSED
    )


# --------------------------------------------------------------------------- submit


@pytest.mark.parametrize("persona", PERSONAS)
def test_submit_by_persona(world: World, persona: str) -> None:
    signed_off(world)
    got = rules.submit_refusal(access=access(world, persona), assessment=world.own)
    allowed = persona in ("tim_kerja", "tim_kerja_restricted")
    assert code(got) == (None if allowed else EvidenceCode.NOT_TIM_KERJA)


def test_submit_codes(world: World) -> None:
    tk = access(world, "tim_kerja")
    assert code(rules.submit_refusal(access=tk, assessment=world.own)) == Code.SIGNOFF_MISSING
    signed_off(world, minutes_ago=5)
    assert rules.submit_refusal(access=tk, assessment=world.own) is None
    EvidenceFactory(assessment=world.own, questions=[q(CHOICE_CODE)])
    assert code(rules.submit_refusal(access=tk, assessment=world.own)) == Code.SIGNOFF_STALE
    assert not rules.signoff_is_current(world.own)
    for status in (S.SUBMITTED, S.IN_REVIEW, S.EVALUATED):
        set_status(world.own, status)
        assert code(rules.submit_refusal(access=tk, assessment=world.own)) == (
            EvidenceCode.UNIT_SIDE_LOCKED
        )
    set_status(world.own, S.DRAFT)
    close_window(world, "self_assessment_end")
    assert code(rules.submit_refusal(access=tk, assessment=world.own)) == (
        EvidenceCode.WINDOW_CLOSED
    )


def test_submit_service_raises_the_rules_refusal(world: World) -> None:
    with pytest.raises(Refused) as caught:
        workflow.assessment_submit(
            actor=world.users["tim_kerja"], assessment=world.own, expected_version=world.own.version
        )
    assert caught.value.code == Code.SIGNOFF_MISSING


# --------------------------------------------------------------------------- TPI steps


@pytest.mark.parametrize("persona", PERSONAS)
def test_flag_return_finalise_by_persona(world: World, persona: str) -> None:
    set_status(world.own, S.IN_REVIEW)
    a = access(world, persona)
    expected = None if persona == "tpi" else EvidenceCode.NOT_TPI
    assert code(rules.flag_refusal(access=a, assessment=world.own)) == expected
    assert code(rules.finalise_refusal(access=a, assessment=world.own)) == expected
    ReviewFlagFactory(assessment=world.own, code=CHOICE_CODE)
    assert code(rules.return_refusal(access=a, assessment=world.own)) == expected


def test_return_needs_an_open_flag_and_finalise_none(world: World) -> None:
    tpi = access(world, "tpi")
    set_status(world.own, S.DRAFT)
    for rule in (rules.flag_refusal, rules.return_refusal, rules.finalise_refusal):
        assert code(rule(access=tpi, assessment=world.own)) == EvidenceCode.TPI_SIDE_LOCKED
    set_status(world.own, S.IN_REVIEW)
    assert code(rules.return_refusal(access=tpi, assessment=world.own)) == Code.NO_OPEN_FLAGS
    assert rules.finalise_refusal(access=tpi, assessment=world.own) is None
    ReviewFlagFactory(assessment=world.own, code=CHOICE_CODE)
    assert rules.return_refusal(access=tpi, assessment=world.own) is None
    assert code(rules.finalise_refusal(access=tpi, assessment=world.own)) == Code.OPEN_FLAGS
    close_window(world, "review_end")
    assert code(rules.return_refusal(access=tpi, assessment=world.own)) == (
        EvidenceCode.WINDOW_CLOSED
    )


def test_finalise_service_raises_the_rules_refusal(world: World) -> None:
    set_status(world.own, S.IN_REVIEW)
    ReviewFlagFactory(assessment=world.own, code=CHOICE_CODE)
    with pytest.raises(Refused) as caught:
        workflow.assessment_finalise(
            actor=world.users["tpi"],
            assessment=world.own,
            expected_version=world.own.version,
            recommendation="layak",
            recommendation_text="Layak",
        )
    assert caught.value.code == Code.OPEN_FLAGS


# --------------------------------------------------------------------------- window extension


@pytest.mark.parametrize("persona", PERSONAS)
def test_window_extend_by_persona(world: World, persona: str) -> None:
    got = rules.window_extend_refusal(access=access(world, persona))
    assert code(got) == (None if persona == "admin" else SpineCode.NOT_ADMIN)
