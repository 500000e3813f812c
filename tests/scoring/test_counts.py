"""Counts of percentage questions: one parser for save, preview and imports, an upper bound
(LKE_COUNT_MAX), and the numerator-above-denominator warning on ratio questions."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from django.core.management.base import CommandError
from django.urls import reverse
from django.utils import translation

from scoring.engine.inputs import COUNT_MAX, CountError, count_value, parse_document
from scoring.engine.workbook import read_workbook
from scoring.framework import TEMPLATE_PATH
from scoring.models import Answer, Side
from scoring.transfer import workbook as lke_workbook
from tests.conftest import World
from tests.scoring.builders import SPEC, call_lke
from tests.scoring.services.test_answers import PERCENT_CODE, set_status

DEN = "jumlah_agen_perubahan"  # A.II.1.i.a: perubahan dibuat / agen perubahan
NUM = "jumlah_perubahan_dibuat"
DEN_ROW, NUM_ROW = "K129", "K130"
TOO_MANY = COUNT_MAX + 1

WARNING_ID = "Jumlah Perubahan yang dibuat (35) melebihi Jumlah Agen Perubahan (30)"
WARNING_EN = "Jumlah Perubahan yang dibuat (35) is more than Jumlah Agen Perubahan (30)"


def preview_url(world: World) -> str:
    return reverse("scoring:percentage_preview", args=[world.own.pk, PERCENT_CODE])


def save_url(world: World, side: str = "unit") -> str:
    return reverse("scoring:answer_save", args=[world.own.pk, PERCENT_CODE, side])


def page_url(world: World) -> str:
    return reverse("scoring:question", args=[world.own.pk, PERCENT_CODE])


def text(response: Any) -> str:
    return html.unescape(response.content.decode())


def preview(world: World, numerator: str, denominator: str = "30", persona: str = "tim_kerja"):
    return world.client(persona).post(
        preview_url(world),
        {"prefix": "unit", f"unit-count_{DEN}": denominator, f"unit-count_{NUM}": numerator},
    )


def post_save(world: World, numerator: str, denominator: str = "30") -> Any:
    return world.client("tim_kerja").post(
        save_url(world),
        {f"unit-count_{DEN}": denominator, f"unit-count_{NUM}": numerator, "unit-version": ""},
    )


def errors_of(body: str) -> list[str]:
    """The error lines a page or a preview shows (the form's and the preview's)."""
    found = re.findall(r'<(?:p|span) class="(?:error|fail)"[^>]*>(.*?)</(?:p|span)>', body, re.S)
    found += re.findall(r"<ul class=\"errorlist\"[^>]*>(.*?)</ul>", body, re.S)
    return [re.sub(r"<[^>]+>", " ", e).strip() for e in found]


def side_section(body: str, side: str) -> str:
    start = body.index(f'id="side-{side}"')
    end = body.find("</section>", start)
    return body[start:end]


# --------------------------------------------------------------------------- the engine's parser


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("5", 5),
        (" 5 ", 5),
        ("007", 7),
        ("0", 0),
        (7, 7),
        (7.0, 7),
        (str(COUNT_MAX), COUNT_MAX),
    ],
)
def test_count_value_accepts_plain_whole_numbers(raw: object, expected: int) -> None:
    assert count_value(raw) == expected


@pytest.mark.parametrize(
    ("raw", "code"),
    [
        ("1e3", "digits_only"),
        ("+5", "digits_only"),
        ("5.0", "digits_only"),
        ("1.000", "digits_only"),
        ("1,000", "digits_only"),
        ("1_000", "digits_only"),
        ("\u0663", "digits_only"),  # Arabic-Indic three: Python's int() would take it
        ("\uff15", "digits_only"),  # full-width five
        ("-0", "digits_only"),
        ("abc", "not_a_number"),
        ("-1", "negative"),
        (-1, "negative"),
        ("2,5", "not_whole"),
        (2.5, "not_whole"),
        (True, "not_a_number"),
        (TOO_MANY, "too_large"),
        (str(TOO_MANY), "too_large"),
        ("9" * 5000, "too_large"),  # never handed to int(): no 4300-digit ValueError
        (float(TOO_MANY), "too_large"),
    ],
)
def test_count_value_refuses_with_a_code(raw: object, code: str) -> None:
    with pytest.raises(CountError) as caught:
        count_value(raw)
    assert caught.value.code == code


def test_the_bound_is_a_parameter() -> None:
    assert count_value("100", maximum=100) == 100
    with pytest.raises(CountError) as caught:
        count_value("101", maximum=100)
    assert caught.value.params["max"] == 100


def test_json_document_refuses_a_count_above_the_bound() -> None:
    doc = {
        "framework": SPEC.code,
        "counts": {PERCENT_CODE: {DEN: TOO_MANY, NUM: "1e3"}},
    }
    issues = parse_document(doc, SPEC)[1]
    assert [str(i) for i in issues] == [
        f"{PERCENT_CODE} ({DEN}): jumlah 10000001 melebihi batas 10.000.000.",
        f"{PERCENT_CODE} ({NUM}): jumlah '1e3' harus ditulis dengan angka 0-9 saja.",
    ]
    assert all(i.code == PERCENT_CODE for i in issues)
    issues = parse_document(
        {"framework": SPEC.code, "counts": {PERCENT_CODE: {DEN: 101}}}, SPEC, count_max=100
    )[1]
    assert "melebihi batas 100." in str(issues[0])


def _workbook(tmp_path: Path, cells: dict[str, object]) -> Path:
    wb = openpyxl.load_workbook(TEMPLATE_PATH)
    for ref, value in cells.items():
        wb["LKE ZI"][ref] = value
    path = tmp_path / "lke.xlsx"
    wb.save(path)
    return path


def test_workbook_refuses_a_count_above_the_bound_by_cell(tmp_path: Path) -> None:
    path = _workbook(tmp_path, {DEN_ROW: TOO_MANY, NUM_ROW: 3})
    _, issues = read_workbook(path, SPEC)
    assert [str(i) for i in issues] == [
        f"LKE ZI!{DEN_ROW} ({PERCENT_CODE}, {DEN}): jumlah 10000001 melebihi batas 10.000.000."
    ]
    assert issues[0].cell == f"LKE ZI!{DEN_ROW}"


@pytest.mark.django_db
def test_cli_score_reports_the_code_and_the_cell(tmp_path: Path, settings: Any) -> None:
    doc = tmp_path / "jawaban.json"
    doc.write_text(
        json.dumps({"framework": SPEC.code, "counts": {PERCENT_CODE: {DEN: TOO_MANY, NUM: 3}}}),
        encoding="utf-8",
    )
    with pytest.raises(CommandError) as caught:
        call_lke("score", "--input", str(doc))
    assert caught.value.returncode == 2
    assert f"{PERCENT_CODE} ({DEN}): jumlah 10000001 melebihi batas 10.000.000." in str(
        caught.value
    )
    book = _workbook(tmp_path, {DEN_ROW: TOO_MANY, NUM_ROW: 3})
    with pytest.raises(CommandError) as caught:
        call_lke("score", "--input", str(book))
    assert f"LKE ZI!{DEN_ROW} ({PERCENT_CODE}, {DEN})" in str(caught.value)
    # The bound is the portal's setting.
    settings.LKE_COUNT_MAX = 100
    doc.write_text(
        json.dumps({"framework": SPEC.code, "counts": {PERCENT_CODE: {DEN: 101, NUM: 3}}}),
        encoding="utf-8",
    )
    with pytest.raises(CommandError) as caught:
        call_lke("score", "--input", str(doc))
    assert "jumlah 101 melebihi batas 100." in str(caught.value)


@pytest.mark.django_db
def test_workbook_import_refuses_a_count_above_the_setting(
    world: World, tmp_path: Path, settings: Any
) -> None:
    settings.LKE_COUNT_MAX = 100
    path = _workbook(tmp_path, {DEN_ROW: 101, NUM_ROW: 3})
    with pytest.raises(lke_workbook.WorkbookImportError) as caught:
        lke_workbook.import_assessment_workbook(
            actor=None, assessment_id=world.own.pk, side=Side.UNIT, input_path=path
        )
    assert f"LKE ZI!{DEN_ROW} ({PERCENT_CODE}, {DEN}): jumlah 101 melebihi batas 100." in str(
        caught.value
    )
    assert not Answer.objects.filter(assessment=world.own).exists()


# --------------------------------------------------------------------------- save = preview


@pytest.mark.django_db
def test_save_and_preview_refuse_a_count_above_the_bound(world: World) -> None:
    messages = [
        "Jumlah Agen Perubahan terlalu besar: paling banyak 10.000.000.",
        "Jumlah Perubahan yang dibuat terlalu besar: paling banyak 10.000.000.",
    ]
    saved = post_save(world, str(TOO_MANY), str(TOO_MANY))
    assert saved.status_code == 400
    assert set(messages) <= set(errors_of(text(saved)))
    assert not Answer.objects.filter(assessment=world.own).exists()
    assert errors_of(text(preview(world, str(TOO_MANY), str(TOO_MANY)))) == messages
    # The inputs say so too.
    assert f'max="{COUNT_MAX}"' in text(world.client("tim_kerja").get(page_url(world)))


@pytest.mark.django_db
def test_the_bound_follows_the_setting(world: World, settings: Any) -> None:
    settings.LKE_COUNT_MAX = 100
    message = "Jumlah Perubahan yang dibuat terlalu besar: paling banyak 100."
    assert errors_of(text(preview(world, "101", "100"))) == [message]
    assert message in errors_of(text(post_save(world, "101", "100")))
    assert post_save(world, "100", "100").status_code == 302


INPUTS = [
    "5",
    " 5 ",
    "0",
    "007",
    str(COUNT_MAX),
    str(TOO_MANY),
    "1e3",
    "1E3",
    "+5",
    "-1",
    "-0",
    "5.0",
    "5,0",
    "2,5",
    "1.000",
    "1,000",
    "1_000",
    "1 000",
    "0x10",
    "\u0663",
    "\uff15",  # fullwidth five
    "abc",
    "Infinity",
    "NaN",
    "",
    "   ",
]
ACCEPTED = {"5", " 5 ", "0", "007", str(COUNT_MAX)}


@pytest.mark.django_db
@pytest.mark.parametrize("raw", INPUTS)
def test_preview_accepts_exactly_what_save_accepts(world: World, raw: str) -> None:
    shown = text(preview(world, raw, denominator=str(COUNT_MAX)))
    preview_ok = "preview-pct" in shown
    saved = post_save(world, raw, denominator=str(COUNT_MAX))
    save_ok = saved.status_code == 302
    assert preview_ok == save_ok == (raw in ACCEPTED)
    if not save_ok and raw.strip():
        # The same words on both sides.
        assert errors_of(shown) and set(errors_of(shown)) <= set(errors_of(text(saved)))


# --------------------------------------------------------------------------- the warning


@pytest.mark.django_db
def test_numerator_above_denominator_warns_in_the_preview(world: World) -> None:
    shown = text(preview(world, "35", "30"))
    assert "100,00%" in shown and WARNING_ID in shown
    assert WARNING_ID not in text(preview(world, "30", "30"))
    c = world.client("tim_kerja")
    c.cookies["django_language"] = "en"
    shown = text(
        c.post(
            preview_url(world),
            {"prefix": "unit", f"unit-count_{DEN}": "30", f"unit-count_{NUM}": "35"},
        )
    )
    assert WARNING_EN in shown


@pytest.mark.django_db
def test_the_warning_stays_with_the_saved_answer_and_the_reviewer_sees_it(world: World) -> None:
    assert post_save(world, "35", "30").status_code == 302  # a warning, not a refusal
    page = text(world.client("tim_kerja").get(page_url(world)))
    assert WARNING_ID in side_section(page, "unit")
    set_status(world.own, "submitted")
    page = text(world.client("tpi").get(page_url(world)))
    assert WARNING_ID in side_section(page, "unit")
    assert WARNING_ID not in side_section(page, "tpi")


def test_warnings_are_codes_from_the_engine() -> None:
    from scoring.engine.checks import count_warnings

    q = SPEC.questions[PERCENT_CODE]
    assert count_warnings(q, {DEN: 30, NUM: 35}) == (
        (
            "numerator_above_denominator",
            {"numerator": NUM, "value": 35, "denominator": 30, "denominator_keys": (DEN,)},
        ),
    )
    assert count_warnings(q, {DEN: 30, NUM: 30}) == ()
    assert count_warnings(q, {DEN: 30}) == ()  # incomplete: nothing to compare
    lhkpn = SPEC.questions["A.II.5.iii.a"]
    keys = lhkpn.formula.denominator if lhkpn.formula else ()
    counts = dict.fromkeys(keys, 1) | {"lhkpn_sudah_melaporkan": 4}
    [(code, params)] = count_warnings(lhkpn, counts)
    assert code == "numerator_above_denominator" and params["denominator"] == 3
    decline = SPEC.questions["A.II.3.iii.a"]
    assert count_warnings(decline, dict.fromkeys(decline.input_keys, 9)) == ()


def test_warning_text_in_both_languages() -> None:
    from scoring.counts import count_warning_texts

    q = SPEC.questions[PERCENT_CODE]
    with translation.override("id"):
        assert count_warning_texts(q, {DEN: 30, NUM: 35})[0].startswith(WARNING_ID)
    with translation.override("en"):
        assert count_warning_texts(q, {DEN: 30, NUM: 35})[0].startswith(WARNING_EN)
