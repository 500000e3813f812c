"""The survey statistics (scoring/engine/surveys.py) against the test's own hand computation."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction
from math import sqrt
from typing import Any

import pytest

from scoring.engine import surveys as eng

ITEMS = ("a", "b", "c", "d", "e")
MINS = {"wbk": Decimal("3.60"), "wbbm": Decimal("3.60")}
# t(0.975; 39) from a printed Student t table (e.g. NIST/SEMATECH e-Handbook 1.3.6.7.2).
T39 = 2.022691


def _forty() -> list[dict[str, int]]:
    """40 respondents on a 4-point scale; the pattern repeats every 8 respondents."""
    patterns = [
        (4, 4, 4, 4, 4),
        (4, 3, 4, 4, 3),
        (3, 3, 3, 4, 3),
        (4, 4, 3, 4, 4),
        (2, 3, 3, 3, 2),
        (4, 4, 4, 3, 4),
        (3, 4, 4, 4, 3),
        (4, 3, 2, 4, 4),
    ]
    return [dict(zip(ITEMS, patterns[i % 8], strict=True)) for i in range(40)]


def _hand(rows: list[dict[str, int]], rescale: object = None) -> tuple[float, float, float]:
    f = rescale or (lambda x: Fraction(x))
    scores = [sum(f(r[k]) for k in ITEMS) / len(ITEMS) for r in rows]  # type: ignore[operator]
    n = len(scores)
    mean = sum(scores) / n
    var = sum((s - mean) ** 2 for s in scores) / (n - 1)
    half = T39 * sqrt(var) / sqrt(n)
    return float(mean), float(mean) - half, float(mean) + half


def _q(x: Decimal | float | None) -> Decimal:
    assert x is not None
    return Decimal(str(x)).quantize(Decimal("0.0001"))


def test_forty_responses_match_the_hand_computation_to_four_decimals() -> None:
    rows = _forty()
    res = eng.survey_result(
        item_keys=ITEMS, responses=rows, points=4, min_respondents=30, minimums=MINS
    )
    mean, low, high = _hand(rows)
    assert res.n == 40
    # Item means by hand: a = (4+4+3+4+2+4+3+4)/8 = 28/8 = 3.5, and so on; index = their mean.
    assert [i.mean for i in res.items] == [
        Decimal("3.5"),
        Decimal("3.5"),
        Decimal("3.375"),
        Decimal("3.75"),
        Decimal("3.375"),
    ]
    assert _q(res.index) == _q(mean) == Decimal("3.5000")
    assert _q(res.low) == _q(low)
    assert _q(res.high) == _q(high)
    assert res.t == Decimal("2.022691")
    # c and e (3.375) pull the index down, lowest first; d (3.75) does not.
    assert [i.key for i in res.pulling_down] == ["c", "e"]
    assert eng.STRADDLES_WBK in res.warnings and eng.FEW_RESPONDENTS not in res.warnings


def test_two_groups_interval_by_hand() -> None:
    """20 answer all 4, 20 all 3: mean 3.5, s = sqrt(10/39), half = t * s / sqrt(40)."""
    rows = [dict.fromkeys(ITEMS, 4)] * 20 + [dict.fromkeys(ITEMS, 3)] * 20
    res = eng.survey_result(
        item_keys=ITEMS, responses=rows, points=4, min_respondents=30, minimums=MINS
    )
    half = T39 * sqrt(10 / 39) / sqrt(40)
    assert _q(res.low) == _q(3.5 - half) == Decimal("3.3381")
    assert _q(res.high) == _q(3.5 + half) == Decimal("3.6619")
    assert set(res.warnings) == {eng.STRADDLES_WBK, eng.STRADDLES_WBBM}


def test_six_point_scale_uses_the_documented_conversion() -> None:
    """x on 1..6 -> 1 + (x - 1) * 3 / 5: 6 -> 4, 1 -> 1, 4 -> 2.8."""
    assert eng.rescale(6, 6) == Decimal(4)
    assert eng.rescale(1, 6) == Decimal(1)
    assert eng.rescale(4, 6) == Decimal("2.8")
    six = [dict.fromkeys(ITEMS, 6 if i % 2 else 4) for i in range(40)]
    res = eng.survey_result(
        item_keys=ITEMS, responses=six, points=6, min_respondents=30, minimums=MINS
    )
    mean, low, high = _hand(six, rescale=lambda x: 1 + Fraction(x - 1) * 3 / 5)
    assert _q(res.index) == _q(mean) == Decimal("3.4000")
    assert (_q(res.low), _q(res.high)) == (_q(low), _q(high))


def test_few_respondents_and_no_interval_below_two() -> None:
    one = eng.survey_result(
        item_keys=ITEMS,
        responses=[dict.fromkeys(ITEMS, 4)],
        points=4,
        min_respondents=30,
        minimums=MINS,
    )
    assert one.index == Decimal(4) and one.low is None and one.warnings == (eng.FEW_RESPONDENTS,)
    none = eng.survey_result(
        item_keys=ITEMS, responses=[], points=4, min_respondents=30, minimums=MINS
    )
    assert none.n == 0 and none.index is None


def test_interval_clear_of_the_minimum_gives_no_straddle_warning() -> None:
    rows = [dict.fromkeys(ITEMS, 4)] * 35 + [dict.fromkeys(ITEMS, 3)] * 5
    res = eng.survey_result(
        item_keys=ITEMS, responses=rows, points=4, min_respondents=30, minimums=MINS
    )
    assert res.low is not None and res.low > Decimal("3.60")
    assert res.warnings == ()


@pytest.mark.parametrize(
    ("df", "t"), [(1, "12.706205"), (9, "2.262157"), (29, "2.045230"), (120, "1.979930")]
)
def test_t_critical_values_match_the_tables(df: int, t: str) -> None:
    assert eng.t_critical(df) == Decimal(t)


@pytest.mark.parametrize("bad", [0, 5, "4", True, None])
def test_answers_off_the_scale_are_refused(bad: Any) -> None:
    with pytest.raises(eng.SurveyDataError):
        eng.survey_result(
            item_keys=ITEMS,
            responses=[{**dict.fromkeys(ITEMS, 4), "a": bad}],
            points=4,
            min_respondents=1,
            minimums=MINS,
        )


def test_missing_item_is_refused() -> None:
    with pytest.raises(eng.SurveyDataError, match="respons 1"):
        eng.survey_result(
            item_keys=ITEMS, responses=[{"a": 4}], points=4, min_respondents=1, minimums=MINS
        )


def test_points_of_an_index_and_what_is_missing() -> None:
    w = Decimal("17.5")
    assert eng.index_points(Decimal("3.60"), w) == Decimal("15.75")
    assert eng.index_points(Decimal("3.20"), w) == Decimal("14.00")
    assert eng.points_short(Decimal("3.40"), Decimal("3.60"), w) == Decimal("0.875")
    assert eng.points_short(Decimal("3.70"), Decimal("3.60"), w) == Decimal(0)
