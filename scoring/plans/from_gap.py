"""From gap to plan: a step of the dashboard's "quickest steps" as the prefill of a new plan item.

The step is found again on the server (the unit side's gap toward `predicate`, the steps of the
greedy plan first, then the ranked list), so the item's indicator, question, target answer and
points are the engine's own, never what a URL claims. Points are the step's gain in the model's
precision (four decimals, half up): `step_points`.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.utils.translation import gettext as _

from areas.models import Question
from scoring.engine.results import GapStep
from scoring.presenters import step_value
from scoring.selectors.scores import assessment_scores
from zi_portal.models import Assessment

POINTS_QUANTUM = Decimal("0.0001")  # PlanItem.points: decimal_places=4


def step_points(gain: Decimal) -> Decimal:
    """A gap step's gain as a plan item stores it."""
    return gain.quantize(POINTS_QUANTUM, rounding=ROUND_HALF_UP)


def gap_step_for(*, assessment: Assessment, predicate: str, code: str) -> GapStep | None:
    """The unit side's gap step on question `code` toward `predicate` (None: no such step now)."""
    gap = assessment_scores(assessment=assessment)["unit"].gap.get(predicate)
    if gap is None:
        return None
    for step in (*gap.steps, *gap.ranked):
        if step.question == code:
            return step
    return None


def gap_prefill(*, assessment: Assessment, predicate: str, code: str) -> dict[str, Any] | None:
    """The initial values of the item form for that step (None when there is no such step)."""
    step = gap_step_for(assessment=assessment, predicate=predicate, code=code)
    if step is None:
        return None
    question = (
        Question.objects.filter(framework_id=assessment.framework_id, code=step.question)
        .select_related("indicator")
        .first()
    )
    if question is None or question.indicator_id is None:
        return None
    return {
        "indicator": question.indicator_id,
        "question": question.pk,
        "target_answer": step.to,
        "points": step_points(step.gain),
        "step": _("Menaikkan jawaban %(code)s dari %(from)s ke %(to)s: %(text)s")
        % {
            "code": question.code,
            "from": step_value(step.from_),
            "to": step_value(step.to),
            "text": question.text,
        },
        "predicate": predicate,
    }
