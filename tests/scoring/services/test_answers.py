"""Answers: validation, optimistic locking, permissions per side, audit entries, and the LKE
workbook round trip used by `manage.py lke export/import`.

The helpers at the top are shared with the other scoring test modules (no conftest of our own).
"""

from __future__ import annotations

import datetime
import hashlib
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from openpyxl import load_workbook

from areas.models import Question
from evidence.models import Evidence, EvidenceAttachment, EvidenceRevision
from scoring.models import Answer, AssessmentEvent, Side
from scoring.selectors.scores import answer_sets_for
from scoring.services import answers as services
from scoring.services import workflow
from scoring.transfer import workbook as lke_workbook
from tests.conftest import World
from zi_portal.models import Assessment

pytestmark = pytest.mark.django_db

CHOICE_CODE = "A.I.1.i.a"  # Ya/Tidak, area 1 (inside the restricted member's areas)
ABCD_CODE = "A.II.2.i.a"  # A/B/C/D, area 2 reform
AREA3_CODE = "A.I.3.i.a"  # outside the restricted member's areas
PERCENT_CODE = "A.II.1.i.a"  # agen perubahan: ratio, zero denominator -> 0
INDEX_CODE = "B.I.a"


# --------------------------------------------------------------------------- shared helpers


def q(code: str) -> Question:
    return Question.objects.prefetch_related("options", "inputs").get(
        framework__code="permenpanrb-90-2021", code=code
    )


def best_value(question: Question) -> dict[str, Any]:
    """answer_save keywords for a valid (best) answer to any question."""
    if question.answer_type == Question.AnswerType.PERSEN:
        return {"counts": {i.key: 3 for i in question.inputs.all()}}
    if question.answer_type == Question.AnswerType.NILAI_0_4:
        return {"index_value": Decimal("3.5")}
    return {"choice": max(question.options.all(), key=lambda o: o.value).label}


def fill_answers(assessment: Assessment, side: str = Side.UNIT, user: Any = None) -> int:
    """Answer all 113 inputs of one side directly (bulk, no audit): page-size test data."""
    rows = []
    for question in Question.objects.filter(framework=assessment.framework).prefetch_related(
        "options", "inputs"
    ):
        v = best_value(question)
        rows.append(
            Answer(
                assessment=assessment,
                question=question,
                side=side,
                choice=v.get("choice", ""),
                counts=v.get("counts", {}),
                index_value=v.get("index_value"),
                answered_by=user,
            )
        )
    Answer.objects.bulk_create(rows)
    return len(rows)


def attach_documents(assessment: Assessment, per_question: int = 3) -> int:
    """per_question documents (with a revision) attached to every question, in bulk."""
    questions = list(Question.objects.filter(framework=assessment.framework))
    evidence = Evidence.objects.bulk_create(
        Evidence(assessment=assessment, title=f"Dokumen {i}", kind=Evidence.Kind.FILE)
        for i in range(len(questions) * per_question)
    )
    revisions = EvidenceRevision.objects.bulk_create(
        EvidenceRevision(
            evidence=ev,
            number=1,
            original_name=f"dok-{ev.pk}.pdf",
            size=100,
            sha256=hashlib.sha256(str(ev.pk).encode()).hexdigest(),
            content_type="application/pdf",
        )
        for ev in evidence
    )
    for ev, rev in zip(evidence, revisions, strict=True):
        ev.current_revision = rev
    Evidence.objects.bulk_update(evidence, ["current_revision"])
    EvidenceAttachment.objects.bulk_create(
        EvidenceAttachment(evidence=ev, question=questions[i // per_question])
        for i, ev in enumerate(evidence)
    )
    return len(evidence)


def set_status(assessment: Assessment, status: str) -> None:
    Assessment.objects.filter(pk=assessment.pk).update(status=status)
    assessment.refresh_from_db()


def save(world: World, persona: str, code: str, side: str = Side.UNIT, **kw: Any) -> Answer:
    kw.setdefault("expected_version", None)
    return services.answer_save(
        actor=world.users[persona], assessment=world.own, question=q(code), side=side, **kw
    )


# --------------------------------------------------------------------------- answers


def test_first_save_then_update_bumps_version_and_is_audited(world: World) -> None:
    a = save(world, "tim_kerja", CHOICE_CODE, choice="Ya")
    assert (a.version, a.choice, a.answered_by) == (1, "Ya", world.users["tim_kerja"])
    b = save(world, "tim_kerja", CHOICE_CODE, choice="Tidak", expected_version=1)
    assert b.pk == a.pk and b.version == 2
    assert Answer.objects.get(pk=a.pk).choice == "Tidak"
    entries = LogEntry.objects.get_for_object(a).order_by("timestamp", "pk")
    assert [e.action for e in entries] == [LogEntry.Action.CREATE, LogEntry.Action.UPDATE]
    assert all(e.actor == world.users["tim_kerja"] for e in entries)
    assert entries[1].changes_dict["choice"] == ["Ya", "Tidak"]
    assert "answered_at" not in entries[1].changes_dict


def test_stale_version_is_refused_with_the_newer_value(world: World) -> None:
    save(world, "tim_kerja", CHOICE_CODE, choice="Ya")
    save(world, "tim_kerja_restricted", CHOICE_CODE, choice="Tidak", expected_version=1)
    with pytest.raises(services.AnswerConflict) as exc:
        save(world, "tim_kerja", CHOICE_CODE, choice="Ya", expected_version=1)
    stored = Answer.objects.get(assessment=world.own, question__code=CHOICE_CODE, side="unit")
    assert (stored.choice, stored.version) == ("Tidak", 2)
    assert exc.value.current is not None and exc.value.current.version == 2
    name = world.users["tim_kerja_restricted"].get_full_name()
    hhmm = timezone.localtime(stored.answered_at).strftime("%H:%M")
    assert exc.value.message == (
        f"Jawaban ini baru saja diubah oleh {name} pada {hhmm} menjadi Tidak; "
        "periksa lalu simpan ulang."
    )


def test_creating_an_answer_that_exists_is_a_conflict(world: World) -> None:
    save(world, "tim_kerja", CHOICE_CODE, choice="Ya")
    with pytest.raises(services.AnswerConflict):
        save(world, "tim_kerja_restricted", CHOICE_CODE, choice="Tidak", expected_version=None)
    assert Answer.objects.get(question__code=CHOICE_CODE, assessment=world.own).choice == "Ya"


@pytest.mark.parametrize(
    ("code", "kwargs", "message"),
    [
        (CHOICE_CODE, {"choice": "Mungkin"}, "Pilih salah satu jawaban yang sah (Ya, Tidak)."),
        (ABCD_CODE, {"choice": None}, "Pilih salah satu jawaban yang sah (A, B, C, D)."),
        (INDEX_CODE, {"index_value": "4,5"}, "Nilai indeks harus angka antara 0 dan 4"),
        (INDEX_CODE, {"index_value": "abc"}, "Nilai indeks harus angka antara 0 dan 4"),
        (PERCENT_CODE, {"counts": {"jumlah_agen_perubahan": 2}}, "belum diisi"),
        (
            PERCENT_CODE,
            {"counts": {"jumlah_agen_perubahan": -1, "jumlah_perubahan_dibuat": 1}},
            "harus bilangan bulat tidak negatif",
        ),
        (
            PERCENT_CODE,
            {"counts": {"jumlah_agen_perubahan": 1, "jumlah_perubahan_dibuat": 1, "x": 2}},
            "Isian tidak dikenal untuk A.II.1.i.a: x.",
        ),
    ],
)
def test_values_are_checked_against_the_question(
    world: World, code: str, kwargs: dict[str, Any], message: str
) -> None:
    with pytest.raises(ValidationError) as exc:
        save(world, "tim_kerja", code, **kwargs)
    assert message in " ".join(exc.value.messages)
    assert not Answer.objects.filter(assessment=world.own).exists()


def test_counts_and_index_are_stored_as_numbers(world: World) -> None:
    a = save(
        world,
        "tim_kerja",
        PERCENT_CODE,
        counts={"jumlah_agen_perubahan": "4", "jumlah_perubahan_dibuat": 3},
    )
    assert a.counts == {"jumlah_agen_perubahan": 4, "jumlah_perubahan_dibuat": 3}
    b = save(world, "tim_kerja", INDEX_CODE, index_value="3,62")
    assert Answer.objects.get(pk=b.pk).index_value == Decimal("3.62")


@pytest.mark.parametrize(
    ("persona", "code", "reason"),
    [
        ("tpi", CHOICE_CODE, "Hanya tim kerja unit ini"),
        ("pimpinan", CHOICE_CODE, "Hanya tim kerja unit ini"),
        ("admin", CHOICE_CODE, "Hanya tim kerja unit ini"),
        ("pimpinan_instansi", CHOICE_CODE, "Hanya tim kerja unit ini"),
        ("tim_kerja_restricted", AREA3_CODE, "di luar area Anda"),
        ("tim_kerja_restricted", INDEX_CODE, "di luar area Anda"),
    ],
)
def test_unit_side_permissions(world: World, persona: str, code: str, reason: str) -> None:
    with pytest.raises(PermissionDenied, match=reason):
        save(world, persona, code, **best_value(q(code)))


@pytest.mark.parametrize("status", ["submitted", "in_review", "evaluated", "proposed", "closed"])
def test_unit_side_locked_outside_draft_and_revision(world: World, status: str) -> None:
    set_status(world.own, status)
    with pytest.raises(PermissionDenied, match="jawaban unit terkunci"):
        save(world, "tim_kerja", CHOICE_CODE, choice="Ya")


@pytest.mark.parametrize("status", ["draft", "revision", "evaluated", "closed"])
def test_tpi_side_only_while_submitted_or_in_review(world: World, status: str) -> None:
    set_status(world.own, status)
    with pytest.raises(PermissionDenied, match="TPI belum/tidak dapat menilai"):
        save(world, "tpi", CHOICE_CODE, side=Side.TPI, choice="Ya", note="ok")


def test_tpi_note_required_when_answer_differs(world: World) -> None:
    save(world, "tim_kerja", CHOICE_CODE, choice="Ya")
    set_status(world.own, "in_review")
    with pytest.raises(ValidationError, match="Catatan TPI wajib diisi"):
        save(world, "tpi", CHOICE_CODE, side=Side.TPI, choice="Tidak")
    same = save(world, "tpi", CHOICE_CODE, side=Side.TPI, choice="Ya")
    assert same.note == ""
    changed = save(
        world,
        "tpi",
        CHOICE_CODE,
        side=Side.TPI,
        choice="Tidak",
        note="SK belum ditandatangani",
        expected_version=1,
    )
    assert (changed.choice, changed.note) == ("Tidak", "SK belum ditandatangani")
    # The unit side is never touched by the TPI's answer.
    assert Answer.objects.get(question__code=CHOICE_CODE, side="unit").choice == "Ya"


def test_first_tpi_answer_moves_submitted_to_in_review(world: World) -> None:
    set_status(world.own, "submitted")
    version = world.own.version
    save(world, "tpi", CHOICE_CODE, side=Side.TPI, choice="Ya", note="unit belum menjawab")
    world.own.refresh_from_db()
    assert (world.own.status, world.own.version) == ("in_review", version + 1)
    event = AssessmentEvent.objects.get(assessment=world.own)
    assert (event.action, event.from_status, event.to_status, event.actor) == (
        "review_started",
        "submitted",
        "in_review",
        world.users["tpi"],
    )
    save(world, "tpi", ABCD_CODE, side=Side.TPI, choice="A", note="unit belum menjawab")
    assert AssessmentEvent.objects.filter(assessment=world.own).count() == 1


def test_closed_window_refuses_and_admin_extension_reopens(world: World) -> None:
    cycle = world.own.cycle
    cycle.self_assessment_end = timezone.localdate() - datetime.timedelta(days=1)
    cycle.save()
    with pytest.raises(PermissionDenied, match="Jadwal penilaian mandiri untuk unit ini berakhir"):
        save(world, "tim_kerja", CHOICE_CODE, choice="Ya")
    with pytest.raises(PermissionDenied, match="Hanya admin instansi"):
        workflow.window_extend(
            actor=world.users["tim_kerja"],
            assessment=world.own,
            phase="self_assessment",
            new_end=timezone.localdate() + datetime.timedelta(days=7),
            reason="x",
        )
    ext = workflow.window_extend(
        actor=world.users["admin"],
        assessment=world.own,
        phase="self_assessment",
        new_end=timezone.localdate() + datetime.timedelta(days=7),
        reason="Banjir di kantor unit",
    )
    assert ext.granted_by == world.users["admin"]
    assert save(world, "tim_kerja", CHOICE_CODE, choice="Ya").version == 1
    event = AssessmentEvent.objects.get(assessment=world.own, action="window_extended")
    assert "Banjir di kantor unit" in event.note


def test_window_extension_needs_a_reason_and_a_later_date(world: World) -> None:
    admin = world.users["admin"]
    later = world.own.window_end("review") + datetime.timedelta(days=3)
    with pytest.raises(ValidationError, match="Alasan perpanjangan wajib diisi"):
        workflow.window_extend(
            actor=admin, assessment=world.own, phase="review", new_end=later, reason=" "
        )
    with pytest.raises(ValidationError, match="harus sesudah jadwal yang berlaku"):
        workflow.window_extend(
            actor=admin,
            assessment=world.own,
            phase="review",
            new_end=world.own.window_end("review"),
            reason="x",
        )


# --------------------------------------------------------------------------- workbook


def _answers_of(assessment: Assessment, side: str) -> dict[str, tuple[Any, ...]]:
    return {
        a.question.code: (a.choice, a.counts, a.index_value)
        for a in Answer.objects.filter(assessment=assessment, side=side).select_related("question")
    }


def _import(assessment: Assessment, side: str, path: Path, actor: Any = None) -> int:
    return lke_workbook.import_assessment_workbook(
        actor=actor, assessment_id=assessment.pk, side=side, input_path=path
    )


def test_workbook_round_trip_gives_the_same_answers(world: World, tmp_path: Path) -> None:
    fill_answers(world.own, Side.UNIT)
    # Vary a few so the round trip is not just "best everywhere".
    Answer.objects.filter(assessment=world.own, question__code=ABCD_CODE).update(choice="C")
    Answer.objects.filter(assessment=world.own, question__code=INDEX_CODE).update(
        index_value=Decimal("3.62")
    )
    Answer.objects.filter(assessment=world.own, question__code=PERCENT_CODE).update(
        counts={"jumlah_agen_perubahan": 0, "jumlah_perubahan_dibuat": 0}
    )
    path = tmp_path / "lke.xlsx"
    lke_workbook.export_assessment_workbook(world.own.pk, "unit", path)
    Assessment.objects.filter(pk=world.sibling.pk).update(status=Assessment.Status.SUBMITTED)
    assert _import(world.sibling, "tpi", path) == 113
    assert _answers_of(world.sibling, "tpi") == _answers_of(world.own, "unit")
    sets = answer_sets_for(assessment=world.sibling)
    assert sets["tpi"] == answer_sets_for(assessment=world.own)["unit"]
    # Importing the same file again changes nothing.
    assert _import(world.sibling, "tpi", path) == 0
    imported = Answer.objects.get(assessment=world.sibling, side="tpi", question__code=ABCD_CODE)
    assert imported.answered_by is None and imported.version == 1


def test_workbook_import_lists_every_bad_cell_and_writes_nothing(
    world: World, tmp_path: Path
) -> None:
    fill_answers(world.own, Side.UNIT)
    path = tmp_path / "lke.xlsx"
    lke_workbook.export_assessment_workbook(world.own.pk, "unit", path)
    wb = load_workbook(path)
    ws = wb["LKE ZI"]
    choice_row = q(CHOICE_CODE).lke_row
    index_row = q(INDEX_CODE).lke_row
    ws.cell(row=choice_row, column=11).value = "Mungkin"
    ws.cell(row=index_row, column=11).value = 7
    wb.save(path)
    with pytest.raises(lke_workbook.WorkbookImportError) as exc:
        _import(world.sibling, "unit", path)
    text = str(exc.value)
    assert f"LKE ZI!K{choice_row} ({CHOICE_CODE})" in text
    assert f"LKE ZI!K{index_row} ({INDEX_CODE})" in text
    assert not Answer.objects.filter(assessment=world.sibling).exists()


def test_lke_cli_export_and_import(world: World, tmp_path: Path) -> None:
    from django.core.management import call_command

    fill_answers(world.own, Side.UNIT)
    path = tmp_path / "cli.xlsx"
    call_command(
        "lke", "export", "--assessment", str(world.own.pk), "--side", "unit", "--output", str(path)
    )
    call_command(
        "lke",
        "import",
        "--assessment",
        str(world.sibling.pk),
        "--side",
        "unit",
        "--input",
        str(path),
    )
    assert _answers_of(world.sibling, "unit") == _answers_of(world.own, "unit")
