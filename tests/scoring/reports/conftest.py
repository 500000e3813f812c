"""Fixtures for the dashboard, report and public-page tests: answers, eager Celery.

Evidence comes from tests.factories (EvidenceFactory with content=PDF_BYTES where a test checks
the bytes).
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import pytest

from areas.models import Question
from scoring.models import Answer
from scoring.selectors.scores import spec_for
from scoring.summaries import summary_refresh
from zi_portal.celery import app
from zi_portal.models import Assessment

PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def _eager_celery() -> Iterator[None]:
    """Run report tasks in-process whatever CELERY_BROKER_URL the environment sets."""
    saved = {k: app.conf[k] for k in ("task_always_eager", "task_eager_propagates")}
    app.conf.update(task_always_eager=True, task_eager_propagates=False)
    yield
    app.conf.update(saved)


def answer_all(
    assessment: Assessment,
    *,
    side: str = "unit",
    rank: int = 0,
    index: Decimal = Decimal("3.6"),
    kinerja: str = "A",
    skip: int = 0,
) -> int:
    """Answer every question of one side: choice questions with the option `rank` places below
    the best, percentages 4 of 5 (or all when rank 0), both survey indices; `skip` leaves the last
    n questions blank. Returns the number of Answer rows created."""
    spec = spec_for(assessment)
    questions = {q.code: q for q in Question.objects.filter(framework=assessment.framework)}
    rows = []
    codes = list(spec.questions)
    for code in codes[: len(codes) - skip]:
        q = spec.questions[code]
        if q.is_percentage:
            keys = q.input_keys
            counts = dict.fromkeys(keys, 5)
            if rank and q.formula and q.formula.kind == "ratio" and q.formula.numerator:
                counts[q.formula.numerator] = 4
            if q.formula and q.formula.kind == "decline":
                counts = {q.formula.previous: 4, q.formula.current: 2 if rank else 0}
            rows.append(
                Answer(assessment=assessment, question=questions[code], side=side, counts=counts)
            )
        else:
            ordered = sorted(q.options, key=lambda o: o.value, reverse=True)
            label = ordered[min(rank, len(ordered) - 1)].label
            rows.append(
                Answer(
                    assessment=assessment,
                    question=questions[code],
                    side=side,
                    choice=label,
                    note=f"catatan {side} {code}",
                )
            )
    for code in ("B.I.a", "B.II.a"):
        rows.append(
            Answer(assessment=assessment, question=questions[code], side=side, index_value=index)
        )
    rows.append(
        Answer(assessment=assessment, question=questions["B.I.b"], side=side, choice=kinerja)
    )
    Answer.objects.bulk_create(rows)
    # A bulk write like the services': the stored summaries follow (scoring.summaries).
    summary_refresh(assessment=assessment, side=side)
    return len(rows)


@pytest.fixture
def answered(world: Any) -> Any:
    """The world's own assessment answered on both sides (unit best, TPI one step lower)."""
    answer_all(world.own, side="unit", rank=0)
    answer_all(world.own, side="tpi", rank=1, index=Decimal("3.2"), kinerja="B")
    return world
