"""scoring.presenters: the engine's codes as text, numbers in the active language, lke score."""

from __future__ import annotations

import json
import re
from decimal import Decimal
from pathlib import Path

import pytest
from django.utils import translation

from scoring.engine import (
    CRITERION_KEYS,
    GAP_MESSAGES,
    NEED_CODES,
    WARNING_CODES,
    AnswerSet,
    HasilNeed,
    ScoreResult,
    VerdictWarning,
    score,
)
from scoring.engine.inputs import answers_to_document
from scoring.presenters import (
    criterion_label,
    format_id,
    gap_message,
    need_text,
    number,
    percent,
    score_document,
    score_text,
    step_value,
    warning_text,
)
from tests.i18n_catalogue import (
    EN_DECIMAL,
    ID_DECIMAL,
    presenter_catalogue,
    untranslated,
)
from tests.scoring.builders import SPEC, call_lke, with_answers, worked_example

D = Decimal

# A case with every kind of text. WBK: pengungkit passes, only hasil is short (bersih &
# akuntabel, IPAK, pelayanan prima); WBBM: the total and area 6 too (steps and hasil), kinerja
# and the prior WBK. Per-half warnings (areas 1, 4 and 6) and a zero denominator (A.II.4.i.a).
MIXED = with_answers(
    worked_example(prior_wbk=False),
    choices={"A.II.6.ii.a": "D", "A.II.6.i.a": "D", "B.I.b": "C", "A.II.1.iii.a": "D"},
    counts={
        "A.II.1.i.a": {"jumlah_agen_perubahan": 3, "jumlah_perubahan_dibuat": 0},
        "A.II.4.i.a": {"jumlah_sasaran_kinerja": 0, "jumlah_sasaran_tercapai_100": 0},
    },
    indices={"B.I.a": D("3.2"), "B.II.a": D("3.0")},
)


def mixed_result() -> ScoreResult:
    """MIXED with one question left blank, so the verdicts are provisional too."""
    answers = AnswerSet(
        choices={k: v for k, v in MIXED.choices.items() if k != "A.I.1.i.a"},
        counts=MIXED.counts,
        indices=MIXED.indices,
        prior_wbk=False,
    )
    return score(SPEC, answers)


def write_doc(tmp_path: Path, answers: AnswerSet) -> Path:
    path = tmp_path / "jawaban.json"
    path.write_text(json.dumps(answers_to_document(SPEC, answers)), encoding="utf-8")
    return path


# --------------------------------------------------------------------------- numbers


@pytest.mark.parametrize(
    ("language", "value", "places", "expected"),
    [
        ("id", "75.955", 2, "75,96"),
        ("en", "75.955", 2, "75.96"),
        ("id", "55.575", 2, "55,58"),  # half up, never to even
        ("en", "0.8333", 3, "0.833"),
        ("id", "1234.5", 2, "1.234,50"),
        ("en", "1234.5", 2, "1,234.50"),
        ("id", "0", 2, "0,00"),
        ("en", "75", 0, "75"),
    ],
)
def test_numbers_follow_the_active_language(
    language: str, value: str, places: int, expected: str
) -> None:
    with translation.override(language):
        assert number(D(value), places) == expected


def test_format_id_is_indonesian_whatever_the_language() -> None:
    with translation.override("en"):
        assert format_id(D("55.575")) == "55,58"
        assert percent(D("62.5")) == "62.50%"
        assert step_value("26.67%") == "26.67%"
    with translation.override("id"):
        assert percent(D("62.5")) == "62,50%"
        assert step_value("26.67%") == "26,67%"
        assert step_value("C") == "C"


# --------------------------------------------------------------------------- vocabulary


def test_the_engine_speaks_in_codes() -> None:
    result = mixed_result()
    criteria = [c for v in result.verdicts.values() for c in v.criteria]
    assert {c.key.split("_")[0] if c.area else c.key for c in criteria} <= set(CRITERION_KEYS)
    assert {c.area for c in criteria if c.key.startswith("area_")} == set(range(1, 7))
    warnings = [w for v in result.verdicts.values() for w in v.warnings]
    assert {w.code for w in warnings} == set(WARNING_CODES)
    gaps = result.gap.values()
    assert {g.message for g in gaps} <= set(GAP_MESSAGES)
    assert {n.code for g in gaps for n in g.blocked_by_hasil} <= set(NEED_CODES)
    data = result.to_dict()
    json.dumps(data)
    wbk = data["verdicts"]["WBK"]
    assert all("label" not in c for c in wbk["criteria"])
    assert wbk["warnings"][0] == {"code": "incomplete", "params": {"answered": 112, "total": 113}}


def test_every_criterion_has_a_label_in_both_languages() -> None:
    for language, total, area in (
        ("id", "Nilai total (pengungkit + hasil)", "Area 3 {} (% dari bobot area)"),
        ("en", "Total score (enablers + results)", "Area 3 {} (% of the area weight)"),
    ):
        with translation.override(language):
            assert criterion_label(SPEC, "total") == total
            # The area's name is the regulation's, in every language.
            assert criterion_label(SPEC, "area_3", 3) == area.format(SPEC.area_by_no[3].name)
            for key in CRITERION_KEYS:
                if key != "area":
                    assert criterion_label(SPEC, key) != key


def test_warnings_in_english_and_indonesian() -> None:
    cases = [
        (
            VerdictWarning("incomplete", {"answered": 80, "total": 113}),
            "Penilaian belum lengkap (80 dari 113 isian terjawab): hasil ini sementara.",
            "Assessment incomplete (80 of 113 inputs answered): this result is provisional.",
        ),
        (
            VerdictWarning(
                "half_below_min", {"area": 1, "part": "reform", "pct": D(25), "min": D(60)}
            ),
            "Area 1 Manajemen Perubahan: reform 25,00% dari bobot reform, di bawah 60,00% bila "
            "syarat dibaca per bagian (hanya peringatan; syarat resmi dihitung per area).",
            "Area 1 Manajemen Perubahan: reform 25.00% of the reform weight, below 60.00% when "
            "the requirement is read per part (a warning only; the official requirement is "
            "counted per area).",
        ),
        (
            VerdictWarning("zero_denominator", {"codes": ("A.II.4.i.a", "A.II.1.i.b")}),
            "Aturan penyebut nol dipakai pada A.II.4.i.a, A.II.1.i.b; periksa data dukungnya.",
            "Zero-denominator rule applied to A.II.4.i.a, A.II.1.i.b; check their supporting data.",
        ),
    ]
    for warning, indonesian, english in cases:
        with translation.override("id"):
            assert warning_text(SPEC, warning) == indonesian
        with translation.override("en"):
            assert warning_text(SPEC, warning) == english


def test_hasil_needs_and_gap_messages_in_english() -> None:
    params = {"input": "B.I.a", "index": D("3.6")}
    need = HasilNeed("ipak", D(14), D("15.75"), "survey_index", D("3.6"), params)
    with translation.override("id"):
        assert need_text(need) == "indeks survei B.I.a minimal 3,60"
    with translation.override("en"):
        assert need_text(need) == "survey index B.I.a of at least 3.60"
    mixed = score(SPEC, MIXED)
    assert [g.message for g in mixed.gap.values()] == ["hasil_only", "steps_and_hasil"]
    only_hasil = score(SPEC, with_answers(worked_example(), indices={"B.I.a": D("3.59")}))
    assert only_hasil.gap["WBK"].message == "hasil_only"
    # Area 6 at 6.25 of 10: WBBM misses only its area minimum, which answers can reach.
    steps_case = with_answers(worked_example(), choices={"A.II.6.ii.a": "D", "A.II.6.i.a": "D"})
    steps = score(SPEC, steps_case)
    assert steps.gap["WBBM"].message == "steps_only"
    with translation.override("en"):
        assert gap_message(SPEC, only_hasil.gap["WBK"]).startswith(
            "The enablers component already meets the WBK requirements."
        )
        text = gap_message(SPEC, steps.gap["WBBM"])
        assert re.fullmatch(
            r"Take the 2 answer steps below \(adding \d+\.\d\d enabler points\) to reach WBBM\.",
            text,
        ), text
    with translation.override("id"):
        assert "hanya komponen hasil" in gap_message(SPEC, only_hasil.gap["WBK"])
        assert gap_message(SPEC, steps.gap["WBBM"]).startswith("Naikkan 2 langkah jawaban")


# --------------------------------------------------------------------------- CLI


def test_the_catalogue_check_finds_indonesian_text() -> None:
    assert len(presenter_catalogue()) > 40
    with translation.override("id"):
        text = score_text(mixed_result())
    found = untranslated(text, SPEC)
    assert any("belum lengkap" in f for f in found)
    assert any("penyebut nol" in f for f in found)
    assert ID_DECIMAL.search(text)


@pytest.mark.django_db  # lke score reads the active framework version
def test_lke_score_text_in_english_has_no_indonesian_sentence(tmp_path: Path) -> None:
    path = write_doc(tmp_path, MIXED)
    out, _ = call_lke("score", "--input", str(path), "--format", "text", "--language", "en")
    assert untranslated(out, SPEC) == []
    assert not ID_DECIMAL.search(out), ID_DECIMAL.findall(out)
    assert EN_DECIMAL.search(out)
    lines = out.splitlines()
    assert "Predicate WBK: NOT YET (final)" in lines
    assert any(line.startswith("Total score") for line in lines)
    assert any(line.startswith("  Warning: Area 1 Manajemen Perubahan: reform") for line in lines)
    assert any(line.startswith("  Steps towards WBBM: Take the") for line in lines)
    assert "survey index B.I.a of at least 3.60" in out


@pytest.mark.django_db  # lke score reads the active framework version
def test_lke_score_text_defaults_to_indonesian(tmp_path: Path) -> None:
    path = write_doc(tmp_path, MIXED)
    out, _ = call_lke("score", "--input", str(path), "--format", "text")
    assert "Predikat WBK: BELUM (final)" in out.splitlines()
    assert "indeks survei B.I.a minimal 3,60" in out
    assert "  Langkah menuju WBBM: Naikkan 3 langkah jawaban berikut" in out
    assert not EN_DECIMAL.search(out.split("\n", 1)[1])  # the first line names the framework


@pytest.mark.django_db  # lke score reads the active framework version
def test_lke_score_json_text_follows_the_language(tmp_path: Path) -> None:
    path = write_doc(tmp_path, MIXED)
    out, _ = call_lke("score", "--input", str(path), "--language", "en")
    data = json.loads(out)
    wbk = data["verdicts"]["WBK"]
    assert wbk["criteria"][0]["label"] == "Total score (enablers + results)"
    assert wbk["criteria"][2]["label"] == "Area 1 Manajemen Perubahan (% of the area weight)"
    assert wbk["criteria"][2]["area"] == 1
    assert wbk["warning_codes"][0] == {
        "code": "half_below_min",
        "params": {"area": 1, "part": "reform", "pct": 50.0, "min": 60.0},
    }
    assert wbk["warnings"][0].startswith("Area 1 Manajemen Perubahan: reform 50.00% of the")
    details = data["gap_details"]["WBK"]
    assert details["message_code"] == "hasil_only"
    assert details["message"].startswith("The enablers component already meets the WBK")
    needs = details["blocked_by_hasil"]
    assert [n["code"] for n in needs] == ["hasil_b_i_points", "survey_index", "survey_index"]
    assert needs[2]["params"] == {"input": "B.II.a", "index": 3.2}
    assert needs[2]["label"] == "Results: excellent public service (IPKP, B.II.a)"
    assert needs[2]["needed"] == "survey index B.II.a of at least 3.20"
    # The text of the document (its keys and codes are data, the same in every language).
    texts = [c["label"] for v in data["verdicts"].values() for c in v["criteria"]]
    texts += [w for v in data["verdicts"].values() for w in v["warnings"]]
    texts += [g["message"] for g in data["gap_details"].values()]
    texts += [f"{n['label']}: {n['needed']}" for g in data["gap_details"].values()
              for n in g["blocked_by_hasil"]]  # fmt: skip
    assert len(texts) > 30
    assert untranslated("\n".join(texts), SPEC) == []
    assert not ID_DECIMAL.search("\n".join(texts))
    with translation.override("id"):
        indonesian = score_document(score(SPEC, MIXED))
    assert indonesian["verdicts"]["WBK"]["warnings"][0].startswith(
        "Area 1 Manajemen Perubahan: reform 50,00% dari bobot reform"
    )
    assert indonesian["gap_details"]["WBK"]["blocked_by_hasil"][2]["needed"] == (
        "indeks survei B.II.a minimal 3,20"
    )
