"""Gap analysis: the ranked one-step raises and the greedy plan toward each predicate."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from decimal import ROUND_HALF_UP, Decimal

from scoring.engine.results import (
    AreaResult,
    Gap,
    GapStep,
    HasilNeed,
    HasilResult,
    QuestionResult,
    ScoreResult,
    Verdict,
)
from scoring.engine.spec import (
    _CENT,
    _HUNDRED,
    _ONE,
    _ZERO,
    INDEX_MAX,
    FrameworkSpec,
    IndicatorSpec,
    QuestionSpec,
    RuleSet,
)

# --------------------------------------------------------------------------- gap analysis


class _Candidate:
    """A possible one-step raise; the GapStep is only built for steps that are reported."""

    __slots__ = (
        "area_no",
        "code",
        "gain",
        "indicator_code",
        "label",
        "old",
        "old_label",
        "row",
        "value",
    )

    def __init__(
        self,
        q: QuestionSpec,
        old: Decimal | None,
        old_label: str | None,
        value: Decimal,
        label: str | None,
        gain: Decimal,
    ) -> None:
        self.code = q.code
        self.row = q.lke_row
        self.area_no = q.area_no
        self.indicator_code = q.indicator_code
        self.old = old
        self.old_label = old_label
        self.value = value
        self.label = label
        self.gain = gain

    def beats(self, other: _Candidate) -> bool:
        return self.gain > other.gain or (self.gain == other.gain and self.row < other.row)

    def step(self) -> GapStep:
        if self.label is None:  # a percentage question, raised to 100 %
            from_ = None if self.old is None else _percent_label(self.old)
            return GapStep(self.code, from_, "100%", self.gain, self.area_no, self.indicator_code)
        return GapStep(
            self.code, self.old_label, self.label, self.gain, self.area_no, self.indicator_code
        )


def _percent_label(value: Decimal) -> str:
    return f"{(value * _HUNDRED).quantize(_CENT, rounding=ROUND_HALF_UP)}%"


def _candidates(
    spec: FrameworkSpec,
    ind: IndicatorSpec,
    values: Mapping[str, Decimal | None],
    labels: Mapping[str, str | None],
    best_only: bool = False,
) -> list[_Candidate]:
    """Every one-step raise within one indicator with its exact gain (positive gains only).

    With ``best_only`` the list holds just the best one (highest gain, then lowest row), which
    is all the greedy loop needs after a step.
    """
    answered = [v for c in ind.question_codes if (v := values[c]) is not None]
    total = sum(answered, _ZERO)
    n = len(answered)
    old = ind.weight * total / n if n else _ZERO
    out: list[_Candidate] = []
    top: Decimal = _ZERO
    for code in ind.question_codes:
        q = spec.questions[code]
        v = values[code]
        if q.is_percentage:
            if v is not None and v >= _ONE:
                continue
            new_value, new_label = _ONE, None
        else:
            option = q.next_better(labels[code])
            if option is None:
                continue
            new_value, new_label = option.value, option.label
        # Replacing one value changes the indicator's sum and, for a blank, its answered count.
        if v is None:
            gain = ind.weight * (total + new_value) / (n + 1) - old
        else:
            gain = ind.weight * (total - v + new_value) / n - old
        if gain <= 0 or (best_only and gain <= top):
            continue  # question codes run in LKE row order: on a tie the earlier row stays
        cand = _Candidate(q, v, labels[code], new_value, new_label, gain)
        if best_only:
            out, top = [cand], gain
        else:
            out.append(cand)
    return out


def _best(cands: Iterable[_Candidate | None]) -> _Candidate | None:
    best: _Candidate | None = None
    for c in cands:
        if c is not None and (best is None or c.beats(best)):
            best = c
    return best


def _hasil_needs(spec: FrameworkSpec, verdict: Verdict) -> list[HasilNeed]:
    needs: list[HasilNeed] = []
    ipak, kinerja, ipkp = spec.hasil["B.I.a"], spec.hasil["B.I.b"], spec.hasil["B.II.a"]
    for c in verdict.criteria:
        if c.passed:
            continue
        if c.key in ("ipak", "pelayanan_prima"):
            h = ipak if c.key == "ipak" else ipkp
            assert isinstance(c.min, Decimal)  # noqa: S101
            index = c.min * INDEX_MAX / h.weight
            params = {"input": h.code, "index": index}
            needs.append(HasilNeed(c.key, c.value, c.min, "survey_index", index, params))
        elif c.key == "kinerja":
            assert isinstance(c.min, Decimal)  # noqa: S101
            ok = [o for o in kinerja.options if o.value * kinerja.weight >= c.min]
            label = min(ok, key=lambda o: o.value).label if ok else None
            params = {"input": kinerja.code, "option": label}
            needs.append(HasilNeed(c.key, c.value, c.min, "kinerja_answer", label, params))
        elif c.key == "bersih_akuntabel":
            assert isinstance(c.min, Decimal) and c.missing is not None  # noqa: S101
            params = {"min": c.min, "missing": c.missing}
            needs.append(HasilNeed(c.key, c.value, c.min, "hasil_b_i_points", c.min, params))
        elif c.key == "prior_wbk":
            needs.append(HasilNeed(c.key, c.value, c.min, "prior_wbk", True))
    return needs


def gaps_for(spec: FrameworkSpec, result: ScoreResult) -> dict[str, Gap]:
    initial: dict[str, list[_Candidate]] = {}
    ranked: tuple[GapStep, ...] = ()
    if not all(v.passed for v in result.verdicts.values()):
        # The one-step candidates do not depend on the predicate: build them once.
        values = {c: q.value for c, q in result.questions.items()}
        labels = {c: q.answer for c, q in result.questions.items()}
        initial = {
            icode: _candidates(spec, ind, values, labels) for icode, ind in spec.indicators.items()
        }
        everything = (c for per in initial.values() for c in per)
        ranked = tuple(c.step() for c in sorted(everything, key=lambda c: (-c.gain, c.row)))
    return {
        predicate: _gap(
            spec,
            rules,
            result.verdicts[predicate],
            result.questions,
            result.areas,
            result.pengungkit,
            result.hasil,
            initial,
            ranked,
        )
        for predicate, rules in spec.rulesets.items()
    }


def _gap(
    spec: FrameworkSpec,
    rules: RuleSet,
    verdict: Verdict,
    questions: Mapping[str, QuestionResult],
    areas: Mapping[int, AreaResult],
    pengungkit: Decimal,
    hasil: HasilResult,
    initial: Mapping[str, list[_Candidate]],
    ranked: tuple[GapStep, ...],
) -> Gap:
    total_missing = verdict.criterion("total").missing
    assert isinstance(total_missing, Decimal)  # noqa: S101
    wanted = max(rules.pengungkit_min, rules.total_min - hasil.total)
    target = min(wanted, spec.pengungkit_max)
    if verdict.passed:
        return Gap(rules.predicate, True, _ZERO, target, (), (), _ZERO, True, (), "")

    values = {c: q.value for c, q in questions.items()}
    labels = {c: q.answer for c, q in questions.items()}
    # A step's usefulness, min(gain, P) + min(gain, A[area]), never falls as its gain rises, so the
    # best step of each area is simply its highest-gain step: track that per indicator and area.
    ind_best = {icode: _best(per) for icode, per in initial.items()}
    area_best = {
        no: _best(ind_best[i] for i in icodes) for no, icodes in spec.indicators_by_area.items()
    }
    area_need = {a.no: a.weight * rules.area_min_pct / _HUNDRED for a in spec.areas}
    area_score = {no: a.score for no, a in areas.items()}
    current = pengungkit
    plan: list[GapStep] = []

    p_short = max(_ZERO, target - current)
    a_short = {no: max(_ZERO, area_need[no] - area_score[no]) for no in area_score}
    while p_short > 0 or any(a_short.values()):
        best: _Candidate | None = None
        best_useful = _ZERO
        for no, cand in area_best.items():
            if cand is None:
                continue
            g = cand.gain
            useful = min(g, p_short) + min(g, a_short[no])
            if useful > best_useful or (
                best is not None and useful == best_useful and useful > 0 and cand.beats(best)
            ):
                best, best_useful = cand, useful
        if best is None:
            break  # every pengungkit answer is already at its best
        no = best.area_no
        plan.append(best.step())
        values[best.code] = best.value
        labels[best.code] = best.label
        current += best.gain
        area_score[no] += best.gain
        p_short = max(_ZERO, target - current)
        a_short[no] = max(_ZERO, area_need[no] - area_score[no])
        ind = spec.indicators[best.indicator_code]
        ind_best[ind.code] = _best(_candidates(spec, ind, values, labels, best_only=True))
        area_best[no] = _best(ind_best[i] for i in spec.indicators_by_area[no])

    reached = p_short <= 0 and all(s <= 0 for s in a_short.values())
    needs = _hasil_needs(spec, verdict)
    if wanted > spec.pengungkit_max:
        # Even a perfect pengungkit cannot lift the total: the rest must come from hasil.
        hasil_min = rules.total_min - spec.pengungkit_max
        needs.insert(
            0,
            HasilNeed(
                "total",
                verdict.criterion("total").value,
                rules.total_min,
                "hasil_points",
                hasil_min,
                {"min": hasil_min, "pengungkit_max": spec.pengungkit_max},
            ),
        )
    return Gap(
        predicate=rules.predicate,
        passed=False,
        missing_points=total_missing,
        pengungkit_target=target,
        ranked=ranked,
        steps=tuple(plan),
        steps_gain=sum((s.gain for s in plan), _ZERO),
        reached=reached,
        blocked_by_hasil=tuple(needs),
        message=_gap_message(plan, needs),
    )


def _gap_message(plan: list[GapStep], needs: list[HasilNeed]) -> str:
    """The code of what the plan amounts to (results.GAP_MESSAGES)."""
    if not plan and needs:
        return "hasil_only"
    return "steps_and_hasil" if needs else "steps_only"
