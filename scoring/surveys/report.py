"""The period's results as files for the report jobs: a PDF and an Excel workbook (issue 14).

Rendered by scoring/reports/services.py (kinds SURVEY_PDF and SURVEY_XLSX, the period's id in
the job's params) in the language of the page the report was asked from. The numbers are the
ones of the period page (scoring/surveys/selectors.py: period_results).
"""

from __future__ import annotations

import io
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from scoring.surveys import selectors
from scoring.surveys.instrument import instrument
from scoring.surveys.models import SurveyPeriod
from scoring.surveys.presenters import block_view

__all__ = ["EVIDENCE_CODES", "survey_report_context", "survey_xlsx_bytes"]

# The worksheet questions a results file may be attached to as evidence, in the framework's real
# codes: the service-satisfaction survey of area I (A.I.6.iv.a-c) and the two survey indices.
EVIDENCE_CODES = ("A.I.6.iv.a", "A.I.6.iv.b", "A.I.6.iv.c", "B.I.a", "B.II.a")


def survey_report_context(period: SurveyPeriod) -> dict[str, Any]:
    """Everything the PDF shows: each survey's block and the unit's trend (formatted now, so
    build it inside the report's language)."""
    return {
        "period": period,
        "unit": period.unit,
        "inst": instrument(period.instrument_version),
        "blocks": [block_view(b, period) for b in selectors.period_results(period)],
        "trend": [
            {"period": p, "blocks": [block_view(b, p) for b in blocks]}
            for p, blocks in selectors.unit_trend(period.unit)
        ],
        "generated_at": timezone.localtime(),
    }


def survey_xlsx_bytes(period: SurveyPeriod) -> bytes:
    """A workbook with one sheet per survey (index, n, interval, item means) and the trend."""
    book = Workbook()
    bold = Font(bold=True)
    first = True
    for block in selectors.period_results(period):
        sheet = book.active if first else book.create_sheet()
        assert sheet is not None  # noqa: S101 - a new workbook has an active sheet
        first = False
        sheet.title = block.survey.index_name
        res = block.result
        sheet.append([f"{block.survey.label} · {period.unit.name} · {period.label}"])
        sheet["A1"].font = bold
        sheet.append([_("Estimasi internal unit, bukan survei resmi TPN.")])
        sheet.append([])
        sheet.append([block.survey.index_name, res.index])
        sheet.append(["n", res.n])
        sheet.append([_("Batas bawah interval 95 %"), res.low])
        sheet.append([_("Batas atas interval 95 %"), res.high])
        sheet.append([_("Peringatan"), ", ".join(res.warnings)])
        sheet.append([])
        sheet.append([_("Butir"), _("Rata-rata"), _("Menurunkan indeks")])
        labels = {i.key: i.label for i in block.survey.items}
        for item in res.items:
            sheet.append([labels[item.key], item.mean, _("ya") if item.pulls_down else ""])
        sheet.column_dimensions["A"].width = 60
    trend = book.create_sheet(_("Tren"))
    rows = selectors.unit_trend(period.unit)
    names = [b.survey.index_name for b in rows[0][1]] if rows else []
    trend.append([_("Periode"), *[c for name in names for c in (name, f"n {name}")]])
    for p, blocks in rows:
        trend.append([p.label, *[c for b in blocks for c in (b.result.index, b.result.n)]])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
