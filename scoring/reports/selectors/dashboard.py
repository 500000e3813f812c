"""Reads behind the unit dashboard: scores, verdicts, the gap, area rows and recent activity.

Every function takes objects the caller got through a user-aware selector, or filters by the user
itself. The query count of each page is fixed: the institution overview sorts and pages the
stored score summaries in SQL (overview.py; the summaries are written through by the services,
scoring.summaries) and everything else is prefetched, so nothing grows with the number of units
or questions.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from functools import cached_property
from typing import Any

from django.utils import timezone

from evidence.models import ReviewFlag
from scoring.engine import Criterion, FrameworkSpec, Gap, ScoreResult, Verdict
from scoring.presenters import (
    criterion_label,
    criterion_text,
    gap_message,
    need_line,
    number,
    step_value,
    warning_text,
)
from scoring.reports.charts import Chart, area_chart, hasil_chart, total_chart
from scoring.selectors.history import history_for_assessment
from scoring.selectors.scores import assessment_scores, spec_for
from scoring.surveys.presenters import gap_lines
from scoring.surveys.selectors import latest_results, question_weights
from zi_portal.models import Assessment, Phase

ROMAN = ("I", "II", "III", "IV", "V", "VI")
SELF_ASSESSMENT_STATUSES = {Assessment.Status.DRAFT, Assessment.Status.REVISION}
REVIEW_STATUSES = {Assessment.Status.SUBMITTED, Assessment.Status.IN_REVIEW}


# --------------------------------------------------------------------------- formatting
# The engine's codes become text in scoring.presenters, in the language of the request.


@dataclass(frozen=True)
class CriterionRow:
    label: str
    value: str
    minimum: str
    passed: bool
    missing: str


@dataclass(frozen=True)
class VerdictView:
    predicate: str
    passed: bool
    final: bool
    criteria: tuple[CriterionRow, ...]
    warnings: tuple[str, ...]


def verdict_view(spec: FrameworkSpec, verdict: Verdict) -> VerdictView:
    def row(c: Criterion) -> CriterionRow:
        missing = "" if c.passed or c.missing is None else criterion_text(c.missing, c.unit)
        return CriterionRow(
            label=criterion_label(spec, c.key, c.area),
            value=criterion_text(c.value, c.unit),
            minimum=criterion_text(c.min, c.unit),
            passed=c.passed,
            missing=missing,
        )

    return VerdictView(
        predicate=verdict.predicate,
        passed=verdict.passed,
        final=verdict.final,
        criteria=tuple(row(c) for c in verdict.criteria),
        warnings=tuple(warning_text(spec, w) for w in verdict.warnings),
    )


@dataclass(frozen=True)
class StepView:
    code: str
    link_label: str
    text: str
    from_: str
    to: str
    gain: str


@dataclass(frozen=True)
class GapView:
    predicate: str
    passed: bool
    reached: bool
    message: str
    steps: tuple[StepView, ...]
    steps_gain: str
    ranked: tuple[StepView, ...]
    blocked: tuple[str, ...]
    # The survey side from the latest survey period (scoring/surveys/presenters.py: gap_lines).
    surveys: tuple[dict[str, Any], ...] = ()


def gap_view(
    spec: FrameworkSpec,
    gap: Gap,
    *,
    ranked_limit: int = 5,
    surveys: Sequence[dict[str, Any]] = (),
) -> GapView:
    def step(s: Any) -> StepView:
        q = spec.questions[s.question]
        return StepView(
            code=s.question,
            link_label=q.link_label,
            text=q.text,
            from_=step_value(s.from_),
            to=step_value(s.to),
            gain=number(s.gain, 3),
        )

    return GapView(
        predicate=gap.predicate,
        passed=gap.passed,
        reached=gap.reached,
        message=gap_message(spec, gap),
        steps=tuple(step(s) for s in gap.steps),
        steps_gain=number(gap.steps_gain),
        ranked=tuple(step(s) for s in gap.ranked[:ranked_limit]),
        blocked=tuple(need_line(spec, n) for n in gap.blocked_by_hasil),
        surveys=tuple(surveys),
    )


def survey_gaps(assessment: Assessment, predicates: Iterable[str]) -> dict[str, list[Any]]:
    """Per predicate, what the survey side lacks, from the unit's latest survey period."""
    latest = latest_results(assessment.unit)
    if latest is None:
        return {}
    weights = question_weights(assessment)
    return {
        p: gap_lines(period=latest[0], blocks=latest[1], weights=weights, predicate=p)
        for p in predicates
    }


# --------------------------------------------------------------------------- unit dashboard


@dataclass(frozen=True)
class AreaRow:
    no: int
    roman: str
    name: str
    weight: str
    unit_pemenuhan: str
    unit_reform: str
    unit_score: str
    unit_pct: str
    tpi_score: str
    tpi_pct: str
    band: str
    answered: int
    questions: int

    @property
    def complete_pct(self) -> int:
        return round(100 * self.answered / self.questions) if self.questions else 0


@dataclass(frozen=True)
class ActivityRow:
    when: datetime.datetime
    who: str
    text: str


@dataclass
class UnitDashboard:
    assessment: Assessment
    spec: FrameworkSpec
    unit: ScoreResult
    tpi: ScoreResult
    has_tpi: bool
    charts: tuple[Chart, ...]
    areas: tuple[AreaRow, ...]
    hasil_answered: int
    verdicts: tuple[VerdictView, ...]
    tpi_verdicts: tuple[VerdictView, ...]
    gaps: tuple[GapView, ...]
    flags: list[ReviewFlag]
    phase_label: str
    phase_end: datetime.date | None
    days_left: int | None

    @property
    def complete_pct(self) -> int:
        return round(100 * self.unit.answered / self.unit.inputs_total)

    @cached_property
    def hasil_weight(self) -> str:
        return number(sum((h.weight for h in self.spec.hasil.values()), Decimal(0)))

    @cached_property
    def totals(self) -> dict[str, str]:
        """Formatted once per page (the template reads about ten of them, each a lookup)."""
        hasil_weight = sum((h.weight for h in self.spec.hasil.values()), Decimal(0))
        out = {
            "total_weight": number(self.spec.pengungkit_max + hasil_weight),
            "unit_total": number(self.unit.total),
            "unit_pengungkit": number(self.unit.pengungkit),
            "unit_hasil": number(self.unit.hasil.total),
            "unit_conservative": number(self.unit.conservative_total),
            "unit_pemenuhan": number(self.unit.pemenuhan),
            "unit_reform": number(self.unit.reform),
            "pengungkit_weight": number(self.spec.pengungkit_max),
            "tpi_total": number(self.tpi.total),
            "tpi_pengungkit": number(self.tpi.pengungkit),
            "tpi_hasil": number(self.tpi.hasil.total),
        }
        return out


def band(pct: Decimal, spec: FrameworkSpec) -> str:
    """The heatmap band of an area percentage: CSS class names in report.css."""
    if pct >= spec.rulesets["WBBM"].area_min_pct:
        return "heat-wbbm"
    if pct >= spec.rulesets["WBK"].area_min_pct:
        return "heat-wbk"
    return "heat-mid" if pct >= 40 else "heat-low"


def current_phase(assessment: Assessment) -> str | None:
    if assessment.status in SELF_ASSESSMENT_STATUSES:
        return Phase.SELF_ASSESSMENT
    if assessment.status in REVIEW_STATUSES:
        return Phase.REVIEW
    return None


def area_rows(spec: FrameworkSpec, unit: ScoreResult, tpi: ScoreResult | None) -> list[AreaRow]:
    answered: dict[int, int] = defaultdict(int)
    counts: dict[int, int] = defaultdict(int)
    for code, q in spec.questions.items():
        counts[q.area_no] += 1
        if unit.questions[code].value is not None:
            answered[q.area_no] += 1
    rows = []
    for a in spec.areas:
        u = unit.areas[a.no]
        t = tpi.areas[a.no] if tpi else None
        rows.append(
            AreaRow(
                no=a.no,
                roman=ROMAN[a.no - 1],
                name=a.name,
                weight=number(a.weight),
                unit_pemenuhan=number(u.pemenuhan),
                unit_reform=number(u.reform),
                unit_score=number(u.score),
                unit_pct=number(u.pct),
                tpi_score=number(t.score) if t else "-",
                tpi_pct=number(t.pct) if t else "-",
                band=band(u.pct, spec),
                answered=answered[a.no],
                questions=counts[a.no],
            )
        )
    return rows


def dashboard_activity(*, assessment: Assessment, limit: int = 10) -> list[ActivityRow]:
    """The newest entries of the assessment's history (workflow events, answers, evidence,
    comments and flags), one per user action, in words.

    Not part of unit_dashboard: the dashboard loads this list after the page (its own request,
    reports:dashboard-activity). Telling ten entries in words takes about ten queries over the
    audit log, which would otherwise be a third of the dashboard's time (docs/scale.md)."""
    rows = []
    for e in history_for_assessment(assessment, limit=limit):
        if e.kind == "event":
            parts = [e.what, e.note]
        else:
            parts = [e.what, e.action]
            if e.changes:
                parts.append("(" + "; ".join(f"{c.field}: {c.new}" for c in e.changes) + ")")
        rows.append(ActivityRow(when=e.when, who=e.who, text=" ".join(p for p in parts if p)))
    return rows


def unit_dashboard(*, assessment: Assessment) -> UnitDashboard:
    """Everything the unit dashboard (and the PDF's summary) shows, in a fixed number of queries."""
    spec = spec_for(assessment)
    scores = assessment_scores(assessment=assessment)
    unit, tpi = scores["unit"], scores["tpi"]
    has_tpi = tpi.answered > 0
    tpi_or_none = tpi if has_tpi else None
    phase = current_phase(assessment)
    phase_end = assessment.window_end(phase) if phase else None
    flags = list(
        ReviewFlag.objects.filter(assessment=assessment, resolved_at__isnull=True)
        .select_related("question", "created_by")
        .order_by("question__position")
    )
    # The engine counts hasil inputs in `answered` but keeps only pengungkit questions per code.
    hasil_answered = unit.answered - sum(1 for q in unit.questions.values() if q.value is not None)
    surveys = survey_gaps(assessment, unit.gap.keys())
    return UnitDashboard(
        assessment=assessment,
        spec=spec,
        unit=unit,
        tpi=tpi,
        has_tpi=has_tpi,
        charts=(
            total_chart(spec, unit, tpi_or_none),
            area_chart(spec, unit, tpi_or_none),
            hasil_chart(spec, unit, tpi_or_none),
        ),
        areas=tuple(area_rows(spec, unit, tpi_or_none)),
        hasil_answered=hasil_answered,
        verdicts=tuple(verdict_view(spec, v) for v in unit.verdicts.values()),
        tpi_verdicts=tuple(verdict_view(spec, v) for v in tpi.verdicts.values()) if has_tpi else (),
        gaps=tuple(
            gap_view(spec, g, surveys=surveys.get(g.predicate, ())) for g in unit.gap.values()
        ),
        flags=flags,
        phase_label=str(Phase(phase).label) if phase else "",
        phase_end=phase_end,
        days_left=(phase_end - timezone.localdate()).days if phase_end else None,
    )
