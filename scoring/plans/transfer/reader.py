"""A plan workbook's rows: the sheet with a LANGKAH AKSI header, its columns, its data rows.

Only values are read (formulas as their last computed value, merged cells as blanks below the
first, as seed 004's merged NO and KOMPONEN cells are). The header may sit below title rows.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass, field
from typing import IO, Any

from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from scoring.plans.transfer.layout import HEADER_KEYS, cell_text, header_key

HEADER_SEARCH_ROWS = 30
MAX_ROWS = 2000
# Blank rows are skipped but still read: a sheet of a million empty rows stops here.
MAX_SCANNED_ROWS = 20000
MAX_COLUMNS = 40


class UnreadableWorkbook(ValueError):
    """Not an .xlsx openpyxl can read, or no sheet with a plan header."""


@dataclass(frozen=True)
class SheetRow:
    """One data row: its number as the spreadsheet shows it, raw values and text per column."""

    number: int
    values: dict[str, Any] = field(default_factory=dict)

    def text(self, key: str) -> str:
        return cell_text(self.values.get(key))

    @property
    def blank(self) -> bool:
        return not any(self.text(k) for k in self.values)


@dataclass(frozen=True)
class Sheet:
    title: str
    header_row: int
    columns: dict[str, str]  # key -> column letter
    rows: tuple[SheetRow, ...]
    truncated: bool = False


def _header(row: tuple[Any, ...]) -> dict[str, int]:
    found: dict[str, int] = {}
    for index, value in enumerate(row[:MAX_COLUMNS]):
        key = header_key(value)
        if key and key not in found:
            found[key] = index
    return found


def read_sheet(source: IO[bytes] | bytes) -> Sheet:
    """The first sheet whose header row names LANGKAH AKSI, with its data rows."""
    data = source if isinstance(source, bytes) else source.read()
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, OSError, KeyError, ValueError, TypeError) as exc:
        raise UnreadableWorkbook(str(exc)) from exc
    try:
        for ws in book.worksheets:
            rows = ws.iter_rows(values_only=True, max_col=MAX_COLUMNS)
            header: dict[str, int] = {}
            header_row = 0
            for number, row in enumerate(rows, start=1):
                if number > HEADER_SEARCH_ROWS:
                    break
                header = _header(tuple(row))
                if all(k in header for k in HEADER_KEYS):
                    header_row = number
                    break
            if not header_row:
                continue
            out: list[SheetRow] = []
            truncated = False
            for number, row in enumerate(rows, start=header_row + 1):
                if len(out) >= MAX_ROWS or number > MAX_SCANNED_ROWS:
                    truncated = True
                    break
                values = {k: (row[i] if i < len(row) else None) for k, i in header.items()}
                sheet_row = SheetRow(number, values)
                if not sheet_row.blank:
                    out.append(sheet_row)
            letters = {k: get_column_letter(i + 1) for k, i in header.items()}
            return Sheet(ws.title, header_row, letters, tuple(out), truncated)
    finally:
        book.close()
    raise UnreadableWorkbook("no header row")
