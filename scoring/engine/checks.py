"""Plausibility checks of a percentage question's counts: warnings, never refusals.

A ratio formula is a share (numerator / sum of the denominator inputs, capped at 100 %), so a
numerator above its denominator ("35 perubahan dari 30 agen") is almost always a typo or a
misread input: the value is still computed (capped), but the person saving the counts and the
reviewer reading them are told. Codes with parameters only; scoring/counts.py words them.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from scoring.engine.spec import QuestionSpec

__all__ = ["COUNT_WARNING_CODES", "CountWarning", "count_warnings"]

COUNT_WARNING_CODES = ("numerator_above_denominator",)

# (code, params): params of numerator_above_denominator are numerator (the input key), value,
# denominator (the sum) and denominator_keys.
CountWarning = tuple[str, dict[str, Any]]


def count_warnings(q: QuestionSpec, counts: Mapping[str, int] | None) -> tuple[CountWarning, ...]:
    """The warnings these counts raise on question ``q`` (nothing until every input is there)."""
    f = q.formula
    if f is None or f.kind != "ratio" or f.numerator is None or not counts:
        return ()
    if any(counts.get(k) is None for k in (f.numerator, *f.denominator)):
        return ()
    value = int(counts[f.numerator])
    denominator = sum(int(counts[k]) for k in f.denominator)
    if value <= denominator:
        return ()
    return (
        (
            "numerator_above_denominator",
            {
                "numerator": f.numerator,
                "value": value,
                "denominator": denominator,
                "denominator_keys": f.denominator,
            },
        ),
    )
