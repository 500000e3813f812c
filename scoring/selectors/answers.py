"""Stored answers as people read them (pages, conflict messages, reports)."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal

from scoring.models import Answer
from scoring.presenters import number


def answer_text(answer: Answer | None, *, labels: Mapping[str, str] | None = None) -> str:
    """An answer as people read it: the option label, the index (3,62) or the counts."""
    if answer is None:
        return "-"
    if answer.choice:
        return answer.choice
    if answer.index_value is not None:
        return number(Decimal(answer.index_value))
    if answer.counts:
        names = labels or {}
        return "; ".join(f"{names.get(k, k)}: {v}" for k, v in answer.counts.items())
    return "-"
