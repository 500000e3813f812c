"""Reads behind the unit dashboard, the institution overview, report jobs and the public ZI page.

Every function takes objects the caller got through a user-aware selector, or filters by the user
itself. The query count of each page is fixed: the institution overview reads stored score
summaries (scoring.selectors.scores.score_summaries_for, which rescores only stale ones in one
answers query) and everything else is prefetched, so nothing grows with the number of units or
questions.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, cast

from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from evidence.models import Evidence, ReviewFlag
from scoring.engine import Criterion, FrameworkSpec, Gap, ScoreResult, Verdict, format_id
from scoring.framework import framework_spec
from scoring.models import Answer, AssessmentEvent, ReportJob, ScoreSummary
from scoring.reports.charts import Chart, area_chart, hasil_chart, total_chart
from scoring.selectors.scores import assessment_scores, score_summaries_for, spec_for
from zi_portal.access import INSTANSI_ROLES, AnyUser, access_for, is_instansi_viewer
from zi_portal.models import Assessment, Membership, Phase, Unit

ROMAN = ("I", "II", "III", "IV", "V", "VI")
SELF_ASSESSMENT_STATUSES = {Assessment.Status.DRAFT, Assessment.Status.REVISION}
REVIEW_STATUSES = {Assessment.Status.SUBMITTED, Assessment.Status.IN_REVIEW}
ASSESSMENT_JOB_KINDS = (
    ReportJob.Kind.ASSESSMENT_PDF,
    ReportJob.Kind.LKE_XLSX,
    ReportJob.Kind.TPN_PACK,
)
INSTITUTION_JOB_KINDS = (ReportJob.Kind.INSTITUTION_PDF, ReportJob.Kind.OVERVIEW_XLSX)


# --------------------------------------------------------------------------- formatting


def criterion_text(value: Decimal | bool | None, unit: str) -> str:
    """A criterion's value or minimum as people read it (55,58 / 60,00% / Ya)."""
    if value is None:
        return "-"
    if isinstance(value, bool):
        return _("Ya") if value else _("Tidak")
    return format_id(value) + ("%" if unit == "persen" else "")


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


def verdict_view(verdict: Verdict) -> VerdictView:
    def row(c: Criterion) -> CriterionRow:
        missing = "" if c.passed or c.missing is None else criterion_text(c.missing, c.unit)
        return CriterionRow(
            label=c.label,
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
        warnings=verdict.warnings,
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


def _percent_id(label: str) -> str:
    # The engine labels percentage steps "26.67%"; people here read "26,67%".
    return label.replace(".", ",") if label.endswith("%") else label


def gap_view(spec: FrameworkSpec, gap: Gap, *, ranked_limit: int = 5) -> GapView:
    def step(s: Any) -> StepView:
        q = spec.questions[s.question]
        return StepView(
            code=s.question,
            link_label=q.link_label,
            text=q.text,
            from_=_percent_id(s.from_) if s.from_ else _("belum dijawab"),
            to=_percent_id(s.to),
            gain=format_id(s.gain, 3),
        )

    return GapView(
        predicate=gap.predicate,
        passed=gap.passed,
        reached=gap.reached,
        message=gap.message,
        steps=tuple(step(s) for s in gap.steps),
        steps_gain=format_id(gap.steps_gain),
        ranked=tuple(step(s) for s in gap.ranked[:ranked_limit]),
        blocked=tuple(f"{n.label}: {n.needed}" for n in gap.blocked_by_hasil),
    )


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
    activity: list[ActivityRow] = field(default_factory=list)

    @property
    def complete_pct(self) -> int:
        return round(100 * self.unit.answered / self.unit.inputs_total)

    @property
    def hasil_weight(self) -> str:
        return format_id(sum((h.weight for h in self.spec.hasil.values()), Decimal(0)))

    @property
    def totals(self) -> dict[str, str]:
        out = {
            "unit_total": format_id(self.unit.total),
            "unit_pengungkit": format_id(self.unit.pengungkit),
            "unit_hasil": format_id(self.unit.hasil.total),
            "unit_conservative": format_id(self.unit.conservative_total),
            "unit_pemenuhan": format_id(self.unit.pemenuhan),
            "unit_reform": format_id(self.unit.reform),
            "pengungkit_weight": format_id(self.spec.pengungkit_max),
            "tpi_total": format_id(self.tpi.total),
            "tpi_pengungkit": format_id(self.tpi.pengungkit),
            "tpi_hasil": format_id(self.tpi.hasil.total),
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
                weight=format_id(a.weight),
                unit_pemenuhan=format_id(u.pemenuhan),
                unit_reform=format_id(u.reform),
                unit_score=format_id(u.score),
                unit_pct=format_id(u.pct),
                tpi_score=format_id(t.score) if t else "-",
                tpi_pct=format_id(t.pct) if t else "-",
                band=band(u.pct, spec),
                answered=answered[a.no],
                questions=counts[a.no],
            )
        )
    return rows


def _activity(assessment: Assessment, limit: int = 10) -> list[ActivityRow]:
    """Workflow events and audit-log entries of the assessment, its answers and evidence."""
    events = AssessmentEvent.objects.filter(assessment=assessment).select_related("actor")[:limit]
    cts = ContentType.objects.get_for_models(Assessment, Answer, Evidence)
    entries = (
        LogEntry.objects.filter(
            Q(content_type=cts[Assessment], object_id=assessment.pk)
            | Q(
                content_type=cts[Answer],
                object_id__in=Answer.objects.filter(assessment=assessment).values("pk"),
            )
            | Q(
                content_type=cts[Evidence],
                object_id__in=Evidence.objects.filter(assessment=assessment).values("pk"),
            )
        )
        .select_related("actor", "content_type")
        .order_by("-timestamp")[:limit]
    )
    rows = [
        ActivityRow(
            when=e.created_at,
            who=_name(e.actor),
            text=" ".join(
                x
                for x in (
                    e.action,
                    f"({e.from_status} → {e.to_status})" if e.to_status else "",
                    e.note,
                )
                if x
            ),
        )
        for e in events
    ]
    actions = {0: _("menambah"), 1: _("mengubah"), 2: _("menghapus"), 3: _("membuka")}
    rows += [
        ActivityRow(
            when=e.timestamp,
            who=_name(e.actor),
            text=f"{actions.get(e.action, '')} {e.content_type.name}: {e.object_repr}",
        )
        for e in entries
    ]
    rows.sort(key=lambda r: r.when, reverse=True)
    return rows[:limit]


def _name(user: Any) -> str:
    if user is None:
        return _("sistem")
    return str(user.get_full_name() or user.get_username())


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
        verdicts=tuple(verdict_view(v) for v in unit.verdicts.values()),
        tpi_verdicts=tuple(verdict_view(v) for v in tpi.verdicts.values()) if has_tpi else (),
        gaps=tuple(gap_view(spec, g) for g in unit.gap.values()),
        flags=flags,
        phase_label=str(Phase(phase).label) if phase else "",
        phase_end=phase_end,
        days_left=(phase_end - timezone.localdate()).days if phase_end else None,
        activity=_activity(assessment),
    )


# --------------------------------------------------------------------------- institution overview


SORT_KEYS = ("unit", "-unit", "total", "-total", "status", "-status", "lengkap", "-lengkap")
PREDICATE_FILTERS = ("wbk", "wbbm", "belum")


@dataclass(frozen=True)
class OverviewParams:
    sort: str = "unit"
    status: str = ""
    predicate: str = ""
    q: str = ""
    year: int | None = None

    @classmethod
    def from_query(cls, data: Any) -> OverviewParams:
        sort = data.get("sort", "unit")
        status = data.get("status", "")
        predicate = data.get("predikat", "")
        year = data.get("tahun", "")
        return cls(
            sort=sort if sort in SORT_KEYS or _area_sort(sort) else "unit",
            status=status if status in Assessment.Status.values else "",
            predicate=predicate if predicate in PREDICATE_FILTERS else "",
            q=str(data.get("q", ""))[:100].strip(),
            year=int(year) if str(year).isdigit() else None,
        )


def _area_sort(sort: str) -> int | None:
    key = sort.lstrip("-")
    if key.startswith("area") and key[4:].isdigit() and 1 <= int(key[4:]) <= 6:
        return int(key[4:])
    return None


@dataclass(frozen=True)
class OverviewCell:
    pct: str
    band: str


@dataclass(frozen=True)
class OverviewRow:
    unit: Unit
    assessment: Assessment | None
    total: Decimal | None
    pengungkit: Decimal | None
    wbk: bool
    wbbm: bool
    final: bool
    answered: int
    inputs_total: int
    area_pcts: tuple[Decimal, ...]

    # Text is formatted on access: a page shows 50 of possibly hundreds of sorted rows.
    @property
    def total_text(self) -> str:
        return "-" if self.total is None else format_id(self.total)

    @property
    def pengungkit_text(self) -> str:
        return "-" if self.pengungkit is None else format_id(self.pengungkit)

    @property
    def cells(self) -> tuple[OverviewCell, ...]:
        spec = framework_spec()
        return tuple(OverviewCell(format_id(p), band(p, spec)) for p in self.area_pcts)

    @property
    def complete_pct(self) -> int:
        return round(100 * self.answered / self.inputs_total) if self.inputs_total else 0


@dataclass
class Overview:
    rows: list[OverviewRow]
    years: list[int]
    year: int | None
    instansi: list[Unit]
    areas: list[tuple[int, str, str]]
    params: OverviewParams
    unit_count: int


def instansi_for(user: AnyUser) -> QuerySet[Unit]:
    """The instansi (units without a parent) whose institution-wide pages the user may see."""
    if not is_instansi_viewer(user):
        return Unit.objects.none()
    if getattr(user, "is_superuser", False):
        return Unit.objects.filter(parent__isnull=True)
    return Unit.objects.filter(
        pk__in=Membership.objects.filter(
            user_id=cast(int, user.pk), role__in=INSTANSI_ROLES
        ).values("unit_id"),
        parent__isnull=True,
    )


def institution_overview(*, user: AnyUser, params: OverviewParams) -> Overview:
    """Units x areas of the user's instansi for one cycle, from the stored score summaries.

    Returns every matching row, sorted; the page paginates, the Excel export and the PDF take all.
    """
    spec = framework_spec()
    instansi = list(instansi_for(user))
    instansi_ids = [u.pk for u in instansi]
    base = Assessment.objects.filter(unit__parent_id__in=instansi_ids)
    years = sorted(set(base.values_list("cycle__year", flat=True)), reverse=True)
    year = params.year if params.year in years else (years[0] if years else None)
    units = Unit.objects.filter(parent_id__in=instansi_ids)
    # No select_related: each assessment gets its unit from the units list below, so 500 units
    # are built once, not twice.
    assessments = base.filter(cycle__year=year) if year is not None else base.none()
    if params.q:
        text = Q(name__icontains=params.q) | Q(code__icontains=params.q)
        units = units.filter(text)
        assessments = assessments.filter(
            Q(unit__name__icontains=params.q) | Q(unit__code__icontains=params.q)
        )
    if params.status:
        assessments = assessments.filter(status=params.status)
    unit_list = list(units)
    unit_by_id = {u.pk: u for u in unit_list}
    by_unit: dict[int, Assessment] = {}
    for assessment in assessments:
        if assessment.unit_id in unit_by_id:
            assessment.unit = unit_by_id[assessment.unit_id]
        by_unit[assessment.unit_id] = assessment
    summaries = score_summaries_for(by_unit.values())
    rows: list[OverviewRow] = []
    for unit in unit_list:
        a = by_unit.get(unit.pk)
        if a is None and params.status:
            continue
        summary = summaries.get(a.pk) if a else None
        rows.append(_overview_row(spec, unit, a, summary))
    if params.predicate == "wbk":
        rows = [r for r in rows if r.wbk]
    elif params.predicate == "wbbm":
        rows = [r for r in rows if r.wbbm]
    elif params.predicate == "belum":
        rows = [r for r in rows if r.assessment and not r.wbk]
    _sort(rows, params.sort)
    return Overview(
        rows=rows,
        years=years,
        year=year,
        instansi=instansi,
        areas=[(a.no, ROMAN[a.no - 1], a.name) for a in spec.areas],
        params=params,
        unit_count=len(rows),
    )


def _overview_row(
    spec: FrameworkSpec, unit: Unit, a: Assessment | None, summary: ScoreSummary | None
) -> OverviewRow:
    if a is None or summary is None:
        return OverviewRow(unit, None, None, None, False, False, False, 0, 0, ())
    pcts = tuple(Decimal(p) for p in summary.area_pcts)
    total, pengungkit = Decimal(summary.total), Decimal(summary.pengungkit)
    return OverviewRow(
        unit=unit,
        assessment=a,
        total=total,
        pengungkit=pengungkit,
        wbk=summary.wbk_pass,
        wbbm=summary.wbbm_pass,
        final=summary.complete,
        answered=summary.answered,
        inputs_total=summary.inputs_total,
        area_pcts=pcts,
    )


def _sort(rows: list[OverviewRow], sort: str) -> None:
    reverse = sort.startswith("-")
    key = sort.lstrip("-")
    missing = Decimal(-1)
    area = _area_sort(sort)
    if area is not None:
        rows.sort(key=lambda r: r.area_pcts[area - 1] if r.area_pcts else missing, reverse=reverse)
    elif key == "total":
        rows.sort(key=lambda r: r.total if r.total is not None else missing, reverse=reverse)
    elif key == "status":
        order = {s: i for i, s in enumerate(Assessment.Status.values)}
        rows.sort(key=lambda r: order[r.assessment.status] if r.assessment else -1, reverse=reverse)
    elif key == "lengkap":
        rows.sort(key=lambda r: (r.answered, r.unit.name), reverse=reverse)
    else:
        rows.sort(key=lambda r: r.unit.name.casefold(), reverse=reverse)


# --------------------------------------------------------------------------- report jobs


def report_job_get_for_user(*, user: AnyUser, pk: int) -> ReportJob:
    """A report job the user may see: of an assessment they may view, or their own institution
    report while they are still an instansi viewer. 404 otherwise."""
    job = ReportJob.objects.select_related("assessment", "assessment__unit").filter(pk=pk).first()
    if job is None:
        raise Http404
    if job.assessment is not None:
        if not access_for(user, job.assessment).can_view:
            raise Http404
    elif not (job.requested_by_id == user.pk and is_instansi_viewer(user)):
        raise Http404
    return job


def report_jobs_for_assessment(*, user: AnyUser, assessment: Assessment) -> list[ReportJob]:
    """The user's recent report jobs of one assessment (newest first)."""
    return list(
        ReportJob.objects.filter(assessment=assessment, requested_by_id=user.pk).order_by(
            "-created_at"
        )[:5]
    )


def assessment_report_kinds() -> list[tuple[str, str]]:
    """The report buttons of an assessment page: (kind, label), the PDF first."""
    return [(k, str(ReportJob.Kind(k).label)) for k in ASSESSMENT_JOB_KINDS]


def report_jobs_for_institution(*, user: AnyUser) -> list[ReportJob]:
    return list(
        ReportJob.objects.filter(kind__in=INSTITUTION_JOB_KINDS, requested_by_id=user.pk).order_by(
            "-created_at"
        )[:5]
    )


# --------------------------------------------------------------------------- public ZI page


@dataclass(frozen=True)
class PublicDoc:
    pk: int
    title: str
    is_link: bool
    url: str
    filename: str


@dataclass(frozen=True)
class PublicItem:
    label: str
    text: str
    docs: tuple[PublicDoc, ...]


@dataclass(frozen=True)
class PublicIndicator:
    number: str
    name: str
    items: tuple[PublicItem, ...]


@dataclass(frozen=True)
class PublicArea:
    roman: str
    name: str
    indicators: tuple[PublicIndicator, ...]
    reform_docs: tuple[PublicDoc, ...]


def public_unit_get(*, slug: str) -> tuple[Unit, Assessment]:
    """The unit of a public ZI page and its newest assessment; 404 when it has none."""
    unit = Unit.objects.filter(slug=slug, parent__isnull=False).select_related("parent").first()
    if unit is None:
        raise Http404
    assessment = (
        Assessment.objects.filter(unit=unit)
        .select_related("cycle")
        .order_by("-cycle__year")
        .first()
    )
    if assessment is None:
        raise Http404
    return unit, assessment


def published_evidence(*, unit: Unit) -> QuerySet[Evidence]:
    """Evidence the unit chose to publish: public, not deleted, with a current revision or URL."""
    return Evidence.objects.filter(
        assessment__unit=unit, is_public=True, deleted_at__isnull=True
    ).filter(Q(kind=Evidence.Kind.LINK) | Q(current_revision__isnull=False))


def public_evidence_get(*, unit: Unit, pk: int) -> Evidence:
    """A published file of this unit (the only thing the public download serves); else 404."""
    ev = (
        published_evidence(unit=unit)
        .filter(pk=pk, kind=Evidence.Kind.FILE)
        .select_related("current_revision")
        .first()
    )
    if ev is None or ev.current_revision is None or not ev.current_revision.file:
        raise Http404
    return ev


def public_page(*, unit: Unit, assessment: Assessment) -> list[PublicArea]:
    """The seed-000 link tables (I.1.a ... VI.x) with the published documents of the assessment."""
    spec = spec_for(assessment)
    docs_by_code: dict[str, list[PublicDoc]] = defaultdict(list)
    evidence = (
        published_evidence(unit=unit)
        .filter(assessment=assessment)
        .select_related("current_revision")
        .prefetch_related("attachments__question")
        .order_by("created_at", "pk")
    )
    for ev in evidence:
        rev = ev.current_revision
        doc = PublicDoc(
            pk=ev.pk,
            title=ev.title,
            is_link=ev.kind == Evidence.Kind.LINK,
            url=ev.url,
            filename=rev.original_name if rev else "",
        )
        for att in ev.attachments.all():
            docs_by_code[att.question.code].append(doc)
    areas: list[PublicArea] = []
    for a in spec.areas:
        indicators: list[PublicIndicator] = []
        reform_docs: list[PublicDoc] = []
        seen: set[int] = set()
        for icode, ind in spec.indicators.items():
            if ind.area_no != a.no:
                continue
            if ind.part == "reform":
                for qcode in ind.question_codes:
                    for d in docs_by_code.get(qcode, []):
                        if d.pk not in seen:
                            seen.add(d.pk)
                            reform_docs.append(d)
                continue
            items = []
            number = ""
            for qcode in ind.question_codes:
                q = spec.questions[qcode]
                # link_label "I.1.a": the indicator's number is "I.1", the row's letter "a."
                head, _sep, letter = q.link_label.rpartition(".")
                number = number or head
                items.append(
                    PublicItem(
                        label=f"{letter}." if letter else q.code,
                        text=q.text,
                        docs=tuple(docs_by_code.get(qcode, [])),
                    )
                )
            indicators.append(PublicIndicator(number or icode, ind.name, tuple(items)))
        areas.append(PublicArea(ROMAN[a.no - 1], a.name, tuple(indicators), tuple(reform_docs)))
    return areas
