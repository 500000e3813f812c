"""Reads for scoring: turn an assessment's stored answers into the engine's AnswerSet and score.

Always called with an assessment the caller already obtained through a user-aware selector
(zi_portal.selectors.assessment_get_for_user or assessments_for).
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable
from decimal import Decimal

from django.db.models import Count, Max, Sum
from django.utils import timezone

from areas.models import Framework
from scoring.engine import AnswerSet, FrameworkSpec, ScoreResult, score
from scoring.framework import spec_for_framework
from scoring.models import Answer, ScoreSummary, Side
from zi_portal.models import Assessment


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
    """Both sides' answers in one query."""
    rows: dict[str, list[Answer]] = defaultdict(list)
    for a in Answer.objects.counted().filter(assessment=assessment).select_related("question"):
        rows[a.side].append(a)
    prior = assessment.unit.holds_wbk
    return {side: answer_set_from_rows(rows.get(side, []), prior_wbk=prior) for side in Side.values}


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


# Bump when the engine or the summary's content changes: every stored summary then goes stale.
SUMMARY_REVISION = "1"
SUMMARY_FIELDS = [
    "total",
    "pengungkit",
    "hasil",
    "area_pcts",
    "wbk_pass",
    "wbbm_pass",
    "complete",
    "answered",
    "inputs_total",
    "fingerprint",
    "computed_at",
]


def score_summaries_for(
    assessments: Iterable[Assessment], *, side: str = Side.UNIT
) -> dict[int, ScoreSummary]:
    """Stored score summaries of many assessments, recomputing only the stale ones.

    Queries: one aggregate over the answers, one read of the stored summaries, and only when
    something is stale one answers query (scores_for_assessments) plus one upsert. The count
    never depends on how many assessments there are. Pass assessments with `unit` and
    `framework` loaded (frameworks not loaded cost one more query).

    Why the fingerprint cannot miss a change: a summary depends only on the side's answer rows, the
    unit's holds_wbk (a prior WBK changes the WBBM verdict), the framework and the engine. Per
    assessment the fingerprint records the number of answer rows, the sum of their versions and the
    newest answered_at, plus holds_wbk, the framework and its content hash (a version in use cannot
    change, but a hash is cheaper than a doubt) and SUMMARY_REVISION. scoring.services.answers
    writes answers only by inserting a row (count + 1) or by updating one with version + 1
    (sum + 1); deleting a row lowers the count, and a delete followed by a re-insert brings a
    newer answered_at. So every change through the services moves the fingerprint and the stale
    summary is recomputed before it is served. A raw SQL or admin edit that keeps the version
    would not be seen; such edits must bump the version.
    """
    items = list(assessments)
    if not items:
        return {}
    ids = [a.pk for a in items]
    specs_for(items)  # also makes sure every framework's content hash is filled in
    stats = {
        row["assessment_id"]: row
        for row in Answer.objects.counted()
        .filter(assessment_id__in=ids, side=side)
        .values("assessment_id")
        .annotate(n=Count("id"), latest=Max("answered_at"), versions=Sum("version"))
        .order_by()
    }

    def fingerprint(a: Assessment) -> str:
        row = stats.get(a.pk)
        n, versions = (row["n"], row["versions"]) if row else (0, 0)
        latest = row["latest"].isoformat() if row and row["latest"] else "-"
        return (
            f"r{SUMMARY_REVISION}|{a.framework.code}:{a.framework.content_hash[:16]}"
            f"|f{a.framework_id}|w{int(a.unit.holds_wbk)}"
            f"|n{n}|v{versions}|t{latest}"
        )

    wanted = {a.pk: fingerprint(a) for a in items}
    found = {
        s.assessment_id: s for s in ScoreSummary.objects.filter(assessment_id__in=ids, side=side)
    }
    stale = [a for a in items if a.pk not in found or found[a.pk].fingerprint != wanted[a.pk]]
    if stale:
        now = timezone.now()
        scores = scores_for_assessments(stale, side=side)
        fresh = [
            _summary_from(a, scores[a.pk], side=side, fingerprint=wanted[a.pk], now=now)
            for a in stale
        ]
        ScoreSummary.objects.bulk_create(
            fresh,
            update_conflicts=True,
            unique_fields=["assessment", "side"],
            update_fields=SUMMARY_FIELDS,
        )
        found.update({s.assessment_id: s for s in fresh})
    return {pk: found[pk] for pk in ids}


def _summary_from(
    a: Assessment, result: ScoreResult, *, side: str, fingerprint: str, now: datetime.datetime
) -> ScoreSummary:
    return ScoreSummary(
        assessment=a,
        side=side,
        total=str(result.total),
        pengungkit=str(result.pengungkit),
        hasil=str(result.hasil.total),
        area_pcts=[str(result.areas[x.no].pct) for x in spec_for(a).areas],
        wbk_pass=result.verdicts["WBK"].passed,
        wbbm_pass=result.verdicts["WBBM"].passed,
        complete=result.complete,
        answered=result.answered,
        inputs_total=result.inputs_total,
        fingerprint=fingerprint,
        computed_at=now,
    )
