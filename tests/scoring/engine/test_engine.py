"""The scoring engine against numbers worked out by hand from LKE-RULES.md (no database)."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest
from django.utils import translation

from scoring.engine import AnswerSet, FrameworkSpec, ScoreResult, Verdict, score
from scoring.engine.inputs import parse_json
from scoring.presenters import format_id, gap_message, score_document, warning_text
from tests.scoring.builders import (
    SPEC,
    WORKED_COUNTS,
    best_choices,
    choice_codes,
    counts_at_full,
    percentage_codes,
    with_answers,
    worked_example,
    worst_label,
)

D = Decimal


def warning_texts(verdict: Verdict) -> list[str]:
    """The verdict's warnings as the presenter writes them in Bahasa Indonesia."""
    with translation.override("id"):
        return [warning_text(SPEC, w) for w in verdict.warnings]


def run(answers: AnswerSet) -> ScoreResult:
    return score(SPEC, answers)


def criteria(result: ScoreResult, predicate: str) -> dict[str, bool]:
    return {c.key: c.passed for c in result.verdicts[predicate].criteria}


def failing(result: ScoreResult, predicate: str) -> list[str]:
    return [k for k, ok in criteria(result, predicate).items() if not ok]


def zeroed(base: AnswerSet, *indicators: str) -> AnswerSet:
    """``base`` with every question of the given choice-only indicators at its worst option."""
    codes = [c for i in indicators for c in SPEC.indicators[i].question_codes]
    return with_answers(base, choices={c: worst_label(SPEC.questions[c]) for c in codes})


# --------------------------------------------------------------------------- the framework


def test_framework_shape_matches_the_regulation() -> None:
    types = [q.answer_type for q in SPEC.questions.values()]
    assert len(SPEC.areas) == 6
    assert len(SPEC.indicators) == 42
    assert len(SPEC.questions) == 110
    assert len(SPEC.input_codes) == 113
    assert SPEC.input_codes[-3:] == ("B.I.a", "B.I.b", "B.II.a")
    assert (types.count("ya_tidak"), types.count("abc"), types.count("abcd")) == (17, 36, 33)
    assert (types.count("abcde"), types.count("persen")) == (16, 8)
    assert [a.weight for a in SPEC.areas] == [D(8), D(7), D(10), D(10), D(15), D(10)]
    assert SPEC.pengungkit_max == D(60)
    assert SPEC.rulesets["WBK"].ipak_min == D("15.75")


def test_a_ratio_without_zero_denominator_rule_is_refused() -> None:
    with open("fixtures/lke-permenpanrb-90-2021.json", encoding="utf-8") as fh:
        data = json.load(fh)
    question = data["areas"][0]["parts"][1]["indicators"][0]["questions"][0]
    assert question["code"] == "A.II.1.i.a"
    question["zero_denominator"] = {"value": None}
    with pytest.raises(ValueError, match=r"A\.II\.1\.i\.a"):
        FrameworkSpec.from_dict(data)


# --------------------------------------------------------------------------- answer values


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("A.I.1.i.a", {"Ya": "1", "Tidak": "0"}),
        ("A.I.1.i.b", {"A": "1", "B": "0.5", "C": "0"}),
        ("A.I.1.iii.a", {"A": "1", "B": "0.67", "C": "0.33", "D": "0"}),
        ("A.II.1.ii.a", {"A": "1", "B": "0.75", "C": "0.5", "D": "0.25", "E": "0"}),
    ],
)
def test_each_choice_type_has_its_literal_values(code: str, expected: dict[str, str]) -> None:
    assert [o.label for o in SPEC.questions[code].options] == list(expected)
    for label, value in expected.items():
        result = run(AnswerSet(choices={code: label}))
        assert result.questions[code].value == D(value)
        assert result.answered == 1


def test_single_question_indicator_is_weight_times_value() -> None:
    result = run(AnswerSet(choices={"A.II.1.ii.a": "B", "A.II.5.i.a": "C"}))
    assert result.indicators["A.II.1.ii"] == D("0.75")  # 1.00 x 0.75
    assert result.indicators["A.II.5.i"] == D("1.25")  # 2.50 x 0.5
    assert result.areas[5].reform == D("1.25")


def test_abcd_uses_literal_067_and_033_not_thirds() -> None:
    # The published SOP indicator of 80.67 %: B (A/B/C/D), B (A-E), A (A-E).
    result = run(AnswerSet(choices={"A.I.2.i.a": "B", "A.I.2.i.b": "B", "A.I.2.i.c": "A"}))
    value = result.indicators["A.I.2.i"]
    assert value.quantize(D("1e-12")) == D("0.806666666667")  # (0.67 + 0.75 + 1) / 3 x 1
    assert format_id(value * 100) == "80,67"  # 2/3 would give 80,56
    assert result.areas[2].pemenuhan == value


def test_indicator_averages_answered_questions_only() -> None:
    # A.I.1.iv (1.50): a Ya (1), d C on A/B/C/D (0.33); b and c blank.
    result = run(AnswerSet(choices={"A.I.1.iv.a": "Ya", "A.I.1.iv.d": "C"}))
    assert result.indicators["A.I.1.iv"] == D("0.9975")  # 1.5 x (1 + 0.33) / 2
    assert result.indicators_conservative["A.I.1.iv"] == D("0.49875")  # 1.5 x 1.33 / 4
    assert result.indicators["A.I.1.iii"] == 0  # nothing answered
    assert result.conservative_total == D("0.49875")
    assert result.total == D("0.9975")


# --------------------------------------------------------------------------- percentages


def test_ratio_is_numerator_over_denominator() -> None:
    counts = {"A.II.1.i.a": {"jumlah_agen_perubahan": 7, "jumlah_perubahan_dibuat": 5}}
    result = run(AnswerSet(counts=counts))
    value = result.questions["A.II.1.i.a"].value
    assert value is not None
    assert value.quantize(D("1e-12")) == D("0.714285714286")  # 5 / 7
    assert result.questions["A.II.1.i.a"].zero_denominator_applied is False
    # The only answered question of an indicator weighing 2.00: 10 / 7.
    assert result.indicators["A.II.1.i"].quantize(D("1e-12")) == D("1.428571428571")


def test_ratio_is_capped_at_one() -> None:
    counts = {"A.II.4.i.a": {"jumlah_sasaran_kinerja": 4, "jumlah_sasaran_tercapai_100": 9}}
    assert run(AnswerSet(counts=counts)).questions["A.II.4.i.a"].value == 1


@pytest.mark.parametrize(
    ("code", "counts", "expected"),
    [
        # 0 change agents, 0 changes made, 0 targets, 0 services listed: nothing done -> 0.
        ("A.II.1.i.a", {"jumlah_agen_perubahan": 0, "jumlah_perubahan_dibuat": 3}, "0"),
        ("A.II.1.i.b", {"jumlah_perubahan_dibuat": 0, "jumlah_perubahan_terintegrasi": 0}, "0"),
        ("A.II.4.i.a", {"jumlah_sasaran_kinerja": 0, "jumlah_sasaran_tercapai_100": 0}, "0"),
        (
            "A.II.6.i.b",
            {"jumlah_perizinan_pelayanan_terdata": 0, "jumlah_perizinan_pelayanan_dipermudah": 0},
            "0",
        ),
        # 0 complaints to follow up, nobody obliged to report: nothing required -> 1.
        (
            "A.II.5.ii.a",
            {
                "pengaduan_harus_ditindaklanjuti": 0,
                "pengaduan_sedang_diproses": 0,
                "pengaduan_selesai_ditindaklanjuti": 0,
            },
            "1",
        ),
        (
            "A.II.5.iii.a",
            {
                "lhkpn_wajib_kepala_satker": 0,
                "lhkpn_wajib_pejabat_wajib_lhkpn": 0,
                "lhkpn_wajib_lainnya": 0,
                "lhkpn_sudah_melaporkan": 0,
            },
            "1",
        ),
        (
            "A.II.5.iii.b",
            {
                "lhkasn_wajib_administrator_eselon3": 0,
                "lhkasn_wajib_pengawas_eselon4": 0,
                "lhkasn_wajib_fungsional_pelaksana": 0,
                "lhkasn_sudah_melaporkan": 0,
            },
            "1",
        ),
    ],
)
def test_zero_denominator_rules(code: str, counts: dict[str, int], expected: str) -> None:
    result = run(AnswerSet(counts={code: counts}))
    assert result.questions[code].value == D(expected)
    assert result.questions[code].zero_denominator_applied is True
    assert result.zero_denominator_codes == (code,)
    for verdict in result.verdicts.values():
        assert any(code in w and "penyebut nol" in w for w in warning_texts(verdict))
        zero = [w.params["codes"] for w in verdict.warnings if w.code == "zero_denominator"]
        assert zero == [(code,)]


@pytest.mark.parametrize(
    ("previous", "current", "expected", "zero_rule"),
    [
        (4, 1, "0.75", False),  # (4 - 1) / 4
        (4, 6, "0", False),  # more violations than last year: max(0, -0.5)
        (3, 0, "1", False),
        (0, 0, "1", True),  # the regulation's own case
        (0, 3, "0", True),  # Excel: #DIV/0!; the portal's rule
    ],
)
def test_decline_formula(previous: int, current: int, expected: str, zero_rule: bool) -> None:
    counts = {
        "A.II.3.iii.a": {
            "pelanggaran_tahun_sebelumnya": previous,
            "pelanggaran_tahun_ini": current,
            "pelanggaran_diberi_sanksi": 1,
        }
    }
    result = run(AnswerSet(counts=counts))
    assert result.questions["A.II.3.iii.a"].value == D(expected)
    assert result.questions["A.II.3.iii.a"].zero_denominator_applied is zero_rule
    assert result.indicators["A.II.3.iii"] == 2 * D(expected)


def test_percentage_needs_every_input_even_unused_ones() -> None:
    # The sanction count and "sedang diproses" are not in the formulas, but the sheet needs them.
    counts = {
        "A.II.3.iii.a": {"pelanggaran_tahun_sebelumnya": 2, "pelanggaran_tahun_ini": 1},
        "A.II.5.ii.a": {
            "pengaduan_harus_ditindaklanjuti": 4,
            "pengaduan_selesai_ditindaklanjuti": 4,
        },
    }
    result = run(AnswerSet(counts=counts))
    assert result.questions["A.II.3.iii.a"].value is None
    assert result.questions["A.II.5.ii.a"].value is None
    assert result.answered == 0
    assert result.total == 0


def test_lhk_indicator_averages_lhkpn_and_lhkasn_with_split_denominators() -> None:
    counts = {
        "A.II.5.iii.a": {  # 2 of 1 + 2 + 0 obliged
            "lhkpn_wajib_kepala_satker": 1,
            "lhkpn_wajib_pejabat_wajib_lhkpn": 2,
            "lhkpn_wajib_lainnya": 0,
            "lhkpn_sudah_melaporkan": 2,
        },
        "A.II.5.iii.b": {  # 4 of 0 + 0 + 4
            "lhkasn_wajib_administrator_eselon3": 0,
            "lhkasn_wajib_pengawas_eselon4": 0,
            "lhkasn_wajib_fungsional_pelaksana": 4,
            "lhkasn_sudah_melaporkan": 4,
        },
    }
    result = run(AnswerSet(counts=counts))
    lhkpn = result.questions["A.II.5.iii.a"].value
    assert lhkpn is not None
    assert lhkpn.quantize(D("1e-12")) == D("0.666666666667")
    assert result.questions["A.II.5.iii.b"].value == 1
    # 2.00 x (2/3 + 1) / 2 = 5/3
    assert result.indicators["A.II.5.iii"].quantize(D("1e-12")) == D("1.666666666667")


# --------------------------------------------------------------------------- whole assessments


def test_worked_example_of_the_regulation_scores_exactly_100() -> None:
    result = run(worked_example(prior_wbk=True))
    assert result.total == D("100")
    assert result.pengungkit == D("60")
    assert (result.pemenuhan, result.reform) == (D("30"), D("30"))
    assert result.hasil.total == D("40")
    assert (result.hasil.bersih_akuntabel, result.hasil.pelayanan_prima) == (D("22.5"), D("17.5"))
    assert all(a.pct == 100 for a in result.areas.values())
    assert result.indicators["A.II.5.iii"] == D(2)
    assert result.conservative_total == D("100")
    assert (result.answered, result.complete) == (113, True)
    for predicate in ("WBK", "WBBM"):
        verdict = result.verdicts[predicate]
        assert verdict.passed and verdict.final
        assert verdict.warnings == ()
        assert result.gap[predicate].steps == ()


def test_worst_answers_with_all_counts_zero() -> None:
    choices = {c: worst_label(SPEC.questions[c]) for c in choice_codes()}
    counts = {c: dict.fromkeys(SPEC.questions[c].input_keys, 0) for c in percentage_codes()}
    result = run(
        AnswerSet(
            choices={**choices, "B.I.b": "E"},
            counts=counts,
            indices={"B.I.a": D(0), "B.II.a": D(0)},
        )
    )
    # By the zero-denominator rules: agents/changes/targets/services 0 -> 0; complaints and both
    # LHK 0 -> 1; violations 0 -> 0 -> 1. So only A.II.3.iii (2.00 x 1), A.II.5.ii (3.00 x 1)
    # and A.II.5.iii (2.00 x avg(1, 1)) score; every choice is 0 and A.II.6.i is avg(0, 0).
    assert result.indicators["A.II.3.iii"] == 2
    assert result.indicators["A.II.5.ii"] == 3
    assert result.indicators["A.II.5.iii"] == 2
    assert result.indicators["A.II.1.i"] == 0
    assert result.indicators["A.II.6.i"] == 0
    assert result.pengungkit == D(7)
    assert (result.pemenuhan, result.reform) == (0, 7)
    assert result.areas[3].pct == 20  # 2 of 10
    assert result.areas[5].score == 5
    assert result.hasil.total == 0
    assert result.total == D(7)
    assert result.complete
    assert set(result.zero_denominator_codes) == set(percentage_codes())
    assert not result.verdicts["WBK"].passed


# --------------------------------------------------------------------------- boundaries


def at_every_minimum() -> AnswerSet:
    """Total exactly 75, pengungkit 42.75, area 4 exactly 60 %, hasil exactly at its minimums.

    Dropped to 0: area 1 A.I.1.iii, A.II.1.ii, A.II.1.iii (3 of 8); area 2 A.I.2.ii, A.II.2.i
    (2.5 of 7); area 3 A.I.3.iv, A.II.3.i, A.I.3.vi (3.75 of 10); area 4 A.I.4.i, A.II.4.ii
    (4 of 10); area 5 A.I.5.i (1.5 of 15); area 6 A.II.6.ii (2.5 of 10): 17.25 in all.
    Hasil: IPAK 3.60 -> 15.75, kinerja C -> 2.50, IPKP 3.20 -> 14.00: 32.25.
    """
    base = with_answers(
        worked_example(prior_wbk=False),
        choices={"B.I.b": "C"},
        indices={"B.I.a": D("3.60"), "B.II.a": D("3.20")},
    )
    return zeroed(
        base,
        "A.I.1.iii",
        "A.II.1.ii",
        "A.II.1.iii",
        "A.I.2.ii",
        "A.II.2.i",
        "A.I.3.iv",
        "A.II.3.i",
        "A.I.3.vi",
        "A.I.4.i",
        "A.II.4.ii",
        "A.I.5.i",
        "A.II.6.ii",
    )


def test_everything_exactly_at_the_wbk_minimum_passes() -> None:
    result = run(at_every_minimum())
    assert result.pengungkit == D("42.75")
    assert result.hasil.total == D("32.25")
    assert result.total == D("75")
    assert result.areas[4].pct == 60
    assert result.hasil.b_i_a == D("15.75")
    assert result.hasil.b_i_b == D("2.5")
    assert result.hasil.bersih_akuntabel == D("18.25")
    assert result.hasil.pelayanan_prima == D("14")
    wbk = result.verdicts["WBK"]
    assert wbk.passed
    assert all(c.missing == 0 for c in wbk.criteria)


def test_total_just_under_75_fails_only_the_total() -> None:
    # A.I.1.i.b A -> B: A.I.1.i = 0.5 x (1 + 0.5) / 2 = 0.375, 0.125 less.
    result = run(with_answers(at_every_minimum(), choices={"A.I.1.i.b": "B"}))
    assert result.total == D("74.875")
    assert failing(result, "WBK") == ["total"]
    assert result.verdicts["WBK"].criterion("total").missing == D("0.125")
    gap = result.gap["WBK"]
    # Any step covers 0.125; the largest is A.II.6.ii.a D -> C: 2.50 x 0.33.
    assert [(s.question, s.from_, s.to, s.gain) for s in gap.steps] == [
        ("A.II.6.ii.a", "D", "C", D("0.825"))
    ]
    assert gap.reached
    assert gap.blocked_by_hasil == ()


def area_4_at_60() -> AnswerSet:
    return zeroed(worked_example(), "A.I.4.i", "A.II.4.ii")  # 6 of 10


def test_area_exactly_60_percent_passes_and_just_under_fails() -> None:
    result = run(area_4_at_60())
    assert result.areas[4].score == 6
    assert result.areas[4].pct == 60
    assert result.verdicts["WBK"].passed
    assert failing(result, "WBBM") == ["area_4"]  # WBBM needs 75 %

    # A.I.4.ii.h A -> B: A.I.4.ii = 2.5 x 7.5 / 8 = 2.34375; area 4 = 5.84375 of 10.
    lower = run(with_answers(area_4_at_60(), choices={"A.I.4.ii.h": "B"}))
    assert lower.areas[4].pct == D("58.4375")
    assert failing(lower, "WBK") == ["area_4"]
    area = lower.verdicts["WBK"].criterion("area_4")
    assert (area.value, area.min, area.missing) == (D("58.4375"), D(60), D("1.5625"))
    assert area.missing_points == D("0.15625")
    # Every area-4 step covers 0.15625; ties go to the largest gain, A.II.4.ii.a D -> C
    # (1.50 x 0.33 = 0.495) ahead of A.I.4.i.a C -> B (2.50 x 0.5 / 3).
    steps = lower.gap["WBK"].steps
    assert [(s.question, s.to, s.gain) for s in steps] == [("A.II.4.ii.a", "C", D("0.495"))]


@pytest.mark.parametrize(
    ("index", "passes", "ipak"),
    [("3.60", True, "15.75"), ("3.59", False, "15.70625"), ("4", True, "17.5")],
)
def test_ipak_index_boundary(index: str, passes: bool, ipak: str) -> None:
    result = run(with_answers(worked_example(), indices={"B.I.a": D(index)}))
    assert result.hasil.b_i_a == D(ipak)  # index / 4 x 17.5
    assert result.verdicts["WBK"].passed is passes
    assert result.verdicts["WBBM"].passed is passes
    assert failing(result, "WBK") == ([] if passes else ["ipak"])


def test_ipak_shortfall_is_blocked_by_hasil_only() -> None:
    result = run(with_answers(worked_example(), indices={"B.I.a": D("3.59")}))
    gap = result.gap["WBK"]
    assert gap.steps == ()
    assert [(b.key, b.needed_value) for b in gap.blocked_by_hasil] == [("ipak", D("3.6"))]
    assert gap.message == "hasil_only"
    with translation.override("id"):
        assert "hanya komponen hasil" in gap_message(SPEC, gap)


@pytest.mark.parametrize(
    ("label", "kinerja", "wbk", "wbbm"),
    [
        ("A", "5", True, True),
        ("B", "3.75", True, True),
        ("C", "2.5", True, False),
        ("D", "1.25", False, False),
        ("E", "0", False, False),
    ],
)
def test_kinerja(label: str, kinerja: str, wbk: bool, wbbm: bool) -> None:
    result = run(with_answers(worked_example(), choices={"B.I.b": label}))
    assert result.hasil.b_i_b == D(kinerja)
    assert result.verdicts["WBK"].passed is wbk
    assert result.verdicts["WBBM"].passed is wbbm
    if label == "C":
        assert failing(result, "WBBM") == ["kinerja"]
        needs = result.gap["WBBM"].blocked_by_hasil
        assert [(n.key, n.needed_value) for n in needs] == [("kinerja", "B")]


@pytest.mark.parametrize(
    ("index", "wbk", "wbbm", "score_"),
    [
        ("3.20", True, False, "14"),
        ("3.19", False, False, "13.95625"),
        ("3.60", True, True, "15.75"),
    ],
)
def test_pelayanan_prima_index(index: str, wbk: bool, wbbm: bool, score_: str) -> None:
    result = run(with_answers(worked_example(), indices={"B.II.a": D(index)}))
    assert result.hasil.pelayanan_prima == D(score_)
    assert result.verdicts["WBK"].passed is wbk
    assert result.verdicts["WBBM"].passed is wbbm
    if not wbbm:
        assert failing(result, "WBBM") == ["pelayanan_prima"]


def test_wbbm_needs_a_prior_wbk() -> None:
    result = run(worked_example(prior_wbk=False))
    assert result.verdicts["WBK"].passed
    assert failing(result, "WBBM") == ["prior_wbk"]
    prior = result.verdicts["WBBM"].criterion("prior_wbk")
    assert (prior.value, prior.min, prior.missing) == (False, True, None)
    assert [b.key for b in result.gap["WBBM"].blocked_by_hasil] == ["prior_wbk"]


def test_criteria_come_in_the_documented_order() -> None:
    result = run(worked_example())
    keys = ["total", "pengungkit", *(f"area_{n}" for n in range(1, 7))]
    keys += ["bersih_akuntabel", "ipak", "kinerja", "pelayanan_prima"]
    assert [c.key for c in result.verdicts["WBK"].criteria] == keys
    assert [c.key for c in result.verdicts["WBBM"].criteria] == [*keys, "prior_wbk"]


def test_per_half_reading_is_a_warning_only() -> None:
    # Area 1: pemenuhan 4 of 4, reform 1 of 4 (A.II.1.i at 0, A.II.1.ii A, A.II.1.iii D):
    # 62.5 % of the area passes; the reform half alone is 25 %.
    answers = with_answers(
        worked_example(),
        choices={"A.II.1.iii.a": "D"},
        counts={
            "A.II.1.i.a": {"jumlah_agen_perubahan": 3, "jumlah_perubahan_dibuat": 0},
            "A.II.1.i.b": {"jumlah_perubahan_dibuat": 3, "jumlah_perubahan_terintegrasi": 0},
        },
    )
    result = run(answers)
    assert result.areas[1].pct == D("62.5")
    verdict = result.verdicts["WBK"]
    assert verdict.passed
    assert len(verdict.warnings) == 1
    assert verdict.warnings[0].code == "half_below_min"
    assert verdict.warnings[0].params == {
        "area": 1,
        "part": "reform",
        "pct": D(25),
        "min": D(60),
    }
    assert "Area 1" in warning_texts(verdict)[0]
    assert "reform 25,00%" in warning_texts(verdict)[0]


# --------------------------------------------------------------------------- incomplete input


def test_fifty_answers_are_provisional_with_a_lower_conservative_total() -> None:
    codes = choice_codes()[:50]
    best = best_choices()
    doc = {"framework": SPEC.code, "answers": {c: best[c] for c in codes}}
    answers, issues = parse_json(json.dumps(doc), SPEC)
    assert issues == []
    result = run(answers)
    with translation.override("id"):
        data = score_document(result)  # to_dict() with the presenter's text
    assert (data["complete"], data["answered"], data["inputs_total"]) == (False, 50, 113)
    for predicate in ("WBK", "WBBM"):
        assert data["verdicts"][predicate]["final"] is False
        assert data["verdicts"][predicate]["status"] == "provisional"
        assert "belum lengkap (50 dari 113" in data["verdicts"][predicate]["warnings"][0]
    assert data["conservative_total"] < data["total"]
    # Every answered question is at 1, so the official score is the full weight of each indicator
    # touched, while the conservative one counts only the answered share of it.
    touched = {SPEC.questions[c].indicator_code for c in codes}
    assert result.pengungkit == sum(SPEC.indicators[i].weight for i in touched)


# --------------------------------------------------------------------------- gap analysis


def near_seventy() -> AnswerSet:
    """A complete unit whose hasil passes WBK while pengungkit (and so the total) falls short."""
    choices: dict[str, str] = {}
    for n, code in enumerate(choice_codes()):
        options = sorted(SPEC.questions[code].options, key=lambda o: -o.value)
        # Cycle B, C, D, A, ... (capped at each type's worst option): total about 69.
        choices[code] = options[min((n + 1) % 4, len(options) - 1)].label
    return AnswerSet(
        choices={**choices, "B.I.b": "B"},
        counts={c: dict(v) for c, v in WORKED_COUNTS.items()},
        indices={"B.I.a": D("3.7"), "B.II.a": D("3.4")},
    )


def apply(answers: AnswerSet, steps: list[tuple[str, str]]) -> AnswerSet:
    choices = dict(answers.choices)
    counts = {c: dict(v) for c, v in answers.counts.items()}
    for code, to in steps:
        q = SPEC.questions[code]
        if q.is_percentage:
            assert to == "100%"
            counts[code] = counts_at_full(q, counts.get(code))
        else:
            choices[code] = to
    return AnswerSet(choices, counts, dict(answers.indices), answers.prior_wbk)


def test_gap_steps_for_a_unit_near_70_cover_the_missing_points() -> None:
    answers = near_seventy()
    result = run(answers)
    assert result.complete
    assert D(68) <= result.total <= D(72)
    assert not result.verdicts["WBK"].passed
    missing = result.verdicts["WBK"].criterion("total").missing
    assert isinstance(missing, Decimal) and missing > 0
    gap = result.gap["WBK"]
    assert gap.reached and gap.blocked_by_hasil == ()
    assert sum(s.gain for s in gap.steps) >= missing
    # The plan really works: applying it passes WBK, and its gains are the exact increase.
    after = run(apply(answers, [(s.question, s.to) for s in gap.steps]))
    assert after.verdicts["WBK"].passed
    assert after.pengungkit - result.pengungkit == gap.steps_gain
    # The ranked list is every single step from the current answers, best first.
    gains = [s.gain for s in gap.ranked]
    assert gains == sorted(gains, reverse=True)
    assert all(g > 0 for g in gains)
    exported = result.to_dict()["gap"]["WBK"]
    assert [s["question"] for s in exported] == [s.question for s in gap.steps]
    assert set(exported[0]) >= {"question", "from", "to", "gain"}


def test_gap_raises_an_unanswered_question_straight_to_its_best() -> None:
    answers = with_answers(worked_example(), choices={"B.I.b": "A"})
    del answers.choices["A.II.6.ii.a"]  # indicator A.II.6.ii (2.50) now scores 0
    result = run(answers)
    assert result.total == D("97.5")
    assert result.verdicts["WBK"].passed
    first = result.gap["WBBM"].ranked
    assert first == ()  # WBBM passes too: no gap to close
    # Knock the unit under WBBM with pengungkit and check the blank shows as "from": None.
    lower = zeroed(answers, "A.I.6.i")  # area 6 now 6.5 of 10: under 75 %
    result = run(lower)
    steps = {(s.question, s.from_, s.to): s.gain for s in result.gap["WBBM"].ranked}
    assert steps[("A.II.6.ii.a", None, "A")] == D("2.5")


def test_gap_to_dict_shape_and_passing_predicates_have_no_steps() -> None:
    data = run(worked_example(prior_wbk=False)).to_dict()
    assert data["gap"]["WBK"] == []
    assert data["gap"]["WBBM"] == []  # only prior_wbk is missing
    details = data["gap_details"]["WBBM"]
    assert details["blocked_by_hasil"][0]["key"] == "prior_wbk"
    json.dumps(data)


def test_unscorable_answers_are_refused() -> None:
    with pytest.raises(ValueError, match=r"A\.I\.1\.i\.a"):
        run(AnswerSet(choices={"A.I.1.i.a": "B"}))
    with pytest.raises(ValueError, match=r"B\.I\.a"):
        run(AnswerSet(indices={"B.I.a": D("4.01")}))
    negative = {"jumlah_sasaran_kinerja": 2, "jumlah_sasaran_tercapai_100": -1}
    with pytest.raises(ValueError, match=r"A\.II\.4\.i\.a"):
        run(AnswerSet(counts={"A.II.4.i.a": negative}))


def test_to_dict_has_the_documented_shape() -> None:
    data = run(worked_example()).to_dict()
    for key in (
        "framework",
        "complete",
        "answered",
        "inputs_total",
        "questions",
        "indicators",
        "areas",
        "pemenuhan",
        "reform",
        "pengungkit",
        "hasil",
        "total",
        "conservative_total",
        "verdicts",
        "gap",
    ):
        assert key in data
    assert data["framework"] == "permenpanrb-90-2021"
    assert len(data["questions"]) == 110
    assert len(data["indicators"]) == 42
    assert list(data["areas"]) == ["1", "2", "3", "4", "5", "6"]
    assert set(data["areas"]["1"]) == {"name", "weight", "pemenuhan", "reform", "score", "pct"}
    assert set(data["hasil"]) == {
        "B.I.a",
        "B.I.b",
        "B.II.a",
        "bersih_akuntabel",
        "pelayanan_prima",
        "total",
    }
    assert data["total"] == 100.0
    criterion = data["verdicts"]["WBK"]["criteria"][0]
    assert {"key", "value", "min", "pass", "missing"} <= set(criterion)
    assert data["verdicts"]["WBK"]["pass"] is True
    assert data["verdicts"]["WBK"]["warnings"] == []


def test_format_id_uses_indonesian_separators() -> None:
    assert format_id(D("55.575")) == "55,58"
    assert format_id(D("1234.5")) == "1.234,50"
    assert format_id(D(0)) == "0,00"
