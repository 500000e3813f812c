"""Geometry for the server-side SVG charts shared by the dashboard and the PDF report.

The templates (templates/components/_chart_bullet.html) only place what is computed here, so
the chart is the same on screen and on paper and carries no <style> or <script> (strict CSP,
and WeasyPrint runs no JS). Every chart is a "bullet" chart: one row per measure, a bar per side
(unit, TPI) scaled to the measure's maximum, and vertical markers at the WBK and WBBM minimums.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from scoring.engine import FrameworkSpec, ScoreResult
from scoring.presenters import number
from scoring.reports.chart_svg import bullet_svg

__all__ = ["Chart", "area_chart", "hasil_chart", "total_chart"]

LABEL_W = 236
PLOT_W = 380
# Values sit in their own column right of the plot, so no marker line ever crosses them.
VALUE_W = 64
WIDTH = LABEL_W + PLOT_W + VALUE_W
BAR_H = 11
ROW_GAP = 12
TOP = 30
LEGEND_H = 22

# Bands by the WBK and WBBM minimums; the same colours as .heat-* in report.css.
FILL_FAIL = "#c0392b"
FILL_WBK = "#c98a00"
FILL_WBBM = "#1e7a3c"
TPI_OPACITY = "0.55"
_HUNDRED = Decimal(100)


@dataclass(frozen=True)
class ChartBar:
    side: str
    y: float
    width: float
    fill: str
    opacity: str
    text: str
    text_x: float

    @property
    def text_y(self) -> float:
        return self.y + 9


@dataclass(frozen=True)
class ChartMarker:
    x: float
    y1: float
    y2: float
    dashed: bool


@dataclass(frozen=True)
class ChartRow:
    label: str
    sublabel: str
    label_y: float
    bars: tuple[ChartBar, ...]
    markers: tuple[ChartMarker, ...]
    band_y: float
    band_h: float

    @property
    def sublabel_y(self) -> float:
        return self.label_y + 12


@dataclass(frozen=True)
class AxisLabel:
    x: float
    text: str
    dashed: bool

    @property
    def anchor(self) -> str:
        # WBK's label sits left of its line and WBBM's right of it, so close minimums never
        # overlap (75 and 85 on the total bar are only 38 px apart).
        return "start" if self.dashed else "end"

    @property
    def text_x(self) -> float:
        return self.x + 3 if self.dashed else self.x - 3


@dataclass(frozen=True)
class Chart:
    key: str
    title: str
    desc: str
    width: int
    height: float
    plot_x: int
    plot_w: int
    rows: tuple[ChartRow, ...]
    axis: tuple[AxisLabel, ...]
    legend_y: float
    show_tpi: bool

    @property
    def label_x(self) -> int:
        return self.plot_x - 8

    @property
    def legend_text_y(self) -> float:
        return self.legend_y + 9

    @property
    def legend_line_y2(self) -> float:
        return self.legend_y + 11

    @property
    def svg(self) -> SafeString:
        """The chart as the bullet chart template draws it, written in Python (chart_svg)."""
        return bullet_svg(self)


@dataclass(frozen=True)
class _Measure:
    label: str
    sublabel: str
    maximum: Decimal
    unit: Decimal
    tpi: Decimal | None
    wbk: Decimal
    wbbm: Decimal
    percent: bool


def _fill(value: Decimal, wbk: Decimal, wbbm: Decimal) -> str:
    if value >= wbbm:
        return FILL_WBBM
    return FILL_WBK if value >= wbk else FILL_FAIL


def _x(value: Decimal, maximum: Decimal) -> float:
    share = min(Decimal(1), max(Decimal(0), value / maximum)) if maximum else Decimal(0)
    return round(float(share) * PLOT_W, 1)


def _build(
    key: str, title: str, measures: list[_Measure], *, shared_markers: bool, show_tpi: bool
) -> Chart:
    sides = [("unit", _("Unit"))] + ([("tpi", _("TPI"))] if show_tpi else [])
    row_h = BAR_H * len(sides) + 4 * (len(sides) - 1)
    rows: list[ChartRow] = []
    y = float(TOP)
    desc: list[str] = []
    for m in measures:
        bars: list[ChartBar] = []
        for i, (side, _label) in enumerate(sides):
            value = m.unit if side == "unit" else m.tpi
            if value is None:
                continue
            by = y + i * (BAR_H + 4)
            width = _x(value, m.maximum)
            text = number(value) + ("%" if m.percent else "")
            bars.append(
                ChartBar(
                    side=side,
                    y=by,
                    width=width,
                    fill=_fill(value, m.wbk, m.wbbm),
                    opacity="1" if side == "unit" else TPI_OPACITY,
                    text=text,
                    text_x=LABEL_W + PLOT_W + 6,
                )
            )
            desc.append(f"{m.label} ({_label}): {text}")
        markers = (
            ChartMarker(LABEL_W + _x(m.wbk, m.maximum), y - 3, y + row_h + 3, False),
            ChartMarker(LABEL_W + _x(m.wbbm, m.maximum), y - 3, y + row_h + 3, True),
        )
        rows.append(
            ChartRow(
                label=m.label,
                sublabel=m.sublabel,
                label_y=y + row_h / 2 + (-1 if m.sublabel else 4),
                bars=tuple(bars),
                markers=markers,
                band_y=y - 3,
                band_h=row_h + 6,
            )
        )
        y += row_h + ROW_GAP + (6 if m.sublabel else 0)
    axis: tuple[AxisLabel, ...] = ()
    if shared_markers and measures:
        m = measures[0]
        unit_sign = "%" if m.percent else ""
        axis = (
            AxisLabel(LABEL_W + _x(m.wbk, m.maximum), f"WBK {number(m.wbk, 0)}{unit_sign}", False),
            AxisLabel(
                LABEL_W + _x(m.wbbm, m.maximum), f"WBBM {number(m.wbbm, 0)}{unit_sign}", True
            ),
        )
    return Chart(
        key=key,
        title=title,
        desc="; ".join(desc),
        width=WIDTH,
        height=y + LEGEND_H,
        plot_x=LABEL_W,
        plot_w=PLOT_W,
        rows=tuple(rows),
        axis=axis,
        legend_y=y + 8,
        show_tpi=show_tpi,
    )


def area_chart(spec: FrameworkSpec, unit: ScoreResult, tpi: ScoreResult | None) -> Chart:
    """A bar per area: its score as % of the area weight, markers at the WBK/WBBM minimums."""
    wbk, wbbm = spec.rulesets["WBK"].area_min_pct, spec.rulesets["WBBM"].area_min_pct
    measures = [
        _Measure(
            label=f"{_roman(a.no)}. {a.name}",
            sublabel="",
            maximum=_HUNDRED,
            unit=unit.areas[a.no].pct,
            tpi=tpi.areas[a.no].pct if tpi else None,
            wbk=wbk,
            wbbm=wbbm,
            percent=True,
        )
        for a in spec.areas
    ]
    return _build(
        "areas",
        _("Nilai per area (% dari bobot area)"),
        measures,
        shared_markers=True,
        show_tpi=tpi is not None,
    )


def total_chart(spec: FrameworkSpec, unit: ScoreResult, tpi: ScoreResult | None) -> Chart:
    """The total against 75 (WBK) and 85 (WBBM) on a 0-100 scale."""
    wbk, wbbm = spec.rulesets["WBK"], spec.rulesets["WBBM"]
    measures = [
        _Measure(
            label=_("Nilai total"),
            sublabel=_("pengungkit + hasil, skala 0-100"),
            maximum=_HUNDRED,
            unit=unit.total,
            tpi=tpi.total if tpi else None,
            wbk=wbk.total_min,
            wbbm=wbbm.total_min,
            percent=False,
        )
    ]
    return _build(
        "total", _("Nilai total"), measures, shared_markers=True, show_tpi=tpi is not None
    )


def hasil_chart(spec: FrameworkSpec, unit: ScoreResult, tpi: ScoreResult | None) -> Chart:
    """The hasil components (B.I, IPAK, kinerja, B.II) each against its own minimums."""
    wbk, wbbm = spec.rulesets["WBK"], spec.rulesets["WBBM"]
    h = spec.hasil
    bersih_max = h["B.I.a"].weight + h["B.I.b"].weight
    rows = [
        (_("Bersih dan akuntabel (B.I)"), bersih_max, "bersih_akuntabel",
         wbk.bersih_akuntabel_min, wbbm.bersih_akuntabel_min),
        (_("IPAK (B.I.a)"), h["B.I.a"].weight, "b_i_a", wbk.ipak_min, wbbm.ipak_min),
        (_("Capaian kinerja (B.I.b)"), h["B.I.b"].weight, "b_i_b",
         wbk.kinerja_min, wbbm.kinerja_min),
        (_("Pelayanan prima (B.II)"), h["B.II.a"].weight, "pelayanan_prima",
         wbk.pelayanan_prima_min, wbbm.pelayanan_prima_min),
    ]  # fmt: skip
    measures = [
        _Measure(
            label=label,
            sublabel=_("min. WBK %(wbk)s · WBBM %(wbbm)s dari %(max)s")
            % {"wbk": number(lo), "wbbm": number(hi), "max": number(maximum)},
            maximum=maximum,
            unit=getattr(unit.hasil, attr),
            tpi=getattr(tpi.hasil, attr) if tpi else None,
            wbk=lo,
            wbbm=hi,
            percent=False,
        )
        for label, maximum, attr, lo, hi in rows
    ]
    return _build(
        "hasil",
        _("Komponen hasil terhadap nilai minimum"),
        measures,
        shared_markers=False,
        show_tpi=tpi is not None,
    )


def _roman(no: int) -> str:
    return ["I", "II", "III", "IV", "V", "VI"][no - 1]
