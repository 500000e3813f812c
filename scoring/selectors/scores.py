"""Reads for scoring: turn an assessment's stored answers into the engine's AnswerSet and score.

Always called with an assessment the caller already obtained through a user-aware selector
(zi_portal.selectors.assessment_get_for_user or assessments_for).
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable
from decimal import Decimal
from typing import Any, cast

from django.db.models import Exists, OuterRef, QuerySet
from django.utils import timezone

from areas.models import Framework, Question
from scoring.engine import AnswerSet, FrameworkSpec, ScoreResult, score
from scoring.framework import spec_for_framework
from scoring.models import Answer, ScoreSummary, Side
from zi_portal.models import Assessment, Unit


def spec_for(assessment: Assessment) -> FrameworkSpec:
    """The engine's view of the assessment's own framework version, built from its rows (cached;
    no query when the assessment was loaded with its framework)."""
    return spec_for_framework(assessment.framework)


def specs_for(items: list[Assessment]) -> dict[int, FrameworkSpec]:
    """The spec of each framework among these assessments, keyed by framework id.

    Assessments of one framework then share one Framework row (one query for those not loaded
    with theirs), so a spec is built or looked up once per framework, not once per assessment.
    """
    frameworks: dict[int, Framework] = {}
    for a in items:
        if Assessment.framework.is_cached(a):
            frameworks.setdefault(a.framework_id, a.framework)
    missing = {a.framework_id for a in items} - frameworks.keys()
    if missing:
        frameworks.update(Framework.objects.in_bulk(missing))
    for a in items:
        a.framework = frameworks[a.framework_id]
    return {pk: spec_for_framework(fw) for pk, fw in frameworks.items()}


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
    """Both sides' answers in one query, as plain rows (no model instances, no ordering: the
    model's ordering joins and sorts every row for nothing here)."""
    choices: dict[str, dict[str, str]] = defaultdict(dict)
    counts: dict[str, dict[str, dict[str, int]]] = defaultdict(dict)
    indices: dict[str, dict[str, Decimal]] = defaultdict(dict)
    rows = (
        Answer.objects.counted()
        .filter(assessment=assessment)
        .order_by()
        .values_list("side", "question__code", "choice", "counts", "index_value")
    )
    for side, code, choice, count_map, index in rows:
        if choice:
            choices[side][code] = choice
        elif index is not None:
            indices[side][code] = index
        elif count_map:
            counts[side][code] = {k: int(v) for k, v in count_map.items() if v is not None}
    prior = assessment.unit.holds_wbk
    return {
        side: AnswerSet(
            choices=choices.get(side, {}),
            counts=counts.get(side, {}),
            indices=indices.get(side, {}),
            prior_wbk=prior,
        )
        for side in Side.values
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
    specs = specs_for(items)
    choices: dict[int, dict[str, str]] = defaultdict(dict)
    counts: dict[int, dict[str, dict[str, int]]] = defaultdict(dict)
    indices: dict[int, dict[str, Decimal]] = defaultdict(dict)
    rows = (
        Answer.objects.counted()
        .filter(assessment__in=[x.pk for x in items], side=side)
        .order_by()  # the model's ordering joins and sorts every row for nothing here
        .values_list("assessment_id", "question__code", "choice", "counts", "index_value")
    )
    for assessment_id, code, choice, count_map, index in rows:
        if choice:
            choices[assessment_id][code] = choice
        elif index is not None:
            indices[assessment_id][code] = index
        elif count_map:
            counts[assessment_id][code] = {k: int(v) for k, v in count_map.items() if v is not None}
    return {
        x.pk: score(
            specs[x.framework_id],
            AnswerSet(
                choices=choices.get(x.pk, {}),
                counts=counts.get(x.pk, {}),
                indices=indices.get(x.pk, {}),
                prior_wbk=x.unit.holds_wbk,
            ),
        )
        for x in items
    }


def scores_bulk(
    *,
    assessments: QuerySet[Assessment] | None = None,
    instansi: Unit | None = None,
    side: str = Side.UNIT,
) -> dict[int, ScoreResult]:
    """Score every assessment of a queryset, or of an instansi (all cycles), on one side.

    Contract: keyed by assessment id; the same results as scores_for_assessments (the engine is
    the same; only the reading differs). Built for thousands of assessments: it reads plain rows
    (values_list) and never a model instance: the assessments as (id, framework, holds_wbk), the
    framework's question codes once, and the side's counted answers without the model's default
    ordering (which joins the questions and sorts every row), in three reads by kind of answer so
    only the percentage answers' JSON is decoded. Six queries whatever the number of assessments
    (plus one per framework version whose spec is not cached yet).

    What it costs (5,000 units, 565,000 unit-side answers, this 2-core machine; docs/scale.md):
    2.3 s on a quiet machine, of which the reads about 0.6 s and the engine (`score`) the rest.
    For the stored figures only (totals, area percentages, verdicts) the summaries are the
    faster path: score_summaries_for, one query. Give exactly one of
    `assessments` (any queryset of Assessment, used as a subquery) or `instansi`.
    """
    if (assessments is None) == (instansi is None):
        raise ValueError("give exactly one of assessments or instansi")
    qs = (
        assessments if assessments is not None else Assessment.objects.filter(unit__parent=instansi)
    )
    heads = list(qs.order_by().values_list("pk", "framework_id", "unit__holds_wbk"))
    if not heads:
        return {}
    framework_ids = {fw for _pk, fw, _wbk in heads}
    specs = {
        pk: spec_for_framework(fw) for pk, fw in Framework.objects.in_bulk(framework_ids).items()
    }
    codes = dict(Question.objects.filter(framework_id__in=framework_ids).values_list("pk", "code"))
    choices: dict[int, dict[str, str]] = defaultdict(dict)
    counts: dict[int, dict[str, dict[str, int]]] = defaultdict(dict)
    indices: dict[int, dict[str, Decimal]] = defaultdict(dict)
    # Three reads by kind of answer, so the JSON of the counts is decoded only for the
    # percentage questions and the decimals only for the survey indices (no per-row converter).
    answers = Answer.objects.filter(
        assessment_id__in=qs.order_by().values("pk"), side=side, needs_confirmation=False
    ).order_by()
    chunk = 20000
    for assessment_id, question_id, choice in (
        answers.exclude(choice="")
        .values_list("assessment_id", "question_id", "choice")
        .iterator(chunk_size=chunk)
    ):
        choices[assessment_id][codes[question_id]] = choice
    for assessment_id, question_id, index in (
        answers.filter(choice="", index_value__isnull=False)
        .values_list("assessment_id", "question_id", "index_value")
        .iterator(chunk_size=chunk)
    ):
        indices[assessment_id][codes[question_id]] = cast(Decimal, index)  # not null: filtered
    for assessment_id, question_id, count_map in (
        answers.filter(choice="", index_value__isnull=True)
        .values_list("assessment_id", "question_id", "counts")
        .iterator(chunk_size=chunk)
    ):
        if count_map:
            counts[assessment_id][codes[question_id]] = {
                k: int(v) for k, v in count_map.items() if v is not None
            }
    empty: dict[str, Any] = {}
    return {
        pk: score(
            specs[fw],
            AnswerSet(
                choices=choices.get(pk, empty),
                counts=counts.get(pk, empty),
                indices=indices.get(pk, empty),
                prior_wbk=wbk,
            ),
        )
        for pk, fw, wbk in heads
    }


# Bump when the engine or the summary's content changes: a row of another revision is then
# recomputed on its next read (and `manage.py scores_verify --rebuild` rewrites them all at once).
SUMMARY_REVISION = "2"
SUMMARY_FIELDS = [
    "total",
    "pengungkit",
    "hasil",
    "area_pcts",
    "total_num",
    "pengungkit_num",
    "hasil_num",
    *[f"area{n}_num" for n in range(1, 7)],
    "wbk_pass",
    "wbbm_pass",
    "complete",
    "answered",
    "inputs_total",
    "revision",
    "computed_at",
]
SUMMARY_COMPARED = [f for f in SUMMARY_FIELDS if f not in ("computed_at", "revision")]
_PLACES = Decimal("0.000001")


def summaries_computed(
    assessments: Iterable[Assessment], *, sides: Iterable[str] = tuple(Side.values)
) -> list[ScoreSummary]:
    """Fresh, unsaved summaries of these assessments (pass them with `unit` and `framework`
    loaded) on these sides: one answers query per side. What the write-through stores
    (scoring.summaries) and what `scores_verify` compares the stored rows with."""
    items = list(assessments)
    if not items:
        return []
    now = timezone.now()
    out: list[ScoreSummary] = []
    for side in sides:
        results = scores_for_assessments(items, side=side)
        out.extend(summary_from(a, results[a.pk], side=side, now=now) for a in items)
    return out


def summary_from(
    a: Assessment, result: ScoreResult, *, side: str, now: datetime.datetime
) -> ScoreSummary:
    """The stored form of one result: exact decimal strings plus the numbers SQL sorts on."""
    pcts = [result.areas[x.no].pct for x in spec_for(a).areas]
    nums = {f"area{n}_num": _num(p) for n, p in enumerate(pcts[:6], start=1)}
    return ScoreSummary(
        assessment=a,
        side=side,
        total=str(result.total),
        pengungkit=str(result.pengungkit),
        hasil=str(result.hasil.total),
        area_pcts=[str(p) for p in pcts],
        total_num=_num(result.total),
        pengungkit_num=_num(result.pengungkit),
        hasil_num=_num(result.hasil.total),
        wbk_pass=result.verdicts["WBK"].passed,
        wbbm_pass=result.verdicts["WBBM"].passed,
        complete=result.complete,
        answered=result.answered,
        inputs_total=result.inputs_total,
        revision=SUMMARY_REVISION,
        computed_at=now,
        **nums,
    )


def _num(value: Decimal) -> Decimal:
    return value.quantize(_PLACES)


def summary_differences(stored: ScoreSummary, fresh: ScoreSummary) -> list[str]:
    """The names of the fields where a stored summary and a fresh computation differ."""
    out = []
    for name in SUMMARY_COMPARED:
        a, b = getattr(stored, name), getattr(fresh, name)
        if name.endswith("_num"):
            a = None if a is None else Decimal(a).quantize(_PLACES)
            b = None if b is None else Decimal(b).quantize(_PLACES)
        if a != b:
            out.append(name)
    return out


def score_summaries_for(
    assessments: Iterable[Assessment], *, side: str = Side.UNIT
) -> dict[int, ScoreSummary]:
    """The stored score summaries of many assessments: one query, no answer is read.

    The rows are written through by every service that changes a score's inputs
    (scoring.summaries.summaries_refresh, in the writer's transaction), so a stored row is the
    current score. One exception: an assessment with no row of the current SUMMARY_REVISION
    (created before the write-through, by a path that writes no summary such as the bench seed, or
    after an engine revision) gets its row computed here once and stored (insert if missing;
    a row written by a service meanwhile wins). `manage.py scores_verify` checks them all.
    """
    items = list(assessments)
    if not items:
        return {}
    ids = [a.pk for a in items]
    found = {
        s.assessment_id: s for s in ScoreSummary.objects.filter(assessment_id__in=ids, side=side)
    }
    missing = [a for a in items if a.pk not in found or found[a.pk].revision != SUMMARY_REVISION]
    if missing:
        specs_for(missing)
        found.update({s.assessment_id: s for s in summaries_fill(missing, sides=[side])})
    return {pk: found[pk] for pk in ids}


def summaries_fill(items: list[Assessment], *, sides: Iterable[str]) -> list[ScoreSummary]:
    """Store the summaries of assessments that have none of the current revision (a read's
    one-time fill): rows of an older revision are replaced, a missing row is inserted unless a
    writer stored one meanwhile."""
    fresh = summaries_computed(items, sides=sides)
    ScoreSummary.objects.filter(
        assessment_id__in=[a.pk for a in items], side__in=list(sides)
    ).exclude(revision=SUMMARY_REVISION).delete()
    ScoreSummary.objects.bulk_create(fresh, ignore_conflicts=True)
    return fresh


def summaries_missing(
    assessments: QuerySet[Assessment], *, side: str = Side.UNIT
) -> QuerySet[Assessment]:
    """The assessments of a queryset without a current summary on that side (one cheap query;
    empty in steady state)."""
    current = ScoreSummary.objects.filter(
        assessment_id=OuterRef("pk"), side=side, revision=SUMMARY_REVISION
    )
    return assessments.filter(~Exists(current))
