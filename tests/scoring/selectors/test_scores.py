"""Stored score summaries: written through by the services, read with one query, never
checked against the answers on read (a missing or old-revision row is computed once)."""

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
    with django_assert_num_queries(1):  # the stored summaries; no answer is read
        second = score_summaries_for(items)
    assert {k: v.total for k, v in second.items()} == {k: v.total for k, v in first.items()}


def test_unanswered_assessment_gets_a_zero_summary_once(world: Any, monkeypatch: Any) -> None:
    items = _assessments(world)
    out = score_summaries_for(items)
    assert {Decimal(s.total) for s in out.values()} == {Decimal(0)}
    assert {s.answered for s in out.values()} == {0}
    _forbid_scoring(monkeypatch)
    assert len(score_summaries_for(items)) == 2


def test_answer_save_writes_that_assessments_summary_through(
    answered: Any, monkeypatch: Any
) -> None:
    world = answered
    items = _assessments(world)
    before = score_summaries_for(items)
    question = Question.objects.get(code=CHOICE_CODE, framework=world.own.framework)
    stored = Answer.objects.get(assessment=world.own, question=question, side=Side.UNIT)
    assert stored.choice == "Ya"
    sibling_at = ScoreSummary.objects.get(assessment=world.sibling, side=Side.UNIT).computed_at
    services.answer_save(
        actor=world.users["tim_kerja"],
        assessment=world.own,
        question=question,
        side=Side.UNIT,
        choice="Tidak",
        expected_version=stored.version,
    )
    row = ScoreSummary.objects.get(assessment=world.own, side=Side.UNIT)
    assert Decimal(row.total) < Decimal(before[world.own.pk].total)
    assert Decimal(row.total) == _expected(world.own).total
    assert row.total_num == Decimal(row.total).quantize(Decimal("0.000001"))
    # The other assessment was not touched, and the read scores nothing.
    assert ScoreSummary.objects.get(assessment=world.sibling, side=Side.UNIT).computed_at == (
        sibling_at
    )
    _forbid_scoring(monkeypatch)
    assert score_summaries_for(items)[world.own.pk].total == row.total


def test_a_write_around_the_services_is_not_seen_on_read(answered: Any) -> None:
    """The price of reading without aggregating: a raw SQL edit is invisible to the pages until
    `manage.py scores_verify --rebuild` (tests/scoring/test_scores_verify.py)."""
    world = answered
    items = _assessments(world)
    before = score_summaries_for(items)
    Answer.objects.filter(assessment=world.own, side=Side.UNIT).exclude(choice="")[0].delete()
    after = score_summaries_for(items)
    assert after[world.own.pk].answered == before[world.own.pk].answered


def test_an_old_revision_row_is_recomputed_once(answered: Any, monkeypatch: Any) -> None:
    world = answered
    items = _assessments(world)
    score_summaries_for(items)
    ScoreSummary.objects.filter(assessment=world.own).update(revision="0", total="0")
    calls = _count_scoring(monkeypatch)
    after = score_summaries_for(items)
    assert calls == [[world.own.pk]]
    assert Decimal(after[world.own.pk].total) == _expected(world.own).total
    assert ScoreSummary.objects.get(assessment=world.own, side=Side.UNIT).revision == (
        selectors.SUMMARY_REVISION
    )


def test_tpi_side_is_stored_apart(answered: Any) -> None:
    world = answered
    answer_all(world.own, side="tpi", rank=2)
    items = _assessments(world)
    unit = score_summaries_for(items)[world.own.pk]
    tpi = score_summaries_for(items, side=Side.TPI)[world.own.pk]
    assert (unit.side, tpi.side) == (Side.UNIT, Side.TPI)
    assert Decimal(tpi.total) < Decimal(unit.total)
    assert ScoreSummary.objects.filter(assessment=world.own).count() == 2


def test_scores_bulk_matches_the_per_instance_path(answered: Any) -> None:
    world = answered
    answer_all(world.own, side="tpi", rank=1)
    from scoring.selectors.scores import scores_bulk

    items = _assessments(world)
    for side in (Side.UNIT, Side.TPI):
        expected = scores_for_assessments(items, side=side)
        by_instansi = scores_bulk(instansi=world.instansi, side=side)
        by_qs = scores_bulk(assessments=Assessment.objects.filter(pk=world.own.pk), side=side)
        assert set(by_instansi) == {world.own.pk, world.sibling.pk}
        for pk, result in by_instansi.items():
            assert result.to_dict() == expected[pk].to_dict()
        assert by_qs[world.own.pk].to_dict() == expected[world.own.pk].to_dict()
    with pytest.raises(ValueError):
        scores_bulk()
