"""The official LKE ZI workbook: reading, writing, and refusing what is not one."""

from __future__ import annotations

import io
import json
import random
import zipfile
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from django.core.management.base import CommandError

from scoring.engine import AnswerSet, score
from scoring.engine.inputs import answers_to_document, parse_json
from scoring.engine.workbook import read_answer_file, read_workbook, write_workbook
from scoring.framework import TEMPLATE_PATH
from tests.scoring.builders import SPEC, call_lke, random_answers, worked_example

D = Decimal


def written(answers: AnswerSet) -> io.BytesIO:
    stream = io.BytesIO()
    write_workbook(SPEC, answers, stream, TEMPLATE_PATH)
    stream.seek(0)
    return stream


def filled_template(cells: dict[str, object], tmp_path: Path, name: str = "lke.xlsx") -> Path:
    """A copy of the blank template with cells of sheet "LKE ZI" set by hand."""
    wb = openpyxl.load_workbook(TEMPLATE_PATH)
    for ref, value in cells.items():
        wb["LKE ZI"][ref] = value
    path = tmp_path / name
    wb.save(path)
    return path


def worked_example_cells() -> dict[str, object]:
    """The section 7 worked example typed into column K, straight from the LKE rows."""
    cells: dict[str, object] = {}
    for q in SPEC.questions.values():
        if not q.is_percentage:
            cells[f"K{q.lke_row}"] = max(q.options, key=lambda o: o.value).label
    counts = worked_example().counts
    for code, values in counts.items():
        for key, value in values.items():
            cells[f"K{SPEC.questions[code].input_rows[key]}"] = value
    cells.update({"K202": 4, "K203": "A", "K205": 4})
    return cells


@pytest.mark.django_db  # lke score reads the framework version from the database
def test_worst_answers_and_zero_counts_typed_into_the_template(tmp_path: Path) -> None:
    """Every answer at its worst option and every count 0, typed into column K by hand."""
    cells: dict[str, object] = {}
    for q in SPEC.questions.values():
        if q.is_percentage:
            cells.update({f"K{row}": 0 for row in q.input_rows.values()})
        else:
            cells[f"K{q.lke_row}"] = min(q.options, key=lambda o: o.value).label
    cells.update({"K202": 0, "K203": "E", "K205": 0})
    answers, issues = read_workbook(filled_template(cells, tmp_path), SPEC)
    assert issues == []
    result = score(SPEC, answers)
    # Only the rules that give 1 for a zero denominator score: violations 0 -> 0 (A.II.3.iii,
    # 2.00), no complaints to follow up (A.II.5.ii, 3.00), nobody obliged to report LHKPN and
    # LHKASN (A.II.5.iii, 2.00 x average(1, 1)). Everything else is 0.
    assert result.complete
    assert result.indicators["A.II.3.iii"] == D(2)
    assert result.indicators["A.II.5.ii"] == D(3)
    assert result.indicators["A.II.5.iii"] == D(2)
    assert result.total == D(7)
    out, _ = call_lke("score", "--input", str(tmp_path / "lke.xlsx"))
    assert json.loads(out)["total"] == 7.0


def test_the_blank_template_reads_as_no_answers() -> None:
    answers, issues = read_workbook(TEMPLATE_PATH, SPEC)
    assert issues == []
    assert answers == AnswerSet()
    assert score(SPEC, answers).answered == 0


@pytest.mark.django_db  # lke score reads the framework version from the database
def test_worked_example_typed_into_the_template_scores_100(tmp_path: Path) -> None:
    path = filled_template(worked_example_cells(), tmp_path)
    answers, issues = read_workbook(path, SPEC)
    assert issues == []
    assert answers == worked_example(prior_wbk=False)
    result = score(SPEC, answers)
    assert result.total == D("100")
    assert result.complete
    out, _ = call_lke("score", "--input", str(path))
    data = json.loads(out)
    assert data["total"] == 100.0
    assert data["verdicts"]["WBK"]["pass"] is True
    assert data["verdicts"]["WBBM"]["pass"] is False  # no prior WBK in a plain workbook


def test_round_trip_and_json_agree_on_a_random_complete_answer_set() -> None:
    answers = random_answers(random.Random(2024))
    assert score(SPEC, answers).complete
    from_workbook, issues = read_workbook(written(answers), SPEC)
    assert issues == []
    assert from_workbook == answers  # prior_wbk travels as a document property
    from_json, issues = parse_json(json.dumps(answers_to_document(SPEC, answers)), SPEC)
    assert issues == []
    assert from_json == from_workbook
    assert score(SPEC, from_json).to_dict() == score(SPEC, from_workbook).to_dict()


def test_partial_answers_survive_the_round_trip() -> None:
    answers = random_answers(random.Random(5), complete=False)
    answers.counts["A.II.5.ii.a"] = {"pengaduan_harus_ditindaklanjuti": 2}
    back, issues = read_workbook(written(answers), SPEC)
    assert issues == []
    assert back == answers


def test_writing_keeps_every_formula_of_the_template() -> None:
    answers = random_answers(random.Random(11))
    template = openpyxl.load_workbook(TEMPLATE_PATH)["LKE ZI"]
    wb = openpyxl.load_workbook(written(answers))
    ws = wb["LKE ZI"]
    formulas = 0
    for row in template.iter_rows():
        for cell in row:
            if isinstance(cell.value, str) and cell.value.startswith("="):
                assert ws[cell.coordinate].value == cell.value, cell.coordinate
                formulas += 1
    assert formulas == 272  # L and M of the LKE rows, plus the "%" and sum rows of column K
    assert str(ws["K128"].value).startswith("=IF(OR(K129")
    assert ws["K8"].value == answers.choices["A.I.1.i.a"]
    assert ws["K129"].value == answers.counts["A.II.1.i.a"]["jumlah_agen_perubahan"]
    assert ws["K202"].value == float(answers.indices["B.I.a"])
    assert ws["K203"].value == answers.choices["B.I.b"]
    assert wb.calculation.fullCalcOnLoad is True


@pytest.mark.django_db  # lke score reads the framework version from the database
def test_bad_answers_are_named_by_cell_and_code(tmp_path: Path) -> None:
    path = filled_template(
        {"K9": "Z", "K129": -2, "K130": "tujuh", "K161": 2.5, "K202": 4.5, "K203": "F"},
        tmp_path,
    )
    _, issues = read_workbook(path, SPEC)
    found = [str(i) for i in issues]
    assert found == [
        "LKE ZI!K9 (A.I.1.i.b): jawaban 'Z' tidak termasuk pilihan yang sah (A, B, C).",
        "LKE ZI!K129 (A.II.1.i.a, jumlah_agen_perubahan): jumlah tidak boleh negatif (-2).",
        "LKE ZI!K130 (A.II.1.i.a, jumlah_perubahan_dibuat): jumlah 'tujuh' bukan angka.",
        "LKE ZI!K161 (A.II.4.i.a, jumlah_sasaran_kinerja): jumlah harus bilangan bulat, bukan 2.5.",
        "LKE ZI!K202 (B.I.a): nilai indeks 4.5 di luar rentang 0-4.",
        "LKE ZI!K203 (B.I.b): jawaban 'F' tidak termasuk pilihan yang sah (A, B, C, D, E).",
    ]
    assert [i.cell for i in issues][:2] == ["LKE ZI!K9", "LKE ZI!K129"]
    with pytest.raises(CommandError) as caught:
        call_lke("score", "--input", str(path))
    assert caught.value.returncode == 2
    assert "LKE ZI!K9 (A.I.1.i.b)" in str(caught.value)


@pytest.mark.django_db  # lke score reads the framework version from the database
def test_a_workbook_with_another_layout_is_refused(tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "LKE ZI"
    ws["A1"], ws["B1"] = "Kode", "Jawaban"
    ws["A2"], ws["B2"] = "A.I.1.i.a", "Ya"
    path = tmp_path / "lain.xlsx"
    wb.save(path)
    answers, issues = read_workbook(path, SPEC)
    assert answers == AnswerSet()
    found = [str(i) for i in issues]
    assert "tidak berbentuk LKE ZI" in found[0]
    assert found[1] == "LKE ZI!J8: berisi None, seharusnya 'Ya/Tidak' (A.I.1.i.a)."
    assert found[-1].startswith("... dan ")  # capped, not hundreds of lines
    with pytest.raises(CommandError) as caught:
        call_lke("score", "--input", str(path))
    assert caught.value.returncode == 2
    assert "LKE ZI!J8" in str(caught.value)


def test_a_shifted_template_is_refused_by_its_weights_and_types(tmp_path: Path) -> None:
    path = filled_template({"J8": "A/B/C", "H7": 0.75, "H202": 20}, tmp_path)
    _, issues = read_workbook(path, SPEC)
    found = [str(i) for i in issues]
    assert "LKE ZI!J8: berisi 'A/B/C', seharusnya 'Ya/Tidak' (A.I.1.i.a)." in found
    assert "LKE ZI!H7: bobot indikator A.I.1.i seharusnya 0.5, berisi 0.75." in found
    assert "LKE ZI!H202: bobot B.I.a seharusnya 17.5, berisi 20." in found


def test_a_workbook_without_the_lke_sheet_is_refused(tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    path = tmp_path / "kosong.xlsx"
    wb.save(path)
    _, issues = read_workbook(path, SPEC)
    assert "Lembar 'LKE ZI' tidak ditemukan" in str(issues[0])


def test_files_are_told_apart_by_content(tmp_path: Path) -> None:
    as_json_name = filled_template(worked_example_cells(), tmp_path, name="jawaban.json")
    answers, issues = read_answer_file(as_json_name, SPEC)
    assert issues == []
    assert score(SPEC, answers).total == 100

    other_zip = tmp_path / "arsip.xlsx"
    with zipfile.ZipFile(other_zip, "w") as zf:
        zf.writestr("catatan.txt", "bukan workbook")
    _, issues = read_answer_file(other_zip, SPEC)
    assert "tidak ada xl/workbook.xml" in str(issues[0])

    missing = tmp_path / "tidak-ada.json"
    _, issues = read_answer_file(missing, SPEC)
    assert "tidak dapat dibaca" in str(issues[0])
