"""A WBK predicate in the history makes the WBBM verdict's prior-WBK criterion met; a revoked one
no longer counts, and the stored score summary is refreshed both ways."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import pytest

from scoring.predicates.services import predicate_grant, predicate_revoke
from scoring.selectors.scores import assessment_scores, score_summaries_for
from tests.scoring.reports.conftest import answer_all
from zi_portal.models import Assessment

pytestmark = pytest.mark.django_db


def _prior(a: Assessment) -> bool:
    fresh = Assessment.objects.select_related("unit", "framework").get(pk=a.pk)
    wbbm = assessment_scores(assessment=fresh)["unit"].verdicts["WBBM"]
    return next(c.passed for c in wbbm.criteria if c.key == "prior_wbk")


def _summary(a: Assessment) -> Any:
    fresh = Assessment.objects.select_related("unit", "framework").get(pk=a.pk)
    return score_summaries_for([fresh])[a.pk]


def test_the_history_drives_the_wbbm_verdict_and_the_summary(world: Any) -> None:
    answer_all(world.own, side="unit", rank=0, index=Decimal(4))
    admin = world.users["admin"]
    assert not _prior(world.own)
    before = _summary(world.own)
    assert not before.wbbm_pass
    row = predicate_grant(
        actor=admin,
        unit=world.own.unit,
        kind="WBK",
        decree_number="SK 1/2025",
        decree_date=datetime.date(2025, 12, 10),
    )
    assert _prior(world.own)
    granted = _summary(world.own)
    assert granted.wbbm_pass  # best answers everywhere: prior WBK was the only criterion left
    predicate_revoke(actor=admin, predicate=row, reason="Evaluasi ulang tidak lulus")
    assert not _prior(world.own)
    assert not _summary(world.own).wbbm_pass
