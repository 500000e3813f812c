"""manage.py lke score: JSON and text output, and exit code 2 on bad input."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from scoring.engine.inputs import answers_to_document
from tests.areas.variant import VARIANT_CODE, variant_document, write_document
from tests.scoring.builders import SPEC, call_lke, with_answers, worked_example, worst_label

ROOT = Path(__file__).resolve().parents[2]

# `lke score` reads the framework version from the database (the test database holds
# permenpanrb-90-2021, loaded from the committed fixture).
pytestmark = pytest.mark.django_db


def write_doc(tmp_path: Path, document: object, name: str = "jawaban.json") -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(document), encoding="utf-8")
    return path


def test_score_prints_the_json_result(tmp_path: Path) -> None:
    path = write_doc(tmp_path, answers_to_document(SPEC, worked_example()))
    out, err = call_lke("score", "--input", str(path))
    assert err == ""
    data = json.loads(out)
    assert data["total"] == 100.0
    assert data["pengungkit"] == 60.0
    assert data["complete"] is True
    assert data["areas"]["5"]["pct"] == 100.0
    assert [data["verdicts"][p]["pass"] for p in ("WBK", "WBBM")] == [True, True]
    assert data["gap"] == {"WBK": [], "WBBM": []}


def test_score_prints_a_readable_indonesian_table(tmp_path: Path) -> None:
    # IPKP 3.41 -> 14.91875: WBK passes, WBBM misses pelayanan prima (15.75).
    answers = with_answers(worked_example(), indices={"B.II.a": Decimal("3.41")})
    path = write_doc(tmp_path, answers_to_document(SPEC, answers))
    out, _ = call_lke("score", "--input", str(path), "--format", "text")
    lines = out.splitlines()
    assert any(line.startswith("1. Manajemen Perubahan") and "100,00%" in line for line in lines)
    assert any(line.startswith("Nilai total") and line.endswith("97,42") for line in lines)
    assert any(line.startswith("Kelengkapan") and "113/113 (lengkap)" in line for line in lines)
    assert "Predikat WBK: LULUS (final)" in lines
    assert "Predikat WBBM: BELUM (final)" in lines
    wbk, wbbm = [
        line.split()[-4:] for line in lines if line.startswith("  Hasil: pelayanan publik")
    ]
    assert wbk == ["14,92", "14,00", "LULUS", "0,00"]
    assert wbbm == ["14,92", "15,75", "BELUM", "0,83"]
    assert "indeks survei B.II.a minimal 3,60" in out


def test_text_lists_the_gap_steps(tmp_path: Path) -> None:
    answers = with_answers(worked_example(), choices={"A.II.6.ii.a": "D", "A.II.6.i.a": "D"})
    # Area 6: reform 2.5 x avg(0, 1) = 1.25 + 0 of 5, so 6.25 of 10: WBBM needs 7.5.
    path = write_doc(tmp_path, answers_to_document(SPEC, answers))
    out, _ = call_lke("score", "--input", str(path), "--format", "text")
    assert "Predikat WBBM: BELUM (final)" in out
    assert "Langkah menuju WBBM" in out
    assert "A.II.6.ii.a" in out and "D -> C" in out and "+0,83" in out


def test_bad_input_exits_2_with_nothing_on_stdout(tmp_path: Path) -> None:
    path = write_doc(tmp_path, {"framework": "permenpanrb-90-2021", "answers": {"X.1": "A"}})
    with pytest.raises(CommandError) as caught:
        call_lke("score", "--input", str(path))
    assert caught.value.returncode == 2
    assert "X.1: kode pertanyaan tidak dikenal." in str(caught.value)


def test_the_real_command_line_exit_code_and_streams(tmp_path: Path) -> None:
    pytest.importorskip("django")
    path = write_doc(tmp_path, {"framework": "permenpanrb-90-2021", "indices": {"B.I.a": 4.5}})
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "zi_portal.settings"}
    done = subprocess.run(
        [sys.executable, "manage.py", "lke", "score", "--input", str(path)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 2
    assert done.stdout == ""
    assert "B.I.a: nilai indeks 4.5 di luar rentang 0-4." in done.stderr


@pytest.mark.django_db
@pytest.mark.parametrize(
    "args",
    [
        ("export", "--assessment", "987654", "--side", "unit", "--output", "lke.xlsx"),
        ("import", "--assessment", "987654", "--side", "tpi", "--input", "lke.xlsx"),
    ],
)
def test_export_and_import_report_a_missing_assessment(args: tuple[str, ...]) -> None:
    with pytest.raises(CommandError) as caught:
        call_lke(*args)
    assert caught.value.returncode == 2
    assert "Penilaian #987654 tidak ditemukan." in str(caught.value)


# --------------------------------------------------------------------------- framework versions


def _area1_case_document(tmp_path: Path, framework: str) -> Path:
    """Every answer at its best except indicator A.I.1.i (both questions at their worst)."""
    worst = {c: worst_label(SPEC.questions[c]) for c in ("A.I.1.i.a", "A.I.1.i.b")}
    document = answers_to_document(SPEC, with_answers(worked_example(), choices=worst))
    document["framework"] = framework
    return write_doc(tmp_path, document, f"{framework}.json")


def test_score_against_a_loaded_variant_uses_its_weights_and_thresholds(tmp_path: Path) -> None:
    call_command(
        "load_framework", str(write_document(tmp_path, variant_document())), stdout=io.StringIO()
    )
    # 90/2021 (the active version): A.I.1.i weighs 0.5, so 100 - 0.5 and area 1 = 7.5 / 8.
    out, _ = call_lke("score", "--input", str(_area1_case_document(tmp_path, SPEC.code)))
    official = json.loads(out)
    assert (official["total"], official["pengungkit"]) == (99.5, 59.5)
    assert official["areas"]["1"]["pct"] == 93.75
    assert [official["verdicts"][p]["pass"] for p in ("WBK", "WBBM")] == [True, True]
    # The variant: A.I.1.i weighs 1.5, so 100 - 1.5 and area 1 = 6.5 / 8 = 81.25 %, above its
    # WBK minimum of 80 % and below its WBBM minimum of 85 %.
    path = _area1_case_document(tmp_path, VARIANT_CODE)
    out, _ = call_lke("score", "--framework", VARIANT_CODE, "--input", str(path))
    variant = json.loads(out)
    assert variant["framework"] == VARIANT_CODE
    assert (variant["total"], variant["pengungkit"]) == (98.5, 58.5)
    assert variant["areas"]["1"]["pct"] == 81.25
    assert [variant["verdicts"][p]["pass"] for p in ("WBK", "WBBM")] == [True, False]


def test_an_unknown_framework_code_exits_2(tmp_path: Path) -> None:
    path = _area1_case_document(tmp_path, "tidak-ada")
    with pytest.raises(CommandError) as caught:
        call_lke("score", "--framework", "tidak-ada", "--input", str(path))
    assert caught.value.returncode == 2
    message = str(caught.value)
    assert "Kerangka LKE 'tidak-ada' belum dimuat" in message
    assert SPEC.code in message  # the versions that are loaded
