"""Scoring one answer set: question values, indicators, areas, totals and verdicts."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal, localcontext

from scoring.engine.gap import gaps_for
from scoring.engine.results import AnswerSet, AreaResult, HasilResult, QuestionResult, ScoreResult
from scoring.engine.spec import (
    _CONTEXT,
    _HUNDRED,
    _ONE,
    _ZERO,
    INDEX_MAX,
    FrameworkSpec,
    QuestionSpec,
)
from scoring.engine.verdict import verdict_for

# --------------------------------------------------------------------------- scoring


def _percentage_value(
    q: QuestionSpec, counts: Mapping[str, int] | None
) -> tuple[Decimal | None, bool]:
    """(value, zero-denominator rule applied) of a percentage question; None when incomplete."""
    if counts is None or any(k not in counts for k in q.input_keys):
        return None, False
    if any(counts[k] < 0 for k in q.input_keys):
        raise ValueError(f"{q.code}: counts cannot be negative")
    f = q.formula
    assert f is not None  # noqa: S101 - from_dict guarantees a formula on percentage questions
    if f.kind == "decline":
        assert f.previous is not None and f.current is not None  # noqa: S101
        previous = Decimal(counts[f.previous])
        current = Decimal(counts[f.current])
        if previous == 0:
            # The regulation's own case (0 -> 0 is full marks) and the portal's rule for
            # 0 -> more (Excel: #DIV/0!): both flagged so the reviewer looks at the data.
            return (_ONE if current == 0 else _ZERO), True
        return max(_ZERO, (previous - current) / previous), False
    assert f.numerator is not None  # noqa: S101
    denominator = sum((Decimal(counts[k]) for k in f.denominator), _ZERO)
    if denominator == 0:
        assert q.zero_denominator is not None  # noqa: S101
        return q.zero_denominator, True
    return min(_ONE, Decimal(counts[f.numerator]) / denominator), False


def _choice_results(q: QuestionSpec) -> dict[str | None, QuestionResult]:
    """A choice question's result for each of its labels (and None: not answered), built once per
    question spec. Results are frozen, so every assessment shares them: scoring 5,000 units spent
    half its time building the same 110 results again (docs/scale.md section 3). Kept in the
    spec's own __dict__, as functools.cached_property does on these frozen dataclasses."""
    cached: dict[str | None, QuestionResult] | None = q.__dict__.get("_choice_results")
    if cached is None:
        cached = {label: QuestionResult(q.code, v, label) for label, v in q.option_values.items()}
        cached[None] = QuestionResult(q.code, None)
        q.__dict__["_choice_results"] = cached
    return cached


def _question_results(spec: FrameworkSpec, answers: AnswerSet) -> dict[str, QuestionResult]:
    """Every question's result, by code. The order of the questions and the choice questions'
    tables are worked out once per spec (kept in its __dict__ like _choice_results), not once
    per question and assessment."""
    plan: list[tuple[str, QuestionSpec, dict[str | None, QuestionResult] | None]] | None = (
        spec.__dict__.get("_question_plan")
    )
    if plan is None:
        plan = [
            (code, q, None if q.is_percentage else _choice_results(q))
            for code, q in spec.questions.items()
        ]
        spec.__dict__["_question_plan"] = plan
    choices = answers.choices
    out: dict[str, QuestionResult] = {}
    for code, q, table in plan:
        if table is None:
            value, zero = _percentage_value(q, answers.counts.get(code))
            out[code] = QuestionResult(code, value, None, zero)
            continue
        label = choices.get(code)
        result = table.get(label)
        if result is None:
            raise ValueError(f"{code}: answer {label!r} is not one of its options")
        out[code] = result
    return out


def _hasil(spec: FrameworkSpec, answers: AnswerSet) -> tuple[HasilResult, int]:
    scores: dict[str, Decimal] = {}
    answered = 0
    for code, h in spec.hasil.items():
        if h.is_index:
            index = answers.indices.get(code)
            if index is None:
                scores[code] = _ZERO
                continue
            if not _ZERO <= index <= INDEX_MAX:
                raise ValueError(f"{code}: index {index} is outside 0-4")
            scores[code] = index / INDEX_MAX * h.weight
        else:
            label = answers.choices.get(code)
            if label is None:
                scores[code] = _ZERO
                continue
            if label not in h.option_values:
                raise ValueError(f"{code}: answer {label!r} is not one of its options")
            scores[code] = h.option_values[label] * h.weight
        answered += 1
    bersih = sum((s for c, s in scores.items() if spec.hasil[c].component == "B.I"), _ZERO)
    prima = sum((s for c, s in scores.items() if spec.hasil[c].component == "B.II"), _ZERO)
    return (
        HasilResult(
            b_i_a=scores["B.I.a"],
            b_i_b=scores["B.I.b"],
            b_ii_a=scores["B.II.a"],
            bersih_akuntabel=bersih,
            pelayanan_prima=prima,
            total=bersih + prima,
        ),
        answered,
    )


def score(spec: FrameworkSpec, answers: AnswerSet) -> ScoreResult:
    """Score one answer set: values, indicators, areas, totals and verdicts (gap on demand).

    Raises ValueError on an answer the framework cannot score (an unknown option label, a
    negative count or an index outside 0-4); scoring/inputs.py reports those to people before
    they get here. Codes the framework does not know are ignored.
    """
    with localcontext(_CONTEXT):
        questions = _question_results(spec, answers)
        indicators: dict[str, Decimal] = {}
        conservative: dict[str, Decimal] = {}
        part_sum: dict[tuple[int, str], Decimal] = {}
        for icode, ind in spec.indicators.items():
            values = [questions[c].value for c in ind.question_codes]
            given = [v for v in values if v is not None]
            given_sum = sum(given, _ZERO)
            # Excel's AVERAGE skips blanks; the conservative score counts them as 0.
            s = ind.weight * given_sum / len(given) if given else _ZERO
            indicators[icode] = s
            conservative[icode] = ind.weight * given_sum / len(values)
            key = (ind.area_no, ind.part)
            part_sum[key] = part_sum.get(key, _ZERO) + s
        areas: dict[int, AreaResult] = {}
        for a in spec.areas:
            pem = part_sum.get((a.no, "pemenuhan"), _ZERO)
            ref = part_sum.get((a.no, "reform"), _ZERO)
            areas[a.no] = AreaResult(
                no=a.no,
                name=a.name,
                weight=a.weight,
                pemenuhan=pem,
                reform=ref,
                score=pem + ref,
                pct=(pem + ref) * _HUNDRED / a.weight,
            )
        pemenuhan = sum((a.pemenuhan for a in areas.values()), _ZERO)
        reform = sum((a.reform for a in areas.values()), _ZERO)
        pengungkit = pemenuhan + reform
        hasil, hasil_answered = _hasil(spec, answers)
        conservative_pengungkit = sum(conservative.values(), _ZERO)
        answered = sum(1 for q in questions.values() if q.value is not None) + hasil_answered
        complete = answered == len(spec.input_codes)
        total = pengungkit + hasil.total
        zero_codes = [c for c, q in questions.items() if q.zero_denominator_applied]
        verdicts = {
            predicate: verdict_for(
                spec, rules, areas, pengungkit, hasil, total, answers, answered, zero_codes
            )
            for predicate, rules in spec.rulesets.items()
        }
        return ScoreResult(
            framework=spec.code,
            questions=questions,
            indicators=indicators,
            indicators_conservative=conservative,
            areas=areas,
            pemenuhan=pemenuhan,
            reform=reform,
            pengungkit=pengungkit,
            hasil=hasil,
            total=total,
            conservative_pengungkit=conservative_pengungkit,
            conservative_total=conservative_pengungkit + hasil.total,
            answered=answered,
            inputs_total=len(spec.input_codes),
            complete=complete,
            verdicts=verdicts,
            spec=spec,
            gap_analysis=gaps_for,
        )
