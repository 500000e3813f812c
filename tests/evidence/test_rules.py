"""evidence/rules.py: each rules function's refusal code for every refused case, None when allowed.

Codes, not wording: the messages are the interface's business (docs/rules.md lists both).
"""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.utils import timezone

from evidence import rules
from evidence.rules import Code
from tests.conftest import PERSONAS, World
from tests.evidence.conftest import question_in_area, set_status
from tests.factories import EvidenceFactory, ReviewFlagFactory, UserFactory
from zi_portal.access import access_for
from zi_portal.models import Assessment
from zi_portal.rules import Code as SpineCode

pytestmark = pytest.mark.django_db

S = Assessment.Status


def code(refusal: Any) -> str | None:
    return None if refusal is None else refusal.code


def access(world: World, persona: str, assessment: Assessment | None = None) -> Any:
    return access_for(world.users[persona], assessment or world.own)


def close_window(assessment: Assessment, phase_end: str) -> None:
    cycle = assessment.cycle
    setattr(cycle, phase_end, timezone.localdate() - datetime.timedelta(days=1))
    cycle.save()
    assessment.refresh_from_db()


UNIT_SIDE_BY_PERSONA = {
    "tim_kerja": None,
    "tim_kerja_restricted": None,
    "tpi": Code.NOT_TIM_KERJA,
    "pimpinan": Code.NOT_TIM_KERJA,
    "pimpinan_instansi": Code.NOT_TIM_KERJA,
    "admin": Code.NOT_TIM_KERJA,
    "outsider": Code.NOT_TIM_KERJA,
}


@pytest.mark.parametrize("persona", PERSONAS)
def test_unit_side_by_persona(world: World, persona: str) -> None:
    q1 = question_in_area(world.own, 1)
    got = rules.unit_side_refusal(access=access(world, persona), assessment=world.own, question=q1)
    assert code(got) == UNIT_SIDE_BY_PERSONA[persona]


def test_unit_side_area_not_assigned(world: World) -> None:
    q3 = question_in_area(world.own, 3)
    a = access(world, "tim_kerja_restricted")
    assert code(rules.unit_side_refusal(access=a, assessment=world.own, question=q3)) == (
        Code.AREA_NOT_ASSIGNED
    )
    # The whole assessment (no question) is not an area question.
    assert rules.unit_side_refusal(access=a, assessment=world.own, question=None) is None


@pytest.mark.parametrize("status", [S.SUBMITTED, S.IN_REVIEW, S.EVALUATED])
def test_unit_side_locked_by_status(world: World, status: str) -> None:
    set_status(world.own, status)
    q1 = question_in_area(world.own, 1)
    got = rules.unit_side_refusal(
        access=access(world, "tim_kerja"), assessment=world.own, question=q1
    )
    assert code(got) == Code.UNIT_SIDE_LOCKED


def test_unit_side_in_revision_only_flagged_questions(world: World) -> None:
    set_status(world.own, S.REVISION)
    flagged, other = question_in_area(world.own, 1), question_in_area(world.own, 1, index=1)
    ReviewFlagFactory(assessment=world.own, question=flagged)
    a = access(world, "tim_kerja")
    assert rules.unit_side_refusal(access=a, assessment=world.own, question=flagged) is None
    assert code(rules.unit_side_refusal(access=a, assessment=world.own, question=other)) == (
        Code.REVISION_QUESTION_NOT_FLAGGED
    )


def test_unit_side_window_closed(world: World) -> None:
    close_window(world.own, "self_assessment_end")
    q1 = question_in_area(world.own, 1)
    got = rules.unit_side_refusal(
        access=access(world, "tim_kerja"), assessment=world.own, question=q1
    )
    assert code(got) == Code.WINDOW_CLOSED
    assert code(rules.window_refusal(world.own, "self_assessment")) == Code.WINDOW_CLOSED
    assert rules.window_refusal(world.own, "review") is None


def test_evidence_write_needs_every_question_it_serves_open(world: World) -> None:
    q1, q3 = question_in_area(world.own, 1), question_in_area(world.own, 3)
    shared = EvidenceFactory(assessment=world.own, questions=[q1, q3])
    only_q1 = EvidenceFactory(assessment=world.own, questions=[q1])
    restricted = access(world, "tim_kerja_restricted")
    assert code(
        rules.evidence_write_refusal(access=restricted, assessment=world.own, evidence=shared)
    ) == (Code.AREA_NOT_ASSIGNED)
    assert (
        rules.evidence_write_refusal(access=restricted, assessment=world.own, evidence=only_q1)
        is None
    )
    set_status(world.own, S.SUBMITTED)
    assert code(
        rules.evidence_write_refusal(
            access=access(world, "tim_kerja"), assessment=world.own, evidence=only_q1
        )
    ) == (Code.UNIT_SIDE_LOCKED)


TPI_BY_PERSONA = {p: (None if p == "tpi" else Code.NOT_TPI) for p in PERSONAS}


@pytest.mark.parametrize("persona", PERSONAS)
def test_tpi_side_by_persona(world: World, persona: str) -> None:
    set_status(world.own, S.IN_REVIEW)
    got = rules.tpi_side_refusal(access=access(world, persona), assessment=world.own)
    assert code(got) == TPI_BY_PERSONA[persona]


@pytest.mark.parametrize(
    ("status", "expected"),
    [
        (S.DRAFT, Code.TPI_SIDE_LOCKED),
        (S.SUBMITTED, None),
        (S.IN_REVIEW, None),
        (S.REVISION, Code.TPI_SIDE_LOCKED),
        (S.EVALUATED, Code.TPI_SIDE_LOCKED),
    ],
)
def test_tpi_side_by_status(world: World, status: str, expected: str | None) -> None:
    set_status(world.own, status)
    assert code(rules.tpi_side_refusal(access=access(world, "tpi"), assessment=world.own)) == (
        expected
    )


def test_tpi_side_window_closed(world: World) -> None:
    set_status(world.own, S.IN_REVIEW)
    close_window(world.own, "review_end")
    got = rules.tpi_side_refusal(access=access(world, "tpi"), assessment=world.own)
    assert code(got) == Code.WINDOW_CLOSED


COMMENT_BY_PERSONA = {
    "tim_kerja": None,
    "tim_kerja_restricted": None,
    "tpi": None,
    "pimpinan": None,
    "pimpinan_instansi": Code.COMMENT_READ_ONLY,
    "admin": None,
    "outsider": Code.COMMENT_READ_ONLY,
}


@pytest.mark.parametrize("persona", PERSONAS)
def test_comment_by_persona(world: World, persona: str) -> None:
    got = rules.comment_refusal(access=access(world, persona))
    assert code(got) == COMMENT_BY_PERSONA[persona]


PUBLISH_BY_PERSONA = {
    "tim_kerja": None,
    "tim_kerja_restricted": None,
    "tpi": Code.PUBLISH_NOT_ALLOWED,
    "pimpinan": Code.PUBLISH_NOT_ALLOWED,
    "pimpinan_instansi": Code.PUBLISH_NOT_ALLOWED,
    "admin": None,
    "outsider": Code.PUBLISH_NOT_ALLOWED,
}


def publish(world: World, persona: str, evidence: Any) -> str | None:
    return code(
        rules.publish_refusal(
            access=access(world, persona), assessment=world.own, evidence=evidence
        )
    )


@pytest.mark.parametrize("persona", PERSONAS)
def test_publish_by_persona(world: World, persona: str) -> None:
    ev = EvidenceFactory(assessment=world.own, questions=[question_in_area(world.own, 1)])
    assert publish(world, persona, ev) == PUBLISH_BY_PERSONA[persona]


@pytest.mark.parametrize("status", [S.SUBMITTED, S.IN_REVIEW, S.EVALUATED, S.PROPOSED])
def test_publish_follows_the_status_unless_an_admin_does_it(world: World, status: str) -> None:
    """Publication does not change while the TPI reviews or after the evaluation, except by an
    admin (issue 10, item 4)."""
    ev = EvidenceFactory(assessment=world.own, questions=[question_in_area(world.own, 1)])
    set_status(world.own, status)
    assert publish(world, "tim_kerja", ev) == Code.UNIT_SIDE_LOCKED
    assert publish(world, "tim_kerja_restricted", ev) == Code.UNIT_SIDE_LOCKED
    assert publish(world, "admin", ev) is None


def test_publish_follows_the_area_restriction_for_every_question(world: World) -> None:
    q1, q3 = question_in_area(world.own, 1), question_in_area(world.own, 3)
    area3 = EvidenceFactory(assessment=world.own, questions=[q3])
    shared = EvidenceFactory(assessment=world.own, questions=[q1, q3])
    area1 = EvidenceFactory(assessment=world.own, questions=[q1])
    assert publish(world, "tim_kerja_restricted", area3) == Code.AREA_NOT_ASSIGNED
    assert publish(world, "tim_kerja_restricted", shared) == Code.AREA_NOT_ASSIGNED
    assert publish(world, "tim_kerja_restricted", area1) is None
    assert publish(world, "tim_kerja", shared) is None


def test_publish_in_revision_only_for_flagged_questions(world: World) -> None:
    flagged, other = question_in_area(world.own, 1), question_in_area(world.own, 1, index=1)
    on_flagged = EvidenceFactory(assessment=world.own, questions=[flagged])
    on_other = EvidenceFactory(assessment=world.own, questions=[other])
    set_status(world.own, S.REVISION)
    ReviewFlagFactory(assessment=world.own, question=flagged)
    assert publish(world, "tim_kerja", on_flagged) is None
    assert publish(world, "tim_kerja", on_other) == Code.REVISION_QUESTION_NOT_FLAGGED
    assert publish(world, "admin", on_other) is None


def test_publish_after_the_window_is_for_admins(world: World) -> None:
    ev = EvidenceFactory(assessment=world.own, questions=[question_in_area(world.own, 1)])
    close_window(world.own, "self_assessment_end")
    assert publish(world, "tim_kerja", ev) == Code.WINDOW_CLOSED
    assert publish(world, "admin", ev) is None


@pytest.mark.parametrize("persona", PERSONAS)
def test_restore_is_for_admins_only(world: World, persona: str) -> None:
    got = rules.restore_refusal(access=access(world, persona))
    assert code(got) == (None if persona == "admin" else SpineCode.NOT_ADMIN)


def test_admin_is_role_admin_or_superuser_never_staff_alone(world: World) -> None:
    """One definition of admin (Access.is_admin): Django staff status alone does not count."""
    staff = UserFactory(username="staf", is_staff=True)
    root = UserFactory(username="akar", is_staff=True, is_superuser=True)
    staff_access = access_for(staff, world.own)
    assert not staff_access.is_admin
    assert code(rules.restore_refusal(access=staff_access)) == SpineCode.NOT_ADMIN
    ev = EvidenceFactory(assessment=world.own)
    assert code(rules.publish_refusal(access=staff_access, assessment=world.own, evidence=ev)) == (
        Code.PUBLISH_NOT_ALLOWED
    )
    root_access = access_for(root, world.own)
    assert root_access.is_admin
    assert rules.restore_refusal(access=root_access) is None
    assert access(world, "admin").is_admin
    # An instansi admin is admin of its own units' assessments only.
    assert not access(world, "admin", world.other).is_admin
