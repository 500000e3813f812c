"""Reads of the next cycle: what a start would create, the carried answers still to confirm and
the unit's score trend across cycles. Never imports services."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.shortcuts import get_object_or_404

from areas.models import Framework, Question
from evidence.models import Evidence
from scoring.cycle.rules import previous_cycle
from scoring.engine import ScoreResult
from scoring.models import Answer, CycleStartJob, Side
from scoring.selectors.scores import scores_for_assessments
from zi_portal.access import assessments_for
from zi_portal.models import Assessment, Cycle, Role, Unit


@dataclass(frozen=True)
class CyclePlan:
    year: int
    previous: Cycle | None
    existing: Cycle | None
    units: int
    already: int
    documents: int
    answers: int


def cycle_plan(*, user: Any, year: int) -> CyclePlan:
    """What cycle_start would do for this user now (the confirmation page)."""
    previous = previous_cycle(year)
    existing = Cycle.objects.filter(year=year).first()
    if previous is None:
        return CyclePlan(year, None, existing, 0, 0, 0, 0)
    units = Unit.objects.filter(parent__isnull=False)
    if not getattr(user, "is_superuser", False):
        units = units.filter(
            parent__memberships__user_id=user.pk, parent__memberships__role=Role.ADMIN
        )
    olds = Assessment.objects.filter(cycle=previous, unit__in=units)
    done = set()
    if existing is not None:
        done = set(Assessment.objects.filter(cycle=existing).values_list("unit_id", flat=True))
    todo = olds.exclude(unit_id__in=done)
    return CyclePlan(
        year=year,
        previous=previous,
        existing=existing,
        units=todo.values("unit_id").distinct().count(),
        already=olds.filter(unit_id__in=done).values("unit_id").distinct().count(),
        documents=Evidence.objects.filter(assessment__in=todo, deleted_at__isnull=True).count(),
        answers=Answer.objects.counted().filter(assessment__in=todo, side=Side.UNIT).count(),
    )


def frameworks_for_cycle() -> Any:
    return Framework.objects.filter(active=True).order_by("code")


def unconfirmed_count(*, assessment: Assessment) -> int:
    return Answer.objects.filter(
        assessment=assessment, side=Side.UNIT, needs_confirmation=True
    ).count()


def indicator_questions(*, question: Question) -> list[Question]:
    """The questions of the indicator ``question`` belongs to (confirming per indicator)."""
    if question.indicator is None:
        return [question]
    return list(question.indicator.questions.order_by("position"))


@dataclass(frozen=True)
class TrendRow:
    assessment: Assessment
    year: int
    unit_total: Decimal
    tpi_total: Decimal | None
    provisional: bool


def score_trend(
    *, user: Any, unit: Unit, known: dict[int, dict[str, ScoreResult]] | None = None
) -> list[TrendRow]:
    """The unit's unit-side and TPI totals per cycle, oldest first, of the assessments the user
    may see (one answers query per side whatever the number of years); [] while the unit has a
    single cycle, as there is no trend to show yet. `known` holds scores a
    page has already computed, by assessment id and side (the dashboard's own assessment): those
    are not scored again."""
    # The trend shows only from a unit's second cycle on: a unit in its first year (most of a
    # 5,000-unit instansi) costs one plain count here, not the visibility query and the reads.
    if Assessment.objects.filter(unit=unit).count() < 2:
        return []
    items = list(
        assessments_for(user)
        .filter(unit=unit)
        .select_related("unit", "cycle", "framework")
        .order_by("cycle__year", "pk")
    )
    if not items:
        return []
    known = known or {}
    # Scored on the fly (one answers query per side), never through the stored summaries: a
    # page view writes nothing.
    rest = [a for a in items if a.pk not in known]
    scored = {side: scores_for_assessments(rest, side=side) if rest else {} for side in Side.values}
    for pk, sides in known.items():
        for side in Side.values:
            scored[side][pk] = sides[side]
    unit_side, tpi_side = scored[Side.UNIT], scored[Side.TPI]
    # No ordering: the model's joins the assessment, its cycle and unit and the question to sort.
    pending = set(
        Answer.objects.filter(assessment__in=items, needs_confirmation=True)
        .order_by()
        .values_list("assessment_id", flat=True)
    )
    return [
        TrendRow(
            assessment=a,
            year=a.cycle.year,
            unit_total=unit_side[a.pk].total,
            tpi_total=tpi_side[a.pk].total if tpi_side[a.pk].answered else None,
            provisional=a.pk in pending,
        )
        for a in items
    ]


def cycle_start_job_get(*, user: Any, pk: int) -> CycleStartJob:
    """A background cycle start: a superuser sees any, an admin the ones they started (else 404)."""
    jobs = CycleStartJob.objects.select_related("framework")
    if not getattr(user, "is_superuser", False):
        jobs = jobs.filter(requested_by=user)
    return get_object_or_404(jobs, pk=pk)
