"""The institution overview's table rows (50 a page) written in Python: byte for byte what the
`{% for r in page_obj.object_list %}` loop of templates/dashboard/institution_overview.html
wrote, every value escaped as `{{ }}` escapes it. The loop's tags and lookups (fifteen a row)
were a third of the page's time beyond the page frame (docs/scale.md section 6);
tests/scoring/reports/test_overview_html.py renders both on the same rows.
"""

from __future__ import annotations

from collections.abc import Iterable, Sized
from html import escape

from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from scoring.reports.selectors.overview import OverviewRow

_TICK = '<span class="pass">✓</span>'
_CROSS = '<span class="fail">✗</span>'


def _e(value: str) -> str:
    # The values are plain strings (names, codes, labels, links): Django's escape() of them is
    # this stdlib escape.
    return escape(value)


def overview_rows_html(rows: Iterable[OverviewRow], areas: Sized) -> SafeString:
    """The `<tr>` of each row, with the whitespace the template loop put around them."""
    none_yet = f'<span class="muted">{_e(_("Belum ada penilaian"))}</span>'
    provisional = f' <span class="badge badge-prov" title="{_e(_("nilai sementara"))}">s</span>'
    empty_cells = "<td></td>" * len(areas)
    out = []
    for r in rows:
        name, code = _e(r.unit.name), _e(r.unit.code)
        a = r.assessment
        if a is not None:
            unit = f'<a href="{_e(r.url)}">{name}</a>'
            status = f'<span class="status status-{_e(a.status)}">{_e(r.status_label)}</span>'
            wbk = _TICK if r.wbk else _CROSS
            wbbm = _TICK if r.wbbm else _CROSS
            done = f"{r.complete_pct}%" + ("" if r.final else provisional)
        else:
            unit, status, wbk, wbbm, done = name, none_yet, "", "", ""
        cells = r.cells_html if r.cells else empty_cells
        out.append(
            "\n  <tr>\n"
            f'    <th scope="row">{unit} <span class="muted small">{code}</span></th>\n'
            f"    <td>{status}</td>\n"
            f"    {cells}\n"
            f'    <td class="num"><strong>{_e(r.total_text)}</strong></td>\n'
            f"    <td>{wbk}</td>\n"
            f"    <td>{wbbm}</td>\n"
            f'    <td class="num">{done}</td>\n'
            "  </tr>\n  "
        )
    return mark_safe("".join(out))  # noqa: S308 - every value escaped above
