"""Read and write the official LKE ZI workbook (PermenPANRB 90/2021, Lampiran III).

Sheet "LKE ZI" of the official template: column H holds weights, J the answer type ("Ya/Tidak",
"A/B/C", "A/B/C/D", "A/B/C/D/E", "%", "Jumlah", "Nilai (0-4)"), K the answer (or the count on a
"Jumlah" row; on a "%" row K holds the sheet's own formula over the counts below it), L and M the
value and percentage formulas. The row of every question and count input comes from the framework
spec (``lke_row``); the hasil inputs are K202 (IPAK index), K203 (capaian kinerja) and K205 (IPKP
index).

Reading checks first that the file has that layout (the sheet exists, J types and H weights sit
on the expected rows) and refuses anything else, naming the cells; only then are the answers read,
each bad one reported by cell and code. Writing fills a copy of the blank template and touches
only the answer cells, so the workbook keeps calculating in a spreadsheet. "Sudah berpredikat
Menuju WBK" is not part of the LKE; it travels as the custom document property ``zi_prior_wbk``.

openpyxl only; no Django.
"""

from __future__ import annotations

import io
from collections.abc import Iterator, Mapping, Sequence
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import IO, Any
from zipfile import BadZipFile, ZipFile

from openpyxl import load_workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.packaging.custom import BoolProperty
from openpyxl.utils.exceptions import InvalidFileException

from scoring.engine import AnswerSet, FrameworkSpec
from scoring.engine.inputs import (
    COUNT_MAX,
    InputIssue,
    choice_label,
    count_value,
    index_value,
    parse_json,
)

__all__ = [
    "LINK_COL",
    "NOTE_COL",
    "SHEET",
    "question_rows",
    "read_answer_file",
    "read_workbook",
    "write_workbook",
]

SHEET = "LKE ZI"
WEIGHT_COL, TYPE_COL, ANSWER_COL = 8, 10, 11  # H, J, K
# O is the template's "Catatan/Keterangan/Penjelasan" column; P (styled like O, its header cell
# empty in the template) becomes "Link Bukti Dukung". Both are cleared on every export.
NOTE_COL, LINK_COL = 15, 16  # O, P
HEADER_ROW = 2
LINK_HEADER = "Link Bukti Dukung"
TYPE_LABELS = {
    "ya_tidak": "Ya/Tidak",
    "abc": "A/B/C",
    "abcd": "A/B/C/D",
    "abcde": "A/B/C/D/E",
    "persen": "%",
    "nilai_0_4": "Nilai (0-4)",
}
COUNT_LABEL = "Jumlah"
PRIOR_WBK_PROPERTY = "zi_prior_wbk"
# How far above its first question an indicator's weight row may sit: the LHK indicator (weight 2)
# has its LHKPN sub-row (weight 1) in between.
INDICATOR_ROW_REACH = 3
MAX_LAYOUT_ISSUES = 10

Source = str | Path | IO[bytes]


def _norm(value: object) -> str:
    return " ".join(str(value).split()).casefold() if value is not None else ""


def _same_weight(value: object, weight: Decimal) -> bool:
    if isinstance(value, bool) or not isinstance(value, int | float | str | Decimal):
        return False
    try:
        return Decimal(str(value)) == weight
    except InvalidOperation:
        return False


def _blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _cell(col: int, row: int) -> str:
    return f"{SHEET}!{'HIJK'[col - WEIGHT_COL]}{row}"


def _expected_rows(spec: FrameworkSpec) -> Iterator[tuple[int, str, str]]:
    """(row, expected J text, code) for every question, count input and hasil input."""
    for code, q in spec.questions.items():
        yield q.lke_row, TYPE_LABELS[q.answer_type], code
        for key, row in q.input_rows.items():
            yield row, COUNT_LABEL, f"{code} ({key})"
    for code, h in spec.hasil.items():
        yield h.lke_row, TYPE_LABELS[h.answer_type], code


def _layout_issues(spec: FrameworkSpec, grid: dict[int, tuple[Any, ...]]) -> list[InputIssue]:
    def at(row: int, col: int) -> Any:
        cells = grid.get(row)
        return cells[col - WEIGHT_COL] if cells else None

    issues: list[InputIssue] = []
    for row, expected, code in _expected_rows(spec):
        found = at(row, TYPE_COL)
        if _norm(found) != _norm(expected):
            issues.append(
                InputIssue(
                    f"{_cell(TYPE_COL, row)}: berisi {found!r}, seharusnya {expected!r} ({code}).",
                    code.split(" ")[0],
                    _cell(TYPE_COL, row),
                )
            )
    for code, ind in spec.indicators.items():
        first = spec.questions[ind.question_codes[0]].lke_row
        rows = range(first - 1, max(0, first - 1 - INDICATOR_ROW_REACH), -1)
        if not any(_same_weight(at(r, WEIGHT_COL), ind.weight) for r in rows):
            cell = _cell(WEIGHT_COL, first - 1)
            issues.append(
                InputIssue(
                    f"{cell}: bobot indikator {code} seharusnya {ind.weight}, "
                    f"berisi {at(first - 1, WEIGHT_COL)!r}.",
                    code,
                    cell,
                )
            )
    for code, h in spec.hasil.items():
        if not _same_weight(at(h.lke_row, WEIGHT_COL), h.weight):
            cell = _cell(WEIGHT_COL, h.lke_row)
            issues.append(
                InputIssue(
                    f"{cell}: bobot {code} seharusnya {h.weight}, "
                    f"berisi {at(h.lke_row, WEIGHT_COL)!r}.",
                    code,
                    cell,
                )
            )
    if len(issues) > MAX_LAYOUT_ISSUES:
        rest = len(issues) - MAX_LAYOUT_ISSUES
        issues = issues[:MAX_LAYOUT_ISSUES]
        issues.append(InputIssue(f"... dan {rest} sel lain yang juga tidak sesuai."))
    if issues:
        issues.insert(
            0,
            InputIssue(
                f"Lembar {SHEET!r} tidak berbentuk LKE ZI {spec.code} (tata letaknya berbeda); "
                "gunakan templat resmi yang diekspor dari portal."
            ),
        )
    return issues


def read_workbook(
    source: Source,
    spec: FrameworkSpec,
    *,
    prior_wbk: bool | None = None,
    count_max: int = COUNT_MAX,
) -> tuple[AnswerSet, list[InputIssue]]:
    """Read the answers from a filled LKE ZI workbook; returns them and every issue found.

    ``prior_wbk`` overrides the workbook's ``zi_prior_wbk`` property (absent: False). When the
    layout is wrong no answer is read and the AnswerSet is empty. A count above ``count_max`` is
    an issue of its cell.
    """
    if isinstance(source, str | Path):
        # openpyxl judges a path by its extension; an open file is judged by its content.
        with Path(source).open("rb") as fh:
            return read_workbook(fh, spec, prior_wbk=prior_wbk, count_max=count_max)
    try:
        wb = load_workbook(source, read_only=True, data_only=False)
    except (BadZipFile, InvalidFileException, KeyError, OSError, ValueError) as exc:
        return AnswerSet(), [
            InputIssue(f"Berkas bukan workbook Excel (.xlsx) yang dapat dibaca: {exc}.")
        ]
    try:
        if SHEET not in wb.sheetnames:
            return AnswerSet(), [
                InputIssue(
                    f"Lembar {SHEET!r} tidak ditemukan (lembar yang ada: "
                    f"{', '.join(wb.sheetnames)}); berkas ini bukan LKE ZI {spec.code}."
                )
            ]
        last = max(row for row, _, _ in _expected_rows(spec))
        # Read-only iter_rows yields every row in the range, empty ones included, so the
        # enumeration is the row number.
        rows = wb[SHEET].iter_rows(
            min_row=1, max_row=last, min_col=WEIGHT_COL, max_col=ANSWER_COL, values_only=True
        )
        grid = dict(enumerate(rows, start=1))
        stored_prior = next(
            (p.value for p in wb.custom_doc_props if p.name == PRIOR_WBK_PROPERTY), False
        )
    finally:
        wb.close()
    issues = _layout_issues(spec, grid)
    if issues:
        return AnswerSet(), issues

    def answer(row: int) -> Any:
        cells = grid.get(row)
        return cells[ANSWER_COL - WEIGHT_COL] if cells else None

    choices: dict[str, str] = {}
    counts: dict[str, dict[str, int]] = {}
    indices: dict[str, Decimal] = {}
    for code, q in spec.questions.items():
        if q.is_percentage:
            given: dict[str, int] = {}
            for key, row in q.input_rows.items():
                raw = answer(row)
                if _blank(raw):
                    continue
                try:
                    given[key] = count_value(raw, maximum=count_max)
                except ValueError as exc:
                    cell = _cell(ANSWER_COL, row)
                    issues.append(InputIssue(f"{cell} ({code}, {key}): {exc}.", code, cell))
            if given:
                counts[code] = given
            continue
        raw = answer(q.lke_row)
        if _blank(raw):
            continue
        try:
            choices[code] = choice_label(raw, q.options)
        except ValueError as exc:
            cell = _cell(ANSWER_COL, q.lke_row)
            issues.append(InputIssue(f"{cell} ({code}): {exc}.", code, cell))
    for code, h in spec.hasil.items():
        raw = answer(h.lke_row)
        if _blank(raw):
            continue
        try:
            if h.is_index:
                indices[code] = index_value(raw)
            else:
                choices[code] = choice_label(raw, h.options)
        except ValueError as exc:
            cell = _cell(ANSWER_COL, h.lke_row)
            issues.append(InputIssue(f"{cell} ({code}): {exc}.", code, cell))
    prior = bool(stored_prior) if prior_wbk is None else prior_wbk
    return AnswerSet(choices=choices, counts=counts, indices=indices, prior_wbk=prior), issues


def question_rows(spec: FrameworkSpec) -> dict[str, int]:
    """The row of every question and hasil input of the sheet, by code."""
    rows = {code: q.lke_row for code, q in spec.questions.items()}
    rows.update({code: h.lke_row for code, h in spec.hasil.items()})
    return rows


def _text(value: str) -> str:
    return ILLEGAL_CHARACTERS_RE.sub("", value)


def _write_notes_and_links(
    wb: Any, spec: FrameworkSpec, notes: Mapping[str, str], links: Mapping[str, Sequence[str]]
) -> None:
    """Clear the note (O) and link (P) columns and every hyperlink, then write ours.

    A note is always stored as text, never as a formula (a note starting with "=" stays text).
    Several links share one cell, one a line; the cell's hyperlink is the first of them.
    """
    for sheet in wb.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if cell.hyperlink is not None:
                    cell.hyperlink = None
    ws = wb[SHEET]
    for row in range(HEADER_ROW + 1, ws.max_row + 1):
        for col in (NOTE_COL, LINK_COL):
            ws.cell(row=row, column=col).value = None
    ws.cell(row=HEADER_ROW, column=LINK_COL).value = LINK_HEADER
    for code, row in question_rows(spec).items():
        note = _text(notes.get(code, "")).strip()
        if note:
            cell = ws.cell(row=row, column=NOTE_COL)
            cell.value = note
            cell.data_type = "s"
        urls = [_text(u) for u in links.get(code, ()) if u]
        if urls:
            cell = ws.cell(row=row, column=LINK_COL)
            cell.value = "\n".join(urls)
            cell.data_type = "s"
            cell.hyperlink = urls[0]


def write_workbook(
    spec: FrameworkSpec,
    answers: AnswerSet,
    path_or_stream: Source,
    template_path: str | Path,
    *,
    notes: Mapping[str, str] | None = None,
    links: Mapping[str, Sequence[str]] | None = None,
) -> None:
    """Fill a copy of the blank official template with ``answers`` and save it.

    Only answer cells (column K of choice, count and hasil rows) are written; the "%" formulas
    in K and everything in L and M stay, and the file asks the spreadsheet to recalculate on
    opening because openpyxl stores no computed values. The note column (O) and the link column
    (P) are emptied and hold only ``notes`` and ``links`` (by question code), and no hyperlink of
    the template survives: whatever the template carried, nothing foreign leaks into an export.
    """
    wb = load_workbook(template_path)
    ws = wb[SHEET]
    _write_notes_and_links(wb, spec, notes or {}, links or {})
    for code, q in spec.questions.items():
        if q.is_percentage:
            given = answers.counts.get(code, {})
            for key, row in q.input_rows.items():
                ws.cell(row=row, column=ANSWER_COL).value = given.get(key)
        else:
            ws.cell(row=q.lke_row, column=ANSWER_COL).value = answers.choices.get(code)
    for code, h in spec.hasil.items():
        value = answers.indices.get(code) if h.is_index else answers.choices.get(code)
        ws.cell(row=h.lke_row, column=ANSWER_COL).value = value
    props = wb.custom_doc_props
    for prop in [p for p in props if p.name == PRIOR_WBK_PROPERTY]:
        props.props.remove(prop)
    props.append(BoolProperty(name=PRIOR_WBK_PROPERTY, value=answers.prior_wbk))
    wb.calculation.fullCalcOnLoad = True
    wb.save(path_or_stream)


def read_answer_file(
    path: str | Path, spec: FrameworkSpec, *, count_max: int = COUNT_MAX
) -> tuple[AnswerSet, list[InputIssue]]:
    """Read answers from a .xlsx LKE workbook or a JSON document, decided by content, not name.

    A zip holding xl/workbook.xml is a workbook; anything else must be UTF-8 JSON.
    """
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        return AnswerSet(), [
            InputIssue(f"Berkas {str(path)!r} tidak dapat dibaca: {exc.strerror}.")
        ]
    if data[:4] == b"PK\x03\x04":
        try:
            with ZipFile(io.BytesIO(data)) as zf:
                is_workbook = "xl/workbook.xml" in zf.namelist()
        except BadZipFile:
            is_workbook = False
        if not is_workbook:
            return AnswerSet(), [
                InputIssue("Berkas zip ini bukan workbook Excel .xlsx (tidak ada xl/workbook.xml).")
            ]
        return read_workbook(io.BytesIO(data), spec, count_max=count_max)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = ""
    if not text.lstrip().startswith(("{", "[")):
        return AnswerSet(), [
            InputIssue("Berkas bukan dokumen JSON maupun workbook LKE ZI (.xlsx).")
        ]
    return parse_json(text, spec, count_max=count_max)
