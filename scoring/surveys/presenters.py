"""The survey results in words and locale numbers (the engine gives codes and Decimals)."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.utils import translation
from django.utils.translation import gettext as _

from scoring.engine import surveys as engine
from scoring.presenters import number

if TYPE_CHECKING:
    from scoring.surveys.models import SurveyPeriod
    from scoring.surveys.selectors import SurveyBlock


def _n(value: Decimal | None, places: int = 2) -> str:
    return "-" if value is None else number(value, places)


def warning_text(code: str, block: SurveyBlock, period: SurveyPeriod) -> str:
    mins = block.survey.minimums
    if code == engine.FEW_RESPONDENTS:
        return _(
            "Baru %(n)s responden, kurang dari minimum %(min)s: indeks ini belum dapat diandalkan."
        ) % {"n": block.result.n, "min": period.min_respondents}
    predicate = "WBK" if code == engine.STRADDLES_WBK else "WBBM"
    minimum = mins["wbk" if code == engine.STRADDLES_WBK else "wbbm"]
    return _(
        "Interval kepercayaan 95 %% (%(low)s-%(high)s) memuat batas minimum %(predicate)s "
        "%(minimum)s: selisihnya belum dapat dibedakan dari variasi sampel."
    ) % {
        "low": _n(block.result.low),
        "high": _n(block.result.high),
        "predicate": predicate,
        "minimum": _n(minimum),
    }


def block_view(block: SurveyBlock, period: SurveyPeriod) -> dict[str, Any]:
    """One survey's result as the page shows it."""
    res = block.result
    labels = {i.key: i.label for i in block.survey.items}
    return {
        "key": block.survey.key,
        "label": block.survey.label,
        "index_name": block.survey.index_name,
        "question_code": block.survey.question_code,
        "n": res.n,
        "index": _n(res.index),
        "low": _n(res.low),
        "high": _n(res.high),
        "has_index": res.index is not None,
        "has_interval": res.low is not None,
        "items": [
            {"label": labels[i.key], "mean": _n(i.mean), "pulls_down": i.pulls_down}
            for i in res.items
        ],
        # the sentence puts its own full stop after the list (an item's label may end in one)
        "pulling_down": [labels[i.key].rstrip(".") for i in res.pulling_down],
        "minimums": {k: _n(v) for k, v in block.survey.minimums.items()},
        "warnings": [warning_text(c, block, period) for c in res.warnings],
    }


def points_view(block: SurveyBlock, weight: Decimal) -> dict[str, Any] | None:
    """The index as LKE points and what the survey side lacks for WBK and WBBM."""
    index = block.result.index
    if index is None:
        return None
    mins = block.survey.minimums
    short_wbk = engine.points_short(index, mins["wbk"], weight)
    short_wbbm = engine.points_short(index, mins["wbbm"], weight)
    return {
        "points": _n(engine.index_points(index, weight)),
        "weight": _n(weight),
        "short_wbk": _n(short_wbk),
        "short_wbbm": _n(short_wbbm),
        "met_wbk": short_wbk == 0,  # the page says "met" rather than "0,00 points short"
        "met_wbbm": short_wbbm == 0,
    }


def source_note(*, period: SurveyPeriod, block: SurveyBlock) -> str:
    """The answer note of an index set from a period (stored in Indonesian, the source language)."""
    res = block.result
    with translation.override("id"):
        return _(
            "Estimasi internal unit (bukan survei resmi TPN): %(survey)s periode %(period)s, "
            "n = %(n)s, indeks %(index)s, interval kepercayaan 95 %% %(low)s-%(high)s."
        ) % {
            "survey": block.survey.index_name,
            "period": period.label,
            "n": res.n,
            "index": _n(res.index, 3),
            "low": _n(res.low, 3),
            "high": _n(res.high, 3),
        }


def gap_lines(
    *, period: SurveyPeriod, blocks: list[SurveyBlock], weights: dict[str, Decimal], predicate: str
) -> list[dict[str, Any]]:
    """For the dashboard's gap analysis toward ``predicate`` (WBK / WBBM): per survey, the latest
    period's index, the LKE points it still lacks for the predicate's minimum and the items to
    work on first (those pulling the index down, lowest first, at most three)."""
    lines = []
    for block in blocks:
        res, weight = block.result, weights.get(block.survey.question_code)
        minimum = block.survey.minimums.get(predicate.lower())
        if res.index is None or weight is None or minimum is None:
            continue
        labels = {i.key: i.label for i in block.survey.items}
        short = engine.points_short(res.index, minimum, weight)
        lines.append(
            {
                "index_name": block.survey.index_name,
                "question_code": block.survey.question_code,
                "period": period,
                "index": _n(res.index),
                "n": res.n,
                "minimum": _n(minimum),
                "short": _n(short),
                "reached": short == 0,
                "items": [labels[i.key] for i in res.pulling_down[:3]],
                "few": "few_respondents" in res.warnings,
            }
        )
    return lines
