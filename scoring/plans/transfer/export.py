"""A unit's action plan as an .xlsx in seed 004's layout, ready to be imported again.

Title rows, then the header (layout.COLUMNS); per area a header row (roman numeral, the area's
name in capitals), then the items of each indicator: NO and KOMPONEN (the indicator's name) on
the indicator's first row and merged down over its rows, INDIKATOR the question's text on the
first row of each question, then the step and the portal's columns. The codes are written on
every row, so an import of the file finds every row's indicator and question again. CATATAN is
the reason of a cancelled item, else its latest progress note.

Every text is written as a string cell, never a formula, whatever its first character.
"""

from __future__ import annotations

import datetime
import io
from collections.abc import Iterable
from itertools import groupby
from typing import Any

from django.db.models import Prefetch
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from scoring.plans.models import PlanItem, PlanNote, Status
from scoring.plans.selectors import plan_items
from scoring.plans.transfer.layout import COLUMNS, roman, status_label
from zi_portal.models import Assessment

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DATE_FORMAT = "DD/MM/YYYY"
HEADER_FILL = PatternFill("solid", fgColor="D9E2F3")
AREA_FILL = PatternFill("solid", fgColor="F2F2F2")
WRAP = Alignment(wrap_text=True, vertical="top")
INDEX = {c.key: i + 1 for i, c in enumerate(COLUMNS)}


def export_filename(assessment: Assessment) -> str:
    slug = assessment.unit.slug or f"unit-{assessment.unit_id}"
    return f"rencana-aksi-{slug}-{assessment.cycle.year}.xlsx"


def _put(ws: Worksheet, row: int, key: str, value: Any) -> Cell:
    cell = ws.cell(row=row, column=INDEX[key])
    if value is None or value == "":
        return cell
    cell.value = value
    if isinstance(value, str):
        cell.data_type = "s"  # a text starting with "=" stays text, never a formula
    if key in ("start", "due"):
        cell.number_format = DATE_FORMAT
    cell.alignment = WRAP
    return cell


def _note(item: PlanItem) -> str:
    if item.status == Status.CANCELLED:
        return item.cancel_reason
    progress = [n for n in item.notes.all() if n.kind == PlanNote.Kind.PROGRESS]
    return progress[-1].text if progress else ""


def _person(item: PlanItem) -> str:
    if item.person is not None:
        return item.person.get_full_name() or item.person.get_username()
    return item.person_name


def _sort_key(item: PlanItem) -> tuple[Any, ...]:
    ind = item.indicator
    due = item.due_date or datetime.date.max
    return (ind.part.area.no, ind.part.kind, ind.order, ind.pk, item.question_id or 0, due, item.pk)


def _write_items(ws: Worksheet, row: int, items: Iterable[PlanItem]) -> int:
    """The rows of one area, from `row`; returns the next free row."""
    by_indicator = groupby(items, key=lambda i: i.indicator_id)
    for number, (_id, group) in enumerate(by_indicator, start=1):
        rows = list(group)
        first = row
        indicator = rows[0].indicator
        _put(ws, row, "no", number)
        _put(ws, row, "component", indicator.name)
        last_question: int | None = -1
        for item in rows:
            if item.question_id != last_question and item.question is not None:
                _put(ws, row, "indicator", item.question.text)
            last_question = item.question_id
            _put(ws, row, "step", item.step)
            _put(ws, row, "authority", item.authority)
            _put(ws, row, "indicator_code", indicator.code)
            _put(ws, row, "question_code", item.question.code if item.question else "")
            _put(ws, row, "output", item.output)
            _put(ws, row, "person", _person(item))
            _put(ws, row, "start", item.start_date)
            _put(ws, row, "due", item.due_date)
            _put(ws, row, "status", status_label(item.status))
            _put(ws, row, "note", _note(item))
            row += 1
        if row - first > 1:
            for key in ("no", "component"):
                letter = get_column_letter(INDEX[key])
                ws.merge_cells(f"{letter}{first}:{letter}{row - 1}")
    return row


def plan_workbook_bytes(*, assessment: Assessment) -> bytes:
    """The plan of `assessment` as an .xlsx (the caller checked plan_read_refusal)."""
    items = sorted(
        plan_items(assessment).prefetch_related(
            Prefetch("notes", queryset=PlanNote.objects.order_by("created_at", "pk"))
        ),
        key=_sort_key,
    )
    wb = Workbook()
    ws = wb.active
    assert ws is not None  # noqa: S101 - a new Workbook always has its active sheet
    ws.title = pgettext("plan import", "Rencana aksi")[:31]
    ws.cell(
        row=1,
        column=1,
        value=_("RENCANA AKSI PEMBANGUNAN ZONA INTEGRITAS TAHUN %(year)s")
        % {"year": assessment.cycle.year},
    ).font = Font(bold=True, size=13)
    ws.cell(row=2, column=1).value = assessment.unit.name
    ws.cell(row=2, column=1).data_type = "s"
    header_row = 4
    for column in COLUMNS:
        cell = ws.cell(row=header_row, column=INDEX[column.key], value=column.header)
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
        ws.column_dimensions[get_column_letter(INDEX[column.key])].width = column.width
    ws.freeze_panes = ws.cell(row=header_row + 1, column=1)
    row = header_row + 1
    for _no, group in groupby(items, key=lambda i: i.indicator.part.area.no):
        area_items = list(group)
        area = area_items[0].indicator.part.area
        _put(ws, row, "no", roman(area.no)).font = Font(bold=True)
        _put(ws, row, "component", area.name.upper()).font = Font(bold=True)
        for column in COLUMNS:
            ws.cell(row=row, column=INDEX[column.key]).fill = AREA_FILL
        row = _write_items(ws, row + 1, area_items)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
