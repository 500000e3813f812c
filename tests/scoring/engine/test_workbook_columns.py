"""write_workbook's note (O) and link (P) columns: whatever a template carried there, and every
hyperlink of any sheet, is gone; only the notes and links passed in are written."""

from __future__ import annotations

import io
from pathlib import Path

from openpyxl import load_workbook

from scoring.engine import AnswerSet
from scoring.engine.workbook import LINK_COL, NOTE_COL, read_workbook, write_workbook
from scoring.framework import TEMPLATE_PATH
from tests.scoring.builders import SPEC

CODE = "A.I.1.i.a"


def test_foreign_template_content_is_cleared_and_only_ours_is_written(tmp_path: Path) -> None:
    dirty = tmp_path / "dirty.xlsx"
    wb = load_workbook(TEMPLATE_PATH)
    wb["LKE ZI"]["O40"] = "https://asing.example/bukti"
    wb["LKE ZI"]["P41"].hyperlink = "https://asing.example/x"
    wb["Utama"]["C5"].hyperlink = "https://asing.example/utama"
    wb.save(dirty)
    row = SPEC.questions[CODE].lke_row
    out = io.BytesIO()
    notes = {CODE: "=1+1 catatan\x07"}
    links = {CODE: ["https://portal/a", "https://portal/b"]}
    write_workbook(SPEC, AnswerSet(choices={CODE: "Ya"}), out, dirty, notes=notes, links=links)

    out.seek(0)
    result = load_workbook(out)
    hyperlinks = [
        c.hyperlink.target
        for ws in result.worksheets
        for r in ws.iter_rows()
        for c in r
        if c.hyperlink
    ]
    assert hyperlinks == ["https://portal/a"]
    ws = result["LKE ZI"]
    assert ws.cell(row=row, column=NOTE_COL).value == "=1+1 catatan"
    assert ws.cell(row=row, column=NOTE_COL).data_type == "s"
    assert ws.cell(row=row, column=LINK_COL).value == "https://portal/a\nhttps://portal/b"
    assert ws["O40"].value is None and ws["O2"].value == "Catatan/Keterangan/Penjelasan"
    # The answers still read back; the note and link columns are never read.
    out.seek(0)
    answers, issues = read_workbook(out, SPEC)
    assert issues == [] and answers.choices == {CODE: "Ya"}
