"""Excel exports: the official LKE workbook of an assessment and the institution overview."""

from __future__ import annotations

import io

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill

from scoring.engine.workbook import write_workbook
from scoring.framework import TEMPLATE_PATH
from scoring.models import Side
from scoring.reports.selectors.overview import Overview
from scoring.selectors.scores import answer_sets_for, spec_for
from scoring.selectors.workbook import workbook_links, workbook_notes
from zi_portal.models import Assessment

__all__ = ["lke_workbook_bytes", "overview_workbook_bytes"]

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# Cell colours of the heatmap bands, matching .heat-* in static/css/report.css.
BAND_FILLS = {
    "heat-low": "F4C7C3",
    "heat-mid": "FCE8B2",
    "heat-wbk": "D9EAD3",
    "heat-wbbm": "93C47D",
}


def lke_workbook_bytes(*, assessment: Assessment, side: str = Side.UNIT) -> bytes:
    """The official LKE ZI workbook (Lampiran III layout) filled with one side's answers.

    Column O holds that side's note of each answer (the unit's notes in the unit workbook, the
    TPI's in the TPI workbook), column P the portal links to the unit's documents attached to
    the question (scoring/selectors/workbook.py); nothing else is left in either column.
    """
    answers = answer_sets_for(assessment=assessment)[side]
    out = io.BytesIO()
    write_workbook(
        spec_for(assessment),
        answers,
        out,
        TEMPLATE_PATH,
        notes=workbook_notes(assessment=assessment, side=side),
        links=workbook_links(assessment=assessment),
    )
    return out.getvalue()


def _safe(text: str) -> str:
    # A unit name starting with "=" would become a formula in Excel (CSV/formula injection).
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text


def overview_workbook_bytes(*, overview: Overview) -> bytes:
    """The institution overview as one sheet: units x areas (% of area weight), totals, verdicts."""
    wb = Workbook()
    ws = wb.active
    assert ws is not None  # noqa: S101 - a new Workbook always has its active sheet
    ws.title = _("Ikhtisar")
    ws.append([_("Ikhtisar Zona Integritas instansi, tahun %(year)s") % {"year": overview.year}])
    ws["A1"].font = Font(bold=True, size=13)
    note = _(
        "Persentase area = nilai area dibagi bobot area; "
        "nilai sisi unit (sementara bila belum lengkap)."
    )
    ws.append([note])
    head = [_("Kode"), _("Unit kerja"), _("Status")]
    head += [f"{roman}. {name} (%)" for _no, roman, name in overview.areas]
    head += [_("Pengungkit"), _("Total"), _("Layak WBK"), _("Layak WBBM"), _("Kelengkapan (%)")]
    ws.append(head)
    for cell in ws[3]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    n_areas = len(overview.areas)
    for r in overview.rows:
        a = r.assessment
        if a is None:
            ws.append([_safe(r.unit.code), _safe(r.unit.name), _("Belum ada penilaian")])
            continue
        yes, no = _("Ya"), _("Tidak")
        ws.append(
            [
                _safe(r.unit.code),
                _safe(r.unit.name),
                a.get_status_display(),
                *[round(float(p), 2) for p in r.area_pcts],
                round(float(r.pengungkit or 0), 2),
                round(float(r.total or 0), 2),
                yes if r.wbk else no,
                yes if r.wbbm else no,
                r.complete_pct,
            ]
        )
        row = ws.max_row
        for j, cell in enumerate(r.cells):
            c = ws.cell(row=row, column=4 + j)
            c.number_format = "0.00"
            c.fill = PatternFill("solid", fgColor=BAND_FILLS[cell.band])
        for col in (4 + n_areas, 5 + n_areas):
            ws.cell(row=row, column=col).number_format = "0.00"
    ws.column_dimensions["B"].width = 42
    ws.freeze_panes = "C4"
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
