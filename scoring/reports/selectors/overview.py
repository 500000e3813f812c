"""Reads behind the institution overview: units x areas of the user's instansi, one cycle."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any, cast

from django.db.models import Q, QuerySet

from areas.selectors import framework_active
from scoring.engine import FrameworkSpec
from scoring.framework import spec_for_framework
from scoring.models import ScoreSummary
from scoring.presenters import number
from scoring.reports.selectors.dashboard import ROMAN, band
from scoring.selectors.scores import score_summaries_for, spec_for
from zi_portal.access import INSTANSI_ROLES, AnyUser, is_instansi_viewer
from zi_portal.models import Assessment, Membership, Unit

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
        return "-" if self.total is None else number(self.total)

    @property
    def pengungkit_text(self) -> str:
        return "-" if self.pengungkit is None else number(self.pengungkit)

    @property
    def cells(self) -> tuple[OverviewCell, ...]:
        if self.assessment is None:
            return ()
        spec = spec_for(self.assessment)
        return tuple(OverviewCell(number(p), band(p, spec)) for p in self.area_pcts)

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
    instansi = list(instansi_for(user))
    instansi_ids = [u.pk for u in instansi]
    base = Assessment.objects.filter(unit__parent_id__in=instansi_ids)
    years = sorted(set(base.values_list("cycle__year", flat=True)), reverse=True)
    year = params.year if params.year in years else (years[0] if years else None)
    units = Unit.objects.filter(parent_id__in=instansi_ids)
    # No select_related of the unit: each assessment gets its unit from the units list below, so
    # 500 units are built once, not twice. The framework comes along (the scores' spec).
    assessments = (
        base.filter(cycle__year=year).select_related("framework")
        if year is not None
        else base.none()
    )
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
    spec = _columns_spec(list(by_unit.values()))
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
        areas=[(a.no, ROMAN[a.no - 1], a.name) for a in spec.areas] if spec else [],
        params=params,
        unit_count=len(rows),
    )


def _columns_spec(assessments: list[Assessment]) -> FrameworkSpec | None:
    """The area columns: the framework of the cycle's assessments (the first one's, should units
    of one cycle differ), else the active framework."""
    if assessments:
        return spec_for(min(assessments, key=lambda a: a.pk))
    framework = framework_active()
    return spec_for_framework(framework) if framework is not None else None


def _overview_row(
    spec: FrameworkSpec | None, unit: Unit, a: Assessment | None, summary: ScoreSummary | None
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
