"""Reads behind the institution overview: units x areas of the user's instansi, one cycle."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from html import escape
from typing import Any, cast, overload

from django.db.models import (
    Case,
    Count,
    DecimalField,
    Exists,
    F,
    FilteredRelation,
    IntegerField,
    Min,
    OuterRef,
    Q,
    QuerySet,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Lower
from django.urls import reverse
from django.utils import formats, numberformat, translation
from django.utils.safestring import SafeString, mark_safe

from areas.models import Framework
from areas.selectors import framework_active
from scoring.framework import spec_for_framework
from scoring.models import Side
from scoring.presenters import number
from scoring.reports.selectors.dashboard import ROMAN, band
from scoring.selectors.scores import (
    SUMMARY_REVISION,
    score_summaries_for,
    spec_for,
    summaries_missing,
)
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


_NO_CELLS = SafeString("")


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
    # Text formatted once when the row is built (only the rows read are built: the page's 50).
    total_text: str = "-"
    cells: tuple[OverviewCell, ...] = ()
    cells_html: SafeString = _NO_CELLS
    status_label: str = ""
    url: str = ""

    @property
    def pengungkit_text(self) -> str:  # not on the page: formatted when asked
        return "-" if self.pengungkit is None else number(self.pengungkit)

    @property
    def complete_pct(self) -> int:
        return round(100 * self.answered / self.inputs_total) if self.inputs_total else 0


class OverviewRows:
    """The overview's rows as a lazy sequence, sorted, filtered and paginated in SQL.

    `len()` is one COUNT; a slice (what the Paginator takes) is one query for that page's units
    with their summaries' figures plus one for their assessments; iterating builds every row
    (the Excel export, the PDF) with the same two queries. Nothing here depends on the number
    of units but the size of what is asked for.
    """

    def __init__(
        self,
        units: QuerySet[Unit],
        *,
        count: int | None = None,
        leading: QuerySet[Unit] | None = None,
        frameworks: dict[int, Framework] | None = None,
    ) -> None:
        self._units = units
        self._count = count
        # The frameworks met so far (the columns' one): a row's heatmap bands need its own.
        self._frameworks = frameworks if frameworks is not None else {}
        # When the order is the units' own (by name, no filter on the joined rows), the first n
        # rows come from the first n units: a page reads those (LIMIT n on the units alone, then
        # the joins for them) instead of joining every unit before sorting.
        self._leading = leading
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
            return _rows(list(self._page(index)), self._frameworks)
        return _rows(list(self._page(slice(index, index + 1))), self._frameworks)[0]

    def _page(self, index: slice) -> QuerySet[Unit]:
        units = self._units
        if self._leading is not None and isinstance(index.stop, int) and index.stop >= 0:
            units = units.filter(pk__in=self._leading.values("pk")[: index.stop])
        return units[index]

    def __iter__(self) -> Iterator[OverviewRow]:
        if self._all is None:
            self._all = _rows(list(self._units), self._frameworks)
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
    Queries: the instansi, the years, one COUNT that also counts the listed assessments without a
    current summary (none once every summary is written; else they are filled and it runs
    again), the column framework, then the page's two; none of them grows with the number of
    units (docs/scale.md has the page query's plan).
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
    joined = _joined(units, cycle_id, params)
    count, missing, first = _counted(joined, params.predicate)
    if missing:
        _fill_missing(of_year)
        count, _missing, first = _counted(joined, params.predicate)
    framework = _columns_framework(first)
    spec = spec_for_framework(framework) if framework is not None else None
    listed = _sorted(_with_predicate(joined, params.predicate), params.sort)
    by_name = params.sort.lstrip("-") == "unit" and not (params.status or params.predicate)
    leading = _sorted(units, params.sort) if by_name else None
    return Overview(
        rows=OverviewRows(
            listed,
            count=count,
            leading=leading,
            frameworks={framework.pk: framework} if framework is not None else None,
        ),
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


def _joined(units: QuerySet[Unit], cycle_id: int | None, params: OverviewParams) -> QuerySet[Unit]:
    """Each unit LEFT JOINed to its assessment of the year (`a_*`) and that assessment's
    unit-side summary (`s_*`, the figures a row shows): no subquery per row. A unit with two
    assessments in one cycle (two framework versions) is listed once for each."""
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
        a_framework=F("cur__framework_id"),
        s_wbk=F("summ__wbk_pass"),
        s_wbbm=F("summ__wbbm_pass"),
        s_revision=F("summ__revision"),
        s_total=F("summ__total"),
        s_pengungkit=F("summ__pengungkit"),
        s_area_pcts=F("summ__area_pcts"),
        s_complete=F("summ__complete"),
        s_answered=F("summ__answered"),
        s_inputs_total=F("summ__inputs_total"),
    )
    if params.status:
        out = out.filter(a_id__isnull=False)
    return out


def _predicate_q(predicate: str) -> Q | None:
    if predicate == "wbk":
        return Q(s_wbk=True)
    if predicate == "wbbm":
        return Q(s_wbbm=True)
    if predicate == "belum":
        # Spelled out: on a LEFT JOINed column a negation must count a missing row (NULL) too.
        return Q(a_id__isnull=False) & (Q(s_wbk__isnull=True) | Q(s_wbk=False))
    return None


def _with_predicate(joined: QuerySet[Unit], predicate: str) -> QuerySet[Unit]:
    condition = _predicate_q(predicate)
    return joined if condition is None else joined.filter(condition)


def _counted(joined: QuerySet[Unit], predicate: str) -> tuple[int, int, int | None]:
    """(rows listed, listed assessments without a current summary, the first of the year's
    assessments by id) in one query: the paginator's COUNT, the check for summaries to fill
    (before the predicate filter, which reads the summaries) and what gives the columns."""
    out = joined.aggregate(
        first=Min("a_id"),
        n=Count("pk", filter=_predicate_q(predicate)),
        missing=Count(
            "pk",
            filter=Q(a_id__isnull=False)
            & (Q(s_revision__isnull=True) | ~Q(s_revision=SUMMARY_REVISION)),
        ),
    )
    return int(out["n"]), int(out["missing"]), out["first"]


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


def _rows(units: list[Any], frameworks: dict[int, Framework]) -> list[OverviewRow]:
    """The rows of these units (annotated by `_joined`): their figures come with them, their
    assessments in one query whatever their number. A row shows its assessment only with the
    assessment's summary (`s_total`)."""
    shown = [u for u in units if getattr(u, "s_total", None) is not None]
    assessments = (
        {
            a.pk: a
            # A lookup table: without the default order's joins to cycle and unit.
            for a in Assessment.objects.filter(pk__in=[u.a_id for u in shown]).order_by()
        }
        if shown
        else {}
    )
    unknown = {a.framework_id for a in assessments.values()} - frameworks.keys()
    if unknown:  # a page mixing framework versions (one cycle normally has one)
        frameworks.update(Framework.objects.in_bulk(unknown))
    text = _RowText()
    rows = []
    for unit in units:
        a = assessments.get(unit.a_id) if getattr(unit, "s_total", None) is not None else None
        if a is not None:
            a.unit = unit
            a.framework = frameworks[a.framework_id]
        rows.append(_overview_row(unit, a, text))
    return rows


_CENT = Decimal("0.01")
_URL_SENTINEL = 2147483647


class _RowText:
    """What the rows' texts need, looked up once per build instead of once per number: the
    active language's number format (the same text as scoring.presenters.number), the status
    labels and the dashboard link."""

    def __init__(self) -> None:
        lang = translation.get_language()
        self._sep = formats.get_format("DECIMAL_SEPARATOR", lang, use_l10n=True)
        self._grouping = formats.get_format("NUMBER_GROUPING", lang, use_l10n=True)
        self._thousand = formats.get_format("THOUSAND_SEPARATOR", lang, use_l10n=True)
        first = self._grouping if isinstance(self._grouping, int) else self._grouping[0]
        self._ungrouped = Decimal(10) ** first if first > 0 else Decimal("Infinity")
        self.status = {str(v): str(label) for v, label in Assessment.Status.choices}
        head, _sentinel, tail = reverse("reports:dashboard", args=[_URL_SENTINEL]).partition(
            str(_URL_SENTINEL)
        )
        self.url: Callable[[int], str] = lambda pk: f"{head}{pk}{tail}"

    def number(self, value: Decimal) -> str:
        q = value.quantize(_CENT, rounding=ROUND_HALF_UP)
        if abs(q) < self._ungrouped:  # no thousands to group (a score is at most 100)
            # numberformat writes a figure under 0.01 (so -0.00) as 0.
            return f"{q:f}".replace(".", self._sep) if q else f"0{self._sep}00"
        return numberformat.format(
            q,
            self._sep,
            2,
            self._grouping,
            self._thousand,
            force_grouping=True,
            use_l10n=True,
        )


def _columns_framework(first: int | None) -> Framework | None:
    """The area columns' framework: the cycle's assessments' (the first one's, should units of
    one cycle differ), else the active framework."""
    if first is None:
        return framework_active()
    return Framework.objects.filter(assessments=first).first()


def _overview_row(unit: Any, a: Assessment | None, text: _RowText) -> OverviewRow:
    """The row of a unit annotated with its summary's figures (`s_*`), when it has both."""
    if a is None:
        return OverviewRow(unit, None, None, None, False, False, False, 0, 0, ())
    pcts = tuple(Decimal(p) for p in unit.s_area_pcts)
    total, pengungkit = Decimal(unit.s_total), Decimal(unit.s_pengungkit)
    spec = spec_for(a)
    cells = tuple(OverviewCell(text.number(p), band(p, spec)) for p in pcts)
    return OverviewRow(
        unit=unit,
        assessment=a,
        total=total,
        pengungkit=pengungkit,
        wbk=unit.s_wbk,
        wbbm=unit.s_wbbm,
        final=unit.s_complete,
        answered=unit.s_answered,
        inputs_total=unit.s_inputs_total,
        area_pcts=pcts,
        total_text=text.number(total),
        cells=cells,
        # The same as {% for c in cells %}<td class="num {{ c.band }}">{{ c.pct }}</td>, joined
        # here (300 cells a page): the stdlib escape is the one Django's escape calls.
        cells_html=mark_safe(  # noqa: S308 - both parts escaped
            "".join(f'<td class="num {escape(c.band)}">{escape(c.pct)}</td>' for c in cells)
        ),
        status_label=text.status.get(a.status, a.status),
        url=text.url(a.pk),
    )
