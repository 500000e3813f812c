"""The JSON answer document: parsing, and every kind of bad input reported at once."""

from __future__ import annotations

import json
import random
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.core.management.base import CommandError

from scoring.engine import AnswerSet
from scoring.engine.inputs import answers_to_document, parse_document, parse_json
from tests.scoring.builders import SPEC, call_lke, random_answers

D = Decimal


def doc(**parts: Any) -> dict[str, Any]:
    return {"framework": "permenpanrb-90-2021", **parts}


def messages(document: object) -> list[str]:
    return [str(i) for i in parse_document(document, SPEC)[1]]


def test_a_valid_document_becomes_an_answer_set() -> None:
    text = json.dumps(
        doc(
            answers={"A.I.1.i.a": "ya", "A.I.1.i.b": " b ", "B.I.b": "B", "A.I.1.ii.a": None},
            counts={"A.II.1.i.a": {"jumlah_agen_perubahan": 7, "jumlah_perubahan_dibuat": 7}},
            indices={"B.I.a": 3.62, "B.II.a": "3,41"},
            prior_wbk=True,
        )
    )
    answers, issues = parse_json(text, SPEC)
    assert issues == []
    assert answers == AnswerSet(
        choices={"A.I.1.i.a": "Ya", "A.I.1.i.b": "B", "B.I.b": "B"},
        counts={"A.II.1.i.a": {"jumlah_agen_perubahan": 7, "jumlah_perubahan_dibuat": 7}},
        indices={"B.I.a": D("3.62"), "B.II.a": D("3.41")},
        prior_wbk=True,
    )
    assert str(answers.indices["B.I.a"]) == "3.62"  # never through a binary float


def test_every_error_is_reported_in_one_pass() -> None:
    document = {
        "framework": "permenpanrb-10-2019",
        "answers": {
            "A.I.9.i.a": "A",  # unknown code
            "A.I.1.i.b": "D",  # A/B/C has no D
            "A.I.1.i.a": 1,  # not a label
            "A.II.1.i.a": "A",  # a percentage question
            "B.I.a": "A",  # an index
        },
        "counts": {
            "A.I.1.i.a": {"x": 1},  # not a percentage question
            "A.II.4.i.a": {
                "jumlah_sasaran_kinerja": -1,  # negative
                "jumlah_sasaran_tercapai_100": "banyak",  # non-numeric
            },
            "A.II.6.i.b": {
                "jumlah_perizinan_pelayanan_terdata": 2.5,  # not whole
                "jumlah_perizinan_pelayanan_diperluas": 1,  # unknown key
            },
            "A.II.1.i.b": {"jumlah_perubahan_dibuat": True},  # a boolean is no count
        },
        "indices": {"B.I.a": 4.5, "B.II.a": "tinggi", "B.I.b": 3},
        "prior_wbk": "ya",
        "extra": 1,
    }
    found = messages(document)
    expected_fragments = [
        "'extra' tidak dikenal",
        "Kerangka 'permenpanrb-10-2019' tidak didukung",
        "A.I.9.i.a: kode pertanyaan tidak dikenal",
        "A.I.1.i.b: jawaban 'D' tidak termasuk pilihan yang sah (A, B, C)",
        "A.I.1.i.a: jawaban 1 harus berupa salah satu pilihan (Ya, Tidak)",
        "A.II.1.i.a: pertanyaan persentase diisi lewat 'counts'",
        "B.I.a: nilai indeks survei diisi lewat 'indices'",
        "A.I.1.i.a: bukan pertanyaan persentase",
        "A.II.4.i.a (jumlah_sasaran_kinerja): jumlah tidak boleh negatif (-1)",
        "A.II.4.i.a (jumlah_sasaran_tercapai_100): jumlah 'banyak' bukan angka",
        "A.II.6.i.b (jumlah_perizinan_pelayanan_terdata): jumlah harus bilangan bulat, bukan 2.5",
        "A.II.6.i.b: kunci jumlah 'jumlah_perizinan_pelayanan_diperluas' tidak dikenal",
        "A.II.1.i.b (jumlah_perubahan_dibuat): jumlah true bukan angka",
        "B.I.a: nilai indeks 4.5 di luar rentang 0-4",
        "B.II.a: nilai indeks 'tinggi' bukan angka",
        "B.I.b: bukan isian indeks survei",
        "'prior_wbk' harus true atau false",
    ]
    for fragment in expected_fragments:
        assert any(fragment in m for m in found), fragment
    assert len(found) == len(expected_fragments)


@pytest.mark.parametrize(
    ("document", "fragment"),
    [
        ([], "harus berupa objek JSON"),
        ({"answers": {}}, "Kunci 'framework' wajib diisi"),
        (doc(answers=["A"]), "'answers' harus berupa objek"),
        (doc(counts={"A.II.4.i.a": 3}), "A.II.4.i.a: 'counts' harus berupa objek"),
    ],
)
def test_wrong_shapes(document: object, fragment: str) -> None:
    assert any(fragment in m for m in messages(document))


def test_invalid_json_and_duplicate_keys() -> None:
    _, issues = parse_json('{"framework": "permenpanrb-90-2021",\n "answers": {', SPEC)
    assert "bukan JSON yang valid (baris 2" in str(issues[0])
    dup = '{"framework": "permenpanrb-90-2021", "answers": {"A.I.1.i.a": "Ya", "A.I.1.i.a": "B"}}'
    _, issues = parse_json(dup, SPEC)
    assert "'A.I.1.i.a' muncul lebih dari sekali" in str(issues[0])


def test_partial_counts_are_kept_and_leave_the_question_unanswered() -> None:
    answers, issues = parse_document(
        doc(counts={"A.II.5.ii.a": {"pengaduan_harus_ditindaklanjuti": 3}}), SPEC
    )
    assert issues == []
    assert answers.counts == {"A.II.5.ii.a": {"pengaduan_harus_ditindaklanjuti": 3}}


def test_document_round_trip() -> None:
    rnd = random.Random(7)
    for complete in (True, False):
        answers = random_answers(rnd, complete=complete)
        text = json.dumps(answers_to_document(SPEC, answers))
        back, issues = parse_json(text, SPEC)
        assert issues == []
        assert back == answers


# --------------------------------------------------------------------------- through the CLI


@pytest.mark.parametrize(
    ("document", "named"),
    [
        (doc(answers={"A.I.9.i.a": "A"}), "A.I.9.i.a"),
        (doc(answers={"A.I.1.iii.a": "E"}), "A.I.1.iii.a"),
        (doc(counts={"A.II.4.i.a": {"jumlah_sasaran_kinerja": -3}}), "A.II.4.i.a"),
        (doc(counts={"A.II.4.i.a": {"jumlah_sasaran_kinerja": "tiga"}}), "A.II.4.i.a"),
        (doc(indices={"B.I.a": 4.5}), "B.I.a"),
    ],
)
@pytest.mark.django_db  # lke score reads the framework version from the database
def test_cli_rejects_bad_json_with_exit_code_2(
    tmp_path: Path, document: dict[str, Any], named: str
) -> None:
    path = tmp_path / "jawaban.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    with pytest.raises(CommandError) as caught:
        call_lke("score", "--input", str(path))
    assert caught.value.returncode == 2
    assert named in str(caught.value)


@pytest.mark.django_db  # lke score reads the framework version from the database
def test_cli_rejects_a_text_file_that_is_neither_json_nor_xlsx(tmp_path: Path) -> None:
    path = tmp_path / "catatan.xlsx"  # the name does not matter, the content does
    path.write_text("Ini hanya catatan, bukan LKE.\n", encoding="utf-8")
    with pytest.raises(CommandError) as caught:
        call_lke("score", "--input", str(path))
    assert caught.value.returncode == 2
    assert "bukan dokumen JSON maupun workbook" in str(caught.value)
