"""Properties of the engine over generated answer sets (hypothesis; no database)."""

from __future__ import annotations

from decimal import Decimal, localcontext
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from scoring.engine import AnswerSet, ScoreResult, score
from tests.scoring.builders import SPEC, counts_at_full

D = Decimal
TOLERANCE = D("1e-30")  # 40-digit arithmetic: sums of divided values agree far below this
# The checks themselves need more digits than Python's default 28, or "old - 1e-30" rounds up.
PRECISION = 80


@st.composite
def answer_sets(draw: Any) -> AnswerSet:
    choices: dict[str, str] = {}
    counts: dict[str, dict[str, int]] = {}
    for code, q in SPEC.questions.items():
        if q.is_percentage:
            given_keys = draw(st.lists(st.sampled_from(q.input_keys), unique=True))
            if given_keys:
                counts[code] = {k: draw(st.integers(0, 30)) for k in given_keys}
        else:
            label = draw(st.none() | st.sampled_from([o.label for o in q.options]))
            if label is not None:
                choices[code] = label
    kinerja = draw(st.none() | st.sampled_from("ABCDE"))
    if kinerja is not None:
        choices["B.I.b"] = kinerja
    index = st.none() | st.decimals(min_value=0, max_value=4, places=2)
    indices = {c: v for c in ("B.I.a", "B.II.a") if (v := draw(index)) is not None}
    return AnswerSet(choices, counts, indices, draw(st.booleans()))


def raise_one(answers: AnswerSet, code: str) -> AnswerSet:
    """``answers`` with ``code`` raised: a blank choice to its best, else one option up; a
    percentage to 100 %; an index by 0.5 (capped at 4); kinerja one letter up."""
    choices = dict(answers.choices)
    counts = {c: dict(v) for c, v in answers.counts.items()}
    indices = dict(answers.indices)
    if code in SPEC.questions:
        q = SPEC.questions[code]
        if q.is_percentage:
            counts[code] = counts_at_full(q, counts.get(code))
        else:
            option = q.next_better(choices.get(code))
            if option is not None:
                choices[code] = option.label
    elif code == "B.I.b":
        current = choices.get(code, "F")
        choices[code] = "ABCDE"[max(0, "ABCDEF".index(current) - 1)]
    else:
        indices[code] = min(D(4), indices.get(code, D(0)) + D("0.5"))
    return AnswerSet(choices, counts, indices, answers.prior_wbk)


def totals(r: ScoreResult) -> list[Decimal]:
    return [
        r.total,
        r.pengungkit,
        r.pemenuhan,
        r.reform,
        r.hasil.total,
        r.conservative_total,
        *(a.score for a in r.areas.values()),
    ]


@settings(max_examples=50, deadline=None)
@given(answer_sets())
def test_scores_stay_within_their_weights(answers: AnswerSet) -> None:
    result = score(SPEC, answers)
    for code, ind in SPEC.indicators.items():
        assert 0 <= result.indicators[code] <= ind.weight
        assert 0 <= result.indicators_conservative[code] <= result.indicators[code]
    for area in SPEC.areas:
        got = result.areas[area.no]
        assert 0 <= got.pemenuhan <= area.pemenuhan_weight
        assert 0 <= got.reform <= area.reform_weight
        assert 0 <= got.pct <= 100
    assert 0 <= result.hasil.total <= 40
    assert 0 <= result.total <= 100
    assert 0 <= result.answered <= 113
    assert result.complete is (result.answered == 113)


@settings(max_examples=50, deadline=None)
@given(answer_sets(), st.sampled_from(list(SPEC.input_codes)))
def test_raising_one_answer_never_lowers_any_total(answers: AnswerSet, code: str) -> None:
    before = score(SPEC, answers)
    after = score(SPEC, raise_one(answers, code))
    with localcontext(prec=PRECISION):
        for old, new in zip(totals(before), totals(after), strict=True):
            assert new >= old - TOLERANCE


@settings(max_examples=50, deadline=None)
@given(answer_sets())
def test_totals_are_plain_sums(answers: AnswerSet) -> None:
    r = score(SPEC, answers)
    parts = [a.pemenuhan for a in r.areas.values()] + [a.reform for a in r.areas.values()]
    assert len(parts) == 12
    with localcontext(prec=PRECISION):
        assert abs(r.total - (r.pengungkit + r.hasil.total)) <= TOLERANCE
        assert abs(r.pengungkit - sum(parts, D(0))) <= TOLERANCE
        assert abs(r.pengungkit - (r.pemenuhan + r.reform)) <= TOLERANCE
        assert r.hasil.total == r.hasil.bersih_akuntabel + r.hasil.pelayanan_prima
        assert r.hasil.bersih_akuntabel == r.hasil.b_i_a + r.hasil.b_i_b
        for area in SPEC.areas:
            inds = [i for i in SPEC.indicators.values() if i.area_no == area.no]
            summed = sum((r.indicators[i.code] for i in inds), D(0))
            assert abs(r.areas[area.no].score - summed) <= TOLERANCE


@settings(max_examples=30, deadline=None)
@given(answer_sets())
def test_gap_plan_gains_are_what_applying_it_adds(answers: AnswerSet) -> None:
    before = score(SPEC, answers)
    for predicate, gap in before.gap.items():
        if gap.passed:
            assert gap.steps == ()
            continue
        raised = answers
        for step in gap.steps:
            raised = raise_one(raised, step.question)
        after = score(SPEC, raised)
        with localcontext(prec=PRECISION):
            assert abs(after.pengungkit - before.pengungkit - gap.steps_gain) <= TOLERANCE
            if gap.reached:
                rules = SPEC.rulesets[predicate]
                assert after.pengungkit >= gap.pengungkit_target - TOLERANCE
                for area in SPEC.areas:
                    assert after.areas[area.no].pct >= rules.area_min_pct - TOLERANCE
