"""Reads behind the institution overview: units x areas of the user's instansi, one cycle."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, cast, overload

from django.db.models import (
    Case,
    DecimalField,
    Exists,
    F,
    FilteredRelation,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Lower

from areas.selectors import framework_active
from scoring.engine import FrameworkSpec
from scoring.framework import spec_for_framework
from scoring.models import ScoreSummary, Side
from scoring.presenters import number
from scoring.reports.selectors.dashboard import ROMAN, band
from scoring.selectors.scores import score_summaries_for, spec_for, summaries_missing
from zi_portal.access import INSTANSI_ROLES, AnyUser, is_instansi_viewer
from zi_portal.models import Assessment, Cycle, Membership, Unit

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


class OverviewRows:
    """The overview's rows as a lazy sequence, sorted, filtered and paginated in SQL.

    `len()` is one COUNT; a slice (what the Paginator takes) is one query for that page's units
    plus one for their assessments and one for their summaries; iterating builds every row
    (the Excel export, the PDF) with the same three queries. Nothing here depends on the number
    of units but the size of what is asked for.
    """

    def __init__(self, units: QuerySet[Unit]) -> None:
        self._units = units
        self._count: int | None = None
        self._all: list[OverviewRow] | None = None

    def __len__(self) -> int:
        if self._count is None:
            self._count = len(self._all) if self._all is not None else self._units.count()
        return self._count

    def count(self) -> int:
        return len(self)

    def __bool__(self) -> bool:
        return len(self) > 0

    @overload
    def __getitem__(self, index: int) -> OverviewRow: ...
    @overload
    def __getitem__(self, index: slice) -> list[OverviewRow]: ...
    def __getitem__(self, index: int | slice) -> OverviewRow | list[OverviewRow]:
        if self._all is not None:
            return self._all[index]
        if isinstance(index, slice):
            return _rows(list(self._units[index]))
        return _rows(list(self._units[index : index + 1]))[0]

    def __iter__(self) -> Iterator[OverviewRow]:
        if self._all is None:
            self._all = _rows(list(self._units))
        return iter(self._all)


@dataclass
class Overview:
    rows: OverviewRows
    years: list[int]
    year: int | None
    instansi: list[Unit]
    areas: list[tuple[int, str, str]]
    params: OverviewParams

    @property
    def unit_count(self) -> int:
        return len(self.rows)


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

    The rows are sorted and filtered in SQL over the summaries' numeric columns and built only
    for what is read (OverviewRows): the page takes 50, the Excel export and the PDF take all.
    Queries: the instansi, the years, the column framework, the check for assessments without a
    summary (empty once every summary is written), then a COUNT and the page's three; none of
    them grows with the number of units (docs/scale.md has the page query's plan).
    """
    instansi = list(instansi_for(user))
    instansi_ids = [u.pk for u in instansi]
    base = Assessment.objects.filter(unit__parent_id__in=instansi_ids)
    # One probe per cycle (a handful), not a scan of the instansi's assessments.
    cycles = list(
        Cycle.objects.filter(Exists(base.filter(cycle_id=OuterRef("pk"))))
        .order_by("-year")
        .values_list("pk", "year")
    )
    years = [y for _pk, y in cycles]
    year = params.year if params.year in years else (years[0] if years else None)
    cycle_id = next((pk for pk, y in cycles if y == year), None)
    units = Unit.objects.filter(parent_id__in=instansi_ids)
    if params.q:
        units = units.filter(Q(name__icontains=params.q) | Q(code__icontains=params.q))
    of_year = base.filter(cycle__year=year) if year is not None else base.none()
    if params.status:
        of_year = of_year.filter(status=params.status)
    if params.q:
        of_year = of_year.filter(
            Q(unit__name__icontains=params.q) | Q(unit__code__icontains=params.q)
        )
    _fill_missing(of_year)
    spec = _columns_spec(of_year)
    return Overview(
        rows=OverviewRows(_sorted(_filtered(units, cycle_id, params), params.sort)),
        years=years,
        year=year,
        instansi=instansi,
        areas=[(a.no, ROMAN[a.no - 1], a.name) for a in spec.areas] if spec else [],
        params=params,
    )


def _fill_missing(of_year: QuerySet[Assessment]) -> None:
    """Assessments without a current unit-side summary (created before the write-through, or by
    the bench seed) get theirs computed once; in steady state this is one query finding none."""
    missing = list(summaries_missing(of_year).select_related("unit", "framework"))
    if missing:
        score_summaries_for(missing)


def _filtered(
    units: QuerySet[Unit], cycle_id: int | None, params: OverviewParams
) -> QuerySet[Unit]:
    """Each unit LEFT JOINed to its assessment of the year (`a_id`, `a_status`) and that
    assessment's unit-side summary (`s_*`): two index probes per unit, no subquery per row. A unit
    with two assessments in one cycle (two framework versions) is listed once for each."""
    # The year's cycle (years are unique); id 0 (no cycle) joins no assessment.
    condition = Q(assessments__cycle_id=cycle_id or 0)
    if params.status:
        condition &= Q(assessments__status=params.status)
    out = units.annotate(
        cur=FilteredRelation("assessments", condition=condition),
        summ=FilteredRelation(
            "cur__score_summaries", condition=Q(cur__score_summaries__side=Side.UNIT)
        ),
    ).annotate(
        a_id=F("cur__id"),
        a_status=F("cur__status"),
        s_wbk=F("summ__wbk_pass"),
        s_wbbm=F("summ__wbbm_pass"),
    )
    if params.status:
        out = out.filter(a_id__isnull=False)
    if params.predicate == "wbk":
        out = out.filter(s_wbk=True)
    elif params.predicate == "wbbm":
        out = out.filter(s_wbbm=True)
    elif params.predicate == "belum":
        out = out.filter(a_id__isnull=False).exclude(s_wbk=True)
    return out


def _sorted(units: QuerySet[Unit], sort: str) -> QuerySet[Unit]:
    """The order of the old in-memory sort: missing figures count as -1, ties by name."""
    desc = sort.startswith("-")
    key = sort.lstrip("-")
    area = _area_sort(sort)

    def figure(column: str) -> Coalesce:
        return Coalesce(
            F(f"summ__{column}"),
            Value(Decimal(-1)),
            output_field=DecimalField(max_digits=12, decimal_places=6),
        )

    def direction(expr: Any) -> Any:
        return expr.desc() if desc else expr.asc()

    if area is not None:
        return units.order_by(direction(figure(f"area{area}_num")), "name", "pk")
    if key == "total":
        return units.order_by(direction(figure("total_num")), "name", "pk")
    if key == "status":
        order = Case(
            *[When(a_status=s, then=Value(i)) for i, s in enumerate(Assessment.Status.values)],
            default=Value(-1),
            output_field=IntegerField(),
        )
        return units.order_by(direction(order), "name", "pk")
    if key == "lengkap":
        answered = Coalesce(F("summ__answered"), Value(0))
        return units.order_by(direction(answered), direction(F("name")), "pk")
    return units.order_by(direction(Lower("name")), direction(F("pk")))


def _rows(units: list[Unit]) -> list[OverviewRow]:
    """The rows of these units (annotated with `a_id`): two queries whatever their number."""
    chosen = {u.pk: cast(int | None, getattr(u, "a_id", None)) for u in units}
    ids = [pk for pk in chosen.values() if pk is not None]
    assessments = (
        {a.pk: a for a in Assessment.objects.filter(pk__in=ids).select_related("framework")}
        if ids
        else {}
    )
    summaries = (
        {
            s.assessment_id: s
            for s in ScoreSummary.objects.filter(assessment_id__in=ids, side=Side.UNIT)
        }
        if ids
        else {}
    )
    rows = []
    for unit in units:
        pk = chosen[unit.pk]
        a = assessments.get(pk) if pk is not None else None
        if a is not None:
            a.unit = unit
        rows.append(_overview_row(unit, a, summaries.get(a.pk) if a else None))
    return rows


def _columns_spec(of_year: QuerySet[Assessment]) -> FrameworkSpec | None:
    """The area columns: the framework of the cycle's assessments (the first one's, should units
    of one cycle differ), else the active framework."""
    first = of_year.order_by("pk").select_related("framework").first()
    if first is not None:
        return spec_for(first)
    framework = framework_active()
    return spec_for_framework(framework) if framework is not None else None


def _overview_row(unit: Unit, a: Assessment | None, summary: ScoreSummary | None) -> OverviewRow:
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
