"""The plan workbook parser: headers, values and matching of seed-004-shaped rows (no writes)."""

from __future__ import annotations

import datetime
from typing import Any

import pytest

from scoring.plans.models import PlanItem, Status
from scoring.plans.transfer import layout
from scoring.plans.transfer.imports import plan_import
from scoring.plans.transfer.reader import UnreadableWorkbook, read_sheet
from tests.conftest import World
from tests.scoring.plans.transfer_workbooks import ZI, expected_codes, row, seed_workbook

pytestmark = pytest.mark.django_db


def _plan(world: World, data: bytes, persona: str = "tim_kerja"):  # type: ignore[no-untyped-def]
    return plan_import(actor=world.users[persona], assessment=world.own, source=data)


def test_header_below_title_rows_and_aliases_are_found() -> None:
    sheet = read_sheet(seed_workbook())
    assert sheet.header_row == 5
    assert sheet.columns["step"] == "D"
    assert sheet.columns["authority"] == "E"  # "KEWENANGAN BERDASARKAN TUSI", seed's spelling
    assert sheet.columns["due"] == "K"


def test_not_a_workbook_is_unreadable() -> None:
    with pytest.raises(UnreadableWorkbook):
        read_sheet(b"PK\x03\x04 not really a zip")


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("31/01/2026", datetime.date(2026, 1, 31)),
        ("1/2/2026", datetime.date(2026, 2, 1)),
        ("01-02-2026", datetime.date(2026, 2, 1)),
        ("01.02.2026", datetime.date(2026, 2, 1)),
        ("2026-06-30", datetime.date(2026, 6, 30)),
        (
            datetime.datetime(2026, 1, 5, 0, 0),  # noqa: DTZ001 - openpyxl's date cells are naive
            datetime.date(2026, 1, 5),
        ),
        (46023, datetime.date(2026, 1, 1)),  # an Excel serial day whose date format was lost
        (None, None),
        ("  ", None),
    ],
)
def test_dates_from_cells_and_text(value: object, expected: datetime.date | None) -> None:
    assert layout.cell_date(value) == expected


@pytest.mark.parametrize("value", ["31/02/2026", "besok", "2026"])
def test_bad_dates_are_refused(value: str) -> None:
    with pytest.raises(layout.BadValue):
        layout.cell_date(value)


@pytest.mark.parametrize(
    ("label", "status"),
    [
        ("Direncanakan", Status.PLANNED),
        ("", Status.PLANNED),
        ("berjalan", Status.IN_PROGRESS),
        ("In progress", Status.IN_PROGRESS),
        ("SELESAI", Status.DONE),
        ("Done", Status.DONE),
        ("Terlambat", Status.LATE),
        ("Late", Status.LATE),
        ("Dibatalkan", Status.CANCELLED),
        ("Cancelled", Status.CANCELLED),
        ("in_progress", Status.IN_PROGRESS),
    ],
)
def test_status_in_indonesian_or_english(label: str, status: str) -> None:
    assert layout.cell_status(label, layout.status_names()) == status


def test_normalise_folds_case_markup_and_punctuation() -> None:
    assert layout.normalise("<i>Whistle-Blowing</i>  SYSTEM.") == "whistle blowing system"
    assert layout.normalise("Pemantauan dan Evaluasi pembangunan WBK/WBBM") == (
        "pemantauan dan evaluasi pembangunan wbk wbbm"
    )


def test_seed_rows_find_their_indicators(world: World) -> None:
    plan = _plan(world, seed_workbook())
    assert plan.problems == ()
    assert [i.indicator_code for i in plan.items] == expected_codes()
    assert PlanItem.objects.count() == 0  # the plan writes nothing
    first, second, third = plan.items[:3]
    # The first row: a member by username, a date cell and dd/mm/yyyy text, "Selesai".
    assert first.person_id == world.users["tim_kerja"].pk and first.person_name == ""
    assert (first.start_date, first.due_date) == (
        datetime.date(2026, 1, 5),
        datetime.date(2026, 1, 31),
    )
    assert first.status == Status.DONE and first.authority == ZI
    # Continuation rows: a named person without an account, English status, a progress note.
    assert second.person_id is None and second.person_name == "Bu Rina (Kasubbag TU)"
    assert second.status == Status.IN_PROGRESS and second.note.startswith("Calon")
    assert third.step == "Terbentuknya Tim Kerja ZI" and third.status == Status.PLANNED
    by_code = {i.indicator_code: i for i in plan.items}
    cancelled = by_code["A.I.5.i"]
    assert cancelled.status == Status.CANCELLED
    assert (
        cancelled.cancel_reason == "Digabung dengan kegiatan UPG instansi" and cancelled.note == ""
    )
    assert by_code["A.I.5.iv"].question_code == "A.I.5.iv.a"
    assert by_code["A.I.3.ii"].start_date == datetime.date(2026, 2, 1)


def test_question_text_in_indikator_finds_the_question(world: World) -> None:
    rows = [
        row("I", "MANAJEMEN PERUBAHAN"),
        row(
            1,
            "Penyusunan Tim Kerja",
            "unit kerja telah membentuk tim untuk melakukan pembangunan zona integritas.",
            "Menyusun SK tim",
        ),
        row(step="Rapat pembentukan tim"),  # inherits indicator and question
        row(None, None, "Pernyataan lain di bawah komponen yang sama", "Langkah lain"),
    ]
    plan = _plan(world, seed_workbook(rows))
    assert plan.problems == ()
    assert [(i.indicator_code, i.question_code) for i in plan.items] == [
        ("A.I.1.i", "A.I.1.i.a"),
        ("A.I.1.i", "A.I.1.i.a"),
        ("A.I.1.i", ""),
    ]


def test_unmatched_and_ambiguous_names_are_row_problems(world: World) -> None:
    rows = [
        row("II", "PENATAAN TATALAKSANA"),
        row(2, "E- Office (2)", "Operasionalisasi manajemen SDM", "Absen finger print"),
        row(step="Penggunaan WA Grup"),  # continuation of the row that failed
        row(None, "Sistem Pemerintahan Berbasis Elektronik", None, "Integrasi layanan"),
    ]
    plan = _plan(world, seed_workbook(rows))
    assert plan.items == ()
    assert [(p.row, p.column, p.cell) for p in plan.problems] == [
        (7, "KOMPONEN", "B7"),
        (8, "INDIKATOR", "C8"),
        (9, "KOMPONEN", "B9"),
    ]
    assert "E- Office (2)" in plan.problems[0].message
    assert "baris 7" in plan.problems[1].message
    # SPBE is in A.I.2.ii and A.II.2.ii: ambiguous, both codes named.
    assert "A.I.2.ii" in plan.problems[2].message and "A.II.2.ii" in plan.problems[2].message


def test_bad_values_are_named_by_row_and_column(world: World) -> None:
    rows = [
        row(None, None, None, "Langkah A", code="A.I.1.i", due="31/02/2026"),
        row(None, None, None, "Langkah B", code="A.I.1.i", status="Mungkin"),
        row(None, None, None, "Langkah C", code="A.I.1.i", start="10/03/2026", due="01/03/2026"),
        row(None, None, None, "Langkah D", code="A.I.1.i", status="Cancelled"),
        row(None, None, None, "Langkah E", code="X.9"),
        row(None, None, None, "Langkah F", qcode="A.I.1.i.a", code="A.I.2.i"),
        row(None, None, None, None, code="A.I.1.i", person="Budi"),
    ]
    plan = _plan(world, seed_workbook(rows))
    assert plan.items == ()
    assert [(p.row, p.column) for p in plan.problems] == [
        (6, "TENGGAT"),
        (7, "STATUS"),
        (8, "TENGGAT"),
        (9, "CATATAN"),
        (10, "KODE INDIKATOR"),
        (11, "KODE INDIKATOR"),
        (12, "LANGKAH AKSI"),
    ]


def test_rows_outside_a_restricted_members_areas_are_problems(world: World) -> None:
    plan = _plan(world, seed_workbook(), persona="tim_kerja_restricted")
    outside = [code for code in expected_codes() if not code.startswith(("A.I.1.", "A.I.2."))]
    assert len(plan.problems) == len(outside) == 4
    assert all("di luar area Anda" in p.message for p in plan.problems)
    assert all(i.indicator_code.startswith(("A.I.1.", "A.I.2.")) for i in plan.items)
    assert not plan.can_apply


def test_a_sheet_without_steps_is_a_problem(world: World) -> None:
    plan = _plan(world, seed_workbook([row("I", "MANAJEMEN PERUBAHAN")]))
    assert not plan.can_apply
    assert plan.problems[0].column == "LANGKAH AKSI"


def test_payload_carries_the_checked_rows_for_one_user_and_assessment(world: World) -> None:
    from scoring.plans.transfer.payload import plan_from_payload, plan_to_payload

    plan = _plan(world, seed_workbook())
    user = world.users["tim_kerja"]
    signed = plan_to_payload(plan, user_id=user.pk)
    back = plan_from_payload(signed, assessment_id=world.own.pk, user_id=user.pk)
    assert back is not None and back.items == plan.items and back.can_apply
    assert plan_from_payload(signed, assessment_id=world.own.pk, user_id=0) is None
    assert plan_from_payload(signed, assessment_id=world.other.pk, user_id=user.pk) is None
    assert (
        plan_from_payload(signed[:-2] + "xx", assessment_id=world.own.pk, user_id=user.pk) is None
    )


def test_a_sheet_with_too_many_rows_is_cut_and_refused(world: World, monkeypatch: Any) -> None:
    from scoring.plans.transfer import reader

    monkeypatch.setattr(reader, "MAX_SCANNED_ROWS", 8)
    rows = [row(None, None, None, f"Langkah {n}", code="A.I.1.i") for n in range(6)]
    plan = _plan(world, seed_workbook(rows))
    assert not plan.can_apply
    assert [i.step for i in plan.items] == ["Langkah 0", "Langkah 1", "Langkah 2"]
    assert "lebih dari" in plan.problems[-1].message


def test_seed_wording_with_zi_finds_the_indicator_without_a_code(world: World) -> None:
    rows = [
        row(1, "MANAJEMEN PERUBAHAN"),
        row(2, "Dokumen Rencana Pembangunan ZI", "Dokumen rencana kerja", "Menyusun rencana"),
        row(3, "Tim", None, "Langkah"),  # one word: too weak to match inside a name
    ]
    plan = _plan(world, seed_workbook(rows))
    assert [i.indicator_code for i in plan.items] == ["A.I.1.ii"]
    assert [(p.row, p.column) for p in plan.problems] == [(8, "KOMPONEN")]
