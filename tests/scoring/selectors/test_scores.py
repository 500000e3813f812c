"""Stored score summaries: computed once, served while current, recomputed as soon as stale."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from areas.models import Question
from scoring.models import Answer, ScoreSummary, Side
from scoring.selectors import scores as selectors
from scoring.selectors.scores import score_summaries_for, scores_for_assessments
from scoring.services import answers as services
from tests.scoring.reports.conftest import answer_all
from zi_portal.models import Assessment

pytestmark = pytest.mark.django_db

CHOICE_CODE = "A.I.1.i.a"  # Ya/Tidak, area 1


def _assessments(world: Any) -> list[Assessment]:
    return list(
        Assessment.objects.filter(pk__in=[world.own.pk, world.sibling.pk])
        .select_related("unit", "framework")
        .order_by("pk")
    )


def _expected(a: Assessment) -> Any:
    return scores_for_assessments([a])[a.pk]


def _forbid_scoring(monkeypatch: Any) -> None:
    def boom(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("a current summary was rescored")

    monkeypatch.setattr(selectors, "scores_for_assessments", boom)


def _count_scoring(monkeypatch: Any) -> list[list[int]]:
    calls: list[list[int]] = []

    def spy(items: Any, *, side: str = Side.UNIT) -> Any:
        items = list(items)
        calls.append([a.pk for a in items])
        return scores_for_assessments(items, side=side)

    monkeypatch.setattr(selectors, "scores_for_assessments", spy)
    return calls


@pytest.fixture
def answered(world: Any) -> Any:
    answer_all(world.own, side="unit", rank=0, index=Decimal(4))
    answer_all(world.sibling, side="unit", rank=2)
    return world


def test_fresh_data_is_computed_stored_and_exact(answered: Any) -> None:
    items = _assessments(answered)
    out = score_summaries_for(items)
    assert set(out) == {a.pk for a in items}
    assert ScoreSummary.objects.filter(side=Side.UNIT).count() == 2
    for a in items:
        stored = ScoreSummary.objects.get(assessment=a, side=Side.UNIT)
        expected = _expected(a)
        assert Decimal(stored.total) == expected.total and expected.total > 0
        assert Decimal(stored.pengungkit) == expected.pengungkit
        assert Decimal(stored.hasil) == expected.hasil.total
        assert [Decimal(p) for p in stored.area_pcts] == [
            expected.areas[n].pct for n in range(1, 7)
        ]
        assert stored.wbk_pass == expected.verdicts["WBK"].passed
        assert stored.wbbm_pass == expected.verdicts["WBBM"].passed
        assert (stored.answered, stored.inputs_total) == (expected.answered, expected.inputs_total)
        assert stored.complete == expected.complete
    own = ScoreSummary.objects.get(assessment=answered.own)
    sibling = ScoreSummary.objects.get(assessment=answered.sibling)
    assert own.wbk_pass and not sibling.wbk_pass


def test_second_call_reads_only_and_scores_nothing(
    answered: Any, monkeypatch: Any, django_assert_num_queries: Any
) -> None:
    items = _assessments(answered)
    first = score_summaries_for(items)
    _forbid_scoring(monkeypatch)
    with django_assert_num_queries(2):  # the answers aggregate and the stored summaries
        second = score_summaries_for(items)
    assert {k: v.total for k, v in second.items()} == {k: v.total for k, v in first.items()}


def test_unanswered_assessment_gets_a_zero_summary_once(world: Any, monkeypatch: Any) -> None:
    items = _assessments(world)
    out = score_summaries_for(items)
    assert {Decimal(s.total) for s in out.values()} == {Decimal(0)}
    assert {s.answered for s in out.values()} == {0}
    _forbid_scoring(monkeypatch)
    assert len(score_summaries_for(items)) == 2


def test_answer_save_makes_exactly_that_assessment_stale(answered: Any, monkeypatch: Any) -> None:
    world = answered
    items = _assessments(world)
    before = score_summaries_for(items)
    question = Question.objects.get(code=CHOICE_CODE, framework=world.own.framework)
    stored = Answer.objects.get(assessment=world.own, question=question, side=Side.UNIT)
    assert stored.choice == "Ya"
    services.answer_save(
        actor=world.users["tim_kerja"],
        assessment=world.own,
        question=question,
        side=Side.UNIT,
        choice="Tidak",
        expected_version=stored.version,
    )
    calls = _count_scoring(monkeypatch)
    after = score_summaries_for(items)
    assert calls == [[world.own.pk]]
    assert Decimal(after[world.own.pk].total) < Decimal(before[world.own.pk].total)
    assert Decimal(after[world.own.pk].total) == _expected(world.own).total
    assert after[world.sibling.pk].fingerprint == before[world.sibling.pk].fingerprint
    assert ScoreSummary.objects.get(assessment=world.own).total == after[world.own.pk].total


def test_row_update_with_version_bump_refreshes(answered: Any, monkeypatch: Any) -> None:
    world = answered
    items = _assessments(world)
    before = score_summaries_for(items)
    row = Answer.objects.filter(assessment=world.sibling, side=Side.UNIT).exclude(choice="")[0]
    best = max(row.question.options.all(), key=lambda o: o.value).label
    assert row.choice != best
    Answer.objects.filter(pk=row.pk).update(choice=best, version=row.version + 1)
    calls = _count_scoring(monkeypatch)
    after = score_summaries_for(items)
    assert calls == [[world.sibling.pk]]
    assert Decimal(after[world.sibling.pk].total) > Decimal(before[world.sibling.pk].total)
    assert Decimal(after[world.sibling.pk].total) == _expected(world.sibling).total


def test_deleting_an_answer_refreshes(answered: Any, monkeypatch: Any) -> None:
    world = answered
    items = _assessments(world)
    before = score_summaries_for(items)
    Answer.objects.filter(assessment=world.own, side=Side.UNIT).exclude(choice="")[0].delete()
    calls = _count_scoring(monkeypatch)
    after = score_summaries_for(items)
    assert calls == [[world.own.pk]]
    assert after[world.own.pk].answered == before[world.own.pk].answered - 1
    assert Decimal(after[world.own.pk].total) == _expected(world.own).total


def test_toggling_holds_wbk_refreshes_wbbm(answered: Any, monkeypatch: Any) -> None:
    world = answered
    items = _assessments(world)
    before = score_summaries_for(items)[world.own.pk]
    unit = world.own.unit
    unit.holds_wbk = not unit.holds_wbk
    unit.save(update_fields=["holds_wbk"])
    calls = _count_scoring(monkeypatch)
    items = _assessments(world)
    after = score_summaries_for(items)[world.own.pk]
    assert calls == [[world.own.pk]]
    own = next(a for a in items if a.pk == world.own.pk)
    assert after.wbbm_pass == _expected(own).verdicts["WBBM"].passed
    assert after.wbbm_pass != before.wbbm_pass


def test_tpi_side_is_stored_apart(answered: Any) -> None:
    world = answered
    answer_all(world.own, side="tpi", rank=2)
    items = _assessments(world)
    unit = score_summaries_for(items)[world.own.pk]
    tpi = score_summaries_for(items, side=Side.TPI)[world.own.pk]
    assert (unit.side, tpi.side) == (Side.UNIT, Side.TPI)
    assert Decimal(tpi.total) < Decimal(unit.total)
    assert ScoreSummary.objects.filter(assessment=world.own).count() == 2
