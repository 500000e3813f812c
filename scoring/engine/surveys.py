"""The unit's own SPAK / SPKP survey statistics: pure Python and Decimal (docs/surveys.md).

In: the instrument's item keys, the responses (item key -> answer on a 1..k scale), the scale's
k, the minimum number of respondents and the WBK / WBBM minimum indices. Out: a SurveyResult with
the index (0-4), n, the 95 % confidence interval of the mean, each item's mean and the items that
pull the index down, and warnings as codes (never sentences; scoring/surveys/presenters.py words
them).

The index rule (also written as data in fixtures/surveys/): each answer x on 1..k is mapped onto
1..4 by 1 + (x - 1) * 3 / (k - 1); an item's mean is the mean of its mapped answers; the index is
the mean of the item means. Every respondent answers every item, so the index is also the mean of
the respondent scores (the mean of one respondent's mapped answers), and the interval is the
Student t interval of that mean: index +/- t(0.975; n - 1) * s / sqrt(n), s the sample standard
deviation (divisor n - 1). The t quantile is found by bisection on the t distribution function
(regularised incomplete beta, continued fraction), exact to 1e-9.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, localcontext

SUPPORTED_POINTS = (4, 6)
TARGET_LOW = Decimal(1)
TARGET_HIGH = Decimal(4)

# Warning codes (worded by scoring/surveys/presenters.py).
FEW_RESPONDENTS = "few_respondents"
STRADDLES_WBK = "straddles_wbk"
STRADDLES_WBBM = "straddles_wbbm"
WARNING_CODES = (FEW_RESPONDENTS, STRADDLES_WBK, STRADDLES_WBBM)


class SurveyDataError(ValueError):
    """A response that does not fit the instrument (missing item, answer off the scale)."""


@dataclass(frozen=True)
class ItemMean:
    key: str
    mean: Decimal
    pulls_down: bool


@dataclass(frozen=True)
class SurveyResult:
    n: int
    index: Decimal | None
    low: Decimal | None
    high: Decimal | None
    sd: Decimal | None
    t: Decimal | None
    items: tuple[ItemMean, ...]
    warnings: tuple[str, ...] = field(default=())

    @property
    def pulling_down(self) -> tuple[ItemMean, ...]:
        """The items below the index, lowest first."""
        return tuple(sorted((i for i in self.items if i.pulls_down), key=lambda i: i.mean))


def rescale(answer: int, points: int) -> Decimal:
    """An answer on 1..points mapped onto the 1..4 index scale."""
    if points not in SUPPORTED_POINTS:
        raise SurveyDataError(f"skala {points} butir tidak didukung")
    if isinstance(answer, bool) or not isinstance(answer, int) or not 1 <= answer <= points:
        raise SurveyDataError(f"jawaban {answer!r} di luar skala 1-{points}")
    span = TARGET_HIGH - TARGET_LOW
    return TARGET_LOW + Decimal(answer - 1) * span / Decimal(points - 1)


# --------------------------------------------------------------------------- t quantile


def _betacf(a: float, b: float, x: float) -> float:
    """Continued fraction of the incomplete beta function (modified Lentz)."""
    tiny, qab, qap, qam = 1e-300, a + b, a + 1.0, a - 1.0
    c, d = 1.0, 1.0 - qab * x / qap
    d = 1.0 / (d if abs(d) > tiny else tiny)
    h = d
    for m in range(1, 300):
        m2 = 2 * m
        aa = m * (b - m) * x / ((qam + m2) * (a + m2))
        d = 1.0 + aa * d
        d = 1.0 / (d if abs(d) > tiny else tiny)
        c = 1.0 + aa / c
        c = c if abs(c) > tiny else tiny
        h *= d * c
        aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2))
        d = 1.0 + aa * d
        d = 1.0 / (d if abs(d) > tiny else tiny)
        c = 1.0 + aa / c
        c = c if abs(c) > tiny else tiny
        delta = d * c
        h *= delta
        if abs(delta - 1.0) < 1e-15:
            break
    return h


def _betai(a: float, b: float, x: float) -> float:
    """The regularised incomplete beta function I_x(a, b)."""
    if x <= 0.0:
        return 0.0
    if x >= 1.0:
        return 1.0
    front = math.exp(
        math.lgamma(a + b) - math.lgamma(a) - math.lgamma(b) + a * math.log(x) + b * math.log1p(-x)
    )
    if x < (a + 1.0) / (a + b + 2.0):
        return front * _betacf(a, b, x) / a
    return 1.0 - front * _betacf(b, a, 1.0 - x) / b


def _t_cdf(t: float, df: int) -> float:
    tail = 0.5 * _betai(df / 2.0, 0.5, df / (df + t * t))
    return 1.0 - tail if t >= 0 else tail


def t_critical(df: int, confidence: str = "0.95") -> Decimal:
    """The two-sided Student t critical value (t(0.975; 39) = 2.022691), to 6 decimals."""
    if df < 1:
        raise SurveyDataError("derajat bebas harus paling sedikit 1")
    target = 1.0 - (1.0 - float(confidence)) / 2.0
    lo, hi = 0.0, 1000.0
    for _ in range(200):
        mid = (lo + hi) / 2.0
        if _t_cdf(mid, df) < target:
            lo = mid
        else:
            hi = mid
    return Decimal(f"{(lo + hi) / 2.0:.6f}")


# --------------------------------------------------------------------------- the result


def survey_result(
    *,
    item_keys: Sequence[str],
    responses: Sequence[Mapping[str, int]],
    points: int,
    min_respondents: int,
    minimums: Mapping[str, Decimal],
) -> SurveyResult:
    """The index, interval, item means and warnings of one survey over one period."""
    if not item_keys:
        raise SurveyDataError("instrumen tanpa butir")
    rows: list[list[Decimal]] = []
    for no, response in enumerate(responses, start=1):
        missing = [k for k in item_keys if k not in response]
        if missing:
            raise SurveyDataError(f"respons {no}: butir {', '.join(missing)} tidak dijawab")
        rows.append([rescale(response[k], points) for k in item_keys])
    n = len(rows)
    warnings: list[str] = []
    if n < min_respondents:
        warnings.append(FEW_RESPONDENTS)
    if n == 0:
        return SurveyResult(0, None, None, None, None, None, (), tuple(warnings))
    with localcontext() as ctx:
        ctx.prec = 28
        k = Decimal(len(item_keys))
        item_means = [sum((r[j] for r in rows), Decimal(0)) / n for j in range(len(item_keys))]
        index = sum(item_means, Decimal(0)) / k
        scores = [sum(r, Decimal(0)) / k for r in rows]
        low = high = sd = t = None
        if n >= 2:
            variance = sum(((s - index) ** 2 for s in scores), Decimal(0)) / (n - 1)
            sd = variance.sqrt()
            t = t_critical(n - 1)
            half = t * sd / Decimal(n).sqrt()
            low, high = max(index - half, Decimal(0)), min(index + half, TARGET_HIGH)
    items = tuple(
        ItemMean(key=key, mean=mean, pulls_down=mean < index)
        for key, mean in zip(item_keys, item_means, strict=True)
    )
    if low is not None and high is not None:
        for code, predicate in ((STRADDLES_WBK, "wbk"), (STRADDLES_WBBM, "wbbm")):
            minimum = minimums.get(predicate)
            if minimum is not None and low < minimum <= high:
                warnings.append(code)
    return SurveyResult(n, index, low, high, sd, t, items, tuple(warnings))


def index_points(index: Decimal, weight: Decimal) -> Decimal:
    """The LKE score of a survey index: index / 4 x weight (3.60 x 17.5 / 4 = 15.75)."""
    return index / TARGET_HIGH * weight


def points_short(index: Decimal, minimum: Decimal, weight: Decimal) -> Decimal:
    """The points the survey side lacks to reach ``minimum`` (0 when it is reached)."""
    return max(index_points(minimum, weight) - index_points(index, weight), Decimal(0))
