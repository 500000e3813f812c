"""The verdict per predicate: every criterion of the rule set, passed or not, and warnings."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal

from scoring.engine.results import (
    AnswerSet,
    AreaResult,
    Criterion,
    HasilResult,
    Verdict,
    VerdictWarning,
)
from scoring.engine.spec import _HUNDRED, _ZERO, FrameworkSpec, RuleSet

# --------------------------------------------------------------------------- verdicts


def _points(key: str, value: Decimal, minimum: Decimal) -> Criterion:
    return Criterion(
        key=key,
        value=value,
        min=minimum,
        passed=value >= minimum,
        missing=max(_ZERO, minimum - value),
        unit="poin",
    )


def verdict_for(
    spec: FrameworkSpec,
    rules: RuleSet,
    areas: Mapping[int, AreaResult],
    pengungkit: Decimal,
    hasil: HasilResult,
    total: Decimal,
    answers: AnswerSet,
    answered: int,
    zero_codes: list[str],
) -> Verdict:
    complete = answered == len(spec.input_codes)
    criteria: list[Criterion] = [
        _points("total", total, rules.total_min),
        _points("pengungkit", pengungkit, rules.pengungkit_min),
    ]
    warnings: list[VerdictWarning] = []
    pct_min = rules.area_min_pct
    for a in areas.values():
        # Compared in points so the division behind ``pct`` cannot decide an exact boundary.
        need_points = pct_min * a.weight / _HUNDRED
        area_passed = a.score * _HUNDRED >= pct_min * a.weight
        criteria.append(
            Criterion(
                key=f"area_{a.no}",
                area=a.no,
                value=a.pct,
                min=pct_min,
                passed=area_passed,
                missing=_ZERO if area_passed else max(_ZERO, pct_min - a.pct),
                unit="persen",
                missing_points=max(_ZERO, need_points - a.score),
            )
        )
        if not area_passed:
            continue  # already a failure; the stricter reading would only repeat it
        area = spec.area_by_no[a.no]
        for part, value, half in (
            ("pemenuhan", a.pemenuhan, area.pemenuhan_weight),
            ("reform", a.reform, area.reform_weight),
        ):
            if half > 0 and value * _HUNDRED < pct_min * half:
                pct = value * _HUNDRED / half
                params = {"area": a.no, "part": part, "pct": pct, "min": pct_min}
                warnings.append(VerdictWarning("half_below_min", params))
    criteria += [
        _points("bersih_akuntabel", hasil.bersih_akuntabel, rules.bersih_akuntabel_min),
        _points("ipak", hasil.b_i_a, rules.ipak_min),
        _points("kinerja", hasil.b_i_b, rules.kinerja_min),
        _points("pelayanan_prima", hasil.pelayanan_prima, rules.pelayanan_prima_min),
    ]
    if rules.requires_prior_wbk:
        criteria.append(
            Criterion(
                key="prior_wbk",
                value=answers.prior_wbk,
                min=True,
                passed=answers.prior_wbk,
                missing=None,
                unit="ya_tidak",
            )
        )
    if not complete:
        warnings.insert(
            0, VerdictWarning("incomplete", {"answered": answered, "total": len(spec.input_codes)})
        )
    if zero_codes:
        warnings.append(VerdictWarning("zero_denominator", {"codes": tuple(zero_codes)}))
    return Verdict(
        predicate=rules.predicate,
        passed=all(c.passed for c in criteria),
        final=complete,
        criteria=tuple(criteria),
        warnings=tuple(warnings),
    )
