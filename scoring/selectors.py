"""Reads for scoring: turn an assessment's stored answers into the engine's AnswerSet and score.

Always called with an assessment the caller already obtained through a user-aware selector
(zi_portal.selectors.assessment_get_for_user or assessments_for).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from decimal import Decimal

from scoring.engine import AnswerSet, FrameworkSpec, ScoreResult, score
from scoring.models import Answer, Side
from scoring.spec import framework_spec
from zi_portal.models import Assessment


def spec_for(assessment: Assessment) -> FrameworkSpec:
    """The engine's view of the assessment's framework (the committed fixture of that code)."""
    spec = framework_spec()
    if assessment.framework.code != spec.code:
        raise LookupError(f"kerangka {assessment.framework.code} tidak dikenal mesin penilaian")
    return spec


def answer_set_from_rows(rows: Iterable[Answer], *, prior_wbk: bool) -> AnswerSet:
    """Build an AnswerSet from Answer rows of one side (rows carry question__code)."""
    choices: dict[str, str] = {}
    counts: dict[str, dict[str, int]] = {}
    indices: dict[str, Decimal] = {}
    for a in rows:
        code = a.question.code
        if a.choice:
            choices[code] = a.choice
        elif a.index_value is not None:
            indices[code] = a.index_value
        elif a.counts:
            counts[code] = {k: int(v) for k, v in a.counts.items() if v is not None}
    return AnswerSet(choices=choices, counts=counts, indices=indices, prior_wbk=prior_wbk)


def answer_sets_for(*, assessment: Assessment) -> dict[str, AnswerSet]:
    """Both sides' answers in one query."""
    rows: dict[str, list[Answer]] = defaultdict(list)
    for a in Answer.objects.filter(assessment=assessment).select_related("question"):
        rows[a.side].append(a)
    prior = assessment.unit.holds_wbk
    return {
        side: answer_set_from_rows(rows.get(side, []), prior_wbk=prior) for side in Side.values
    }


def assessment_scores(*, assessment: Assessment) -> dict[str, ScoreResult]:
    """The unit-side and TPI-side scores of one assessment, keyed by side."""
    spec = spec_for(assessment)
    return {
        side: score(spec, answers)
        for side, answers in answer_sets_for(assessment=assessment).items()
    }


def scores_for_assessments(
    assessments: Iterable[Assessment], *, side: str = Side.UNIT
) -> dict[int, ScoreResult]:
    """Score many assessments with one answers query (dashboards, institution overview).

    Reads plain tuples rather than model objects: the overview of 500 units touches about
    56,000 answers, and building model instances for them costs more than scoring them.
    """
    items = list(assessments)
    choices: dict[int, dict[str, str]] = defaultdict(dict)
    counts: dict[int, dict[str, dict[str, int]]] = defaultdict(dict)
    indices: dict[int, dict[str, Decimal]] = defaultdict(dict)
    rows = Answer.objects.filter(assessment__in=[x.pk for x in items], side=side).values_list(
        "assessment_id", "question__code", "choice", "counts", "index_value"
    )
    for assessment_id, code, choice, count_map, index in rows:
        if choice:
            choices[assessment_id][code] = choice
        elif index is not None:
            indices[assessment_id][code] = index
        elif count_map:
            counts[assessment_id][code] = {
                k: int(v) for k, v in count_map.items() if v is not None
            }
    spec = framework_spec()
    return {
        x.pk: score(
            spec,
            AnswerSet(
                choices=choices.get(x.pk, {}), counts=counts.get(x.pk, {}),
                indices=indices.get(x.pk, {}), prior_wbk=x.unit.holds_wbk,
            ),
        )
        for x in items
    }
