"""The bullet chart's SVG written in Python for the dashboard (its hot loop: about a hundred
bars and markers per page); byte for byte what templates/components/_chart_bullet.html renders,
which the PDF still includes and tests/scoring/reports/test_chart_svg.py compares against."""

from __future__ import annotations

from typing import Any

from django.utils.formats import localize
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import Truncator
from django.utils.translation import gettext as _

_INK = "#1d2733"


def _v(value: Any) -> str:
    """A value as the template prints it inside {% localize off %}: unlocalised, escaped.
    Plain ints and strings (most of the chart's values) skip localize, which returns them as
    they are."""
    kind = type(value)
    if kind is int:
        return str(value)
    if kind is str:
        return str(conditional_escape(value))
    return str(conditional_escape(localize(value, use_l10n=False)))


def bullet_svg(chart: Any) -> SafeString:
    """`chart` is a scoring.reports.charts.Chart (not imported: charts.py imports this)."""
    key = _v(chart.key)
    out = [
        f'\n<svg class="chart chart-{key}" xmlns="http://www.w3.org/2000/svg" role="img" '
        f'width="{_v(chart.width)}" height="{_v(chart.height)}" '
        f'viewBox="0 0 {_v(chart.width)} {_v(chart.height)}" '
        'font-family="DejaVu Sans, sans-serif" font-size="11" '
        f'aria-labelledby="chart-{key}-title chart-{key}-desc">\n'
        f'  <title id="chart-{key}-title">{_v(chart.title)}</title>\n'
        f'  <desc id="chart-{key}-desc">{_v(chart.desc)}</desc>\n  '
    ]
    for a in chart.axis:
        out.append(
            f'\n  <text x="{_v(a.text_x)}" y="14" text-anchor="{_v(a.anchor)}" fill="{_INK}" '
            f'font-size="10">{_v(a.text)}</text>\n  '
        )
    out.append("\n  ")
    plot_x, plot_w, label_x = _v(chart.plot_x), _v(chart.plot_w), _v(chart.label_x)
    for row in chart.rows:
        label = _v(Truncator(row.label).chars(36))
        out.append(
            f'\n  <rect x="{plot_x}" y="{_v(row.band_y)}" width="{plot_w}" '
            f'height="{_v(row.band_h)}" fill="#eef2f6"/>\n'
            f'  <text x="{label_x}" y="{_v(row.label_y)}" text-anchor="end" fill="{_INK}">'
            f"{label}</text>\n  "
        )
        if row.sublabel:
            out.append(
                f'<text x="{label_x}" y="{_v(row.sublabel_y)}" text-anchor="end" '
                f'fill="#5b6876" font-size="8.5">{_v(row.sublabel)}</text>'
            )
        out.append("\n  ")
        for b in row.bars:
            weight = "bold" if b.side == "unit" else "normal"
            out.append(
                f'\n  <rect x="{plot_x}" y="{_v(b.y)}" width="{_v(b.width)}" height="11" '
                f'fill="{_v(b.fill)}" fill-opacity="{_v(b.opacity)}"/>\n'
                f'  <text x="{_v(b.text_x)}" y="{_v(b.text_y)}" fill="{_INK}" font-size="10" '
                f'font-weight="{weight}">{_v(b.text)}</text>\n  '
            )
        out.append("\n  ")
        for m in row.markers:
            dash = ' stroke-dasharray="3 2"' if m.dashed else ""
            out.append(
                f'\n  <line x1="{_v(m.x)}" x2="{_v(m.x)}" y1="{_v(m.y1)}" y2="{_v(m.y2)}" '
                f'stroke="{_INK}" stroke-width="1.5"{dash}/>\n  '
            )
        out.append("\n  ")
    ly, lty, ly2 = _v(chart.legend_y), _v(chart.legend_text_y), _v(chart.legend_line_y2)
    out.append(
        f'\n  <g font-size="9.5" fill="{_INK}">\n'
        f'    <rect x="10" y="{ly}" width="10" height="10" fill="#5b6876"/>\n'
        f'    <text x="24" y="{lty}">{_v(_("Unit (gelap)"))}</text>\n    '
    )
    if chart.show_tpi:
        out.append(
            f'<rect x="100" y="{ly}" width="10" height="10" fill="#5b6876" fill-opacity="0.55"/>\n'
            f'    <text x="114" y="{lty}">{_v(_("TPI (pucat)"))}</text>'
        )
    wbk, wbbm = _v(_("min. WBK")), _v(_("min. WBBM"))
    colours = _v(_("merah: di bawah WBK · kuning: ≥ WBK · hijau: ≥ WBBM"))
    out.append(
        f'\n    <line x1="185" x2="185" y1="{ly}" y2="{ly2}" stroke="{_INK}" stroke-width="1.5"/>\n'
        f'    <text x="190" y="{lty}">{wbk}</text>\n'
        f'    <line x1="255" x2="255" y1="{ly}" y2="{ly2}" stroke="{_INK}" stroke-width="1.5" '
        'stroke-dasharray="3 2"/>\n'
        f'    <text x="260" y="{lty}">{wbbm}</text>\n'
        f'    <text x="335" y="{lty}" fill="#5b6876">{colours}</text>\n'
        "  </g>\n</svg>\n"
    )
    return mark_safe("".join(out))  # noqa: S308 - every value above is escaped by _v
