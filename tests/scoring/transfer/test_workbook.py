"""Workbook import as a service: status lock per side, acting user, workflow event, audit entries
and the `manage.py lke import --user` exit codes."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from auditlog.models import LogEntry
from django.core.management import call_command
from django.core.management.base import CommandError

from scoring.models import Answer, AssessmentEvent, Side
from scoring.transfer import workbook as lke_workbook
from tests.conftest import World
from tests.factories import ReviewFlagFactory
from tests.scoring.services.test_answers import ABCD_CODE, CHOICE_CODE, fill_answers, set_status
from zi_portal.models import Assessment

pytestmark = pytest.mark.django_db


@pytest.fixture
def lke_file(world: World, tmp_path: Path) -> Path:
    """The own unit's best answers, exported to a workbook to import elsewhere."""
    fill_answers(world.own, Side.UNIT)
    path = tmp_path / "lke.xlsx"
    lke_workbook.export_assessment_workbook(world.own.pk, "unit", path)
    return path


def _import(assessment: Assessment, side: str, path: Path, actor: Any = None) -> int:
    return lke_workbook.import_assessment_workbook(
        actor=actor, assessment_id=assessment.pk, side=side, input_path=path
    )


def _cli_import(assessment: Assessment, side: str, path: Path, *extra: str) -> None:
    call_command(
        "lke",
        "import",
        "--assessment",
        str(assessment.pk),
        "--side",
        side,
        "--input",
        str(path),
        *extra,
    )


@pytest.mark.parametrize(
    ("side", "status"),
    [
        ("unit", "submitted"),
        ("unit", "in_review"),
        ("unit", "evaluated"),
        ("tpi", "draft"),
        ("tpi", "revision"),
        ("tpi", "evaluated"),
        ("tpi", "closed"),
    ],
)
def test_import_into_a_locked_side_is_refused_and_writes_nothing(
    world: World, lke_file: Path, side: str, status: str
) -> None:
    set_status(world.sibling, status)
    with pytest.raises(lke_workbook.WorkbookImportRefused) as caught:
        _import(world.sibling, side, lke_file)
    assert caught.value.code == "assessment_locked_for_side"
    assert "terkunci" in caught.value.message
    assert not Answer.objects.filter(assessment=world.sibling).exists()
    assert not AssessmentEvent.objects.filter(assessment=world.sibling).exists()


def test_refusal_helper_names_status_and_role_codes(world: World) -> None:
    set_status(world.sibling, "submitted")
    refusal = lke_workbook.workbook_import_refusal(assessment=world.sibling, side="unit")
    assert refusal is not None and refusal.code == "assessment_locked_for_side"
    assert lke_workbook.workbook_import_refusal(assessment=world.sibling, side="tpi") is None
    # The own unit's tim kerja is nobody on the sibling unit.
    refusal = lke_workbook.workbook_import_refusal(
        assessment=world.sibling, side="tpi", actor=world.users["tim_kerja"]
    )
    assert refusal is not None and refusal.code == "actor_may_not_write_side"


def test_cli_import_into_submitted_exits_2_with_indonesian_message(
    world: World, lke_file: Path
) -> None:
    set_status(world.sibling, "submitted")
    with pytest.raises(CommandError) as caught:
        _cli_import(world.sibling, "unit", lke_file)
    assert caught.value.returncode == 2
    text = str(caught.value)
    assert "Impor ditolak" in text
    assert 'Penilaian berstatus "Diajukan ke TPI"; jawaban unit terkunci' in text
    assert not Answer.objects.filter(assessment=world.sibling).exists()
    assert not AssessmentEvent.objects.filter(assessment=world.sibling).exists()


def test_cli_import_with_unknown_user_exits_2(world: World, lke_file: Path) -> None:
    with pytest.raises(CommandError) as caught:
        _cli_import(world.sibling, "unit", lke_file, "--user", "tidak-ada")
    assert caught.value.returncode == 2
    assert "tidak ditemukan" in str(caught.value)
    assert not Answer.objects.filter(assessment=world.sibling).exists()


def test_cli_import_by_a_user_without_a_role_on_the_side_is_refused(
    world: World, lke_file: Path
) -> None:
    with pytest.raises(CommandError) as caught:
        _cli_import(world.sibling, "unit", lke_file, "--user", "tim_kerja")
    assert caught.value.returncode == 2
    assert "actor_may_not_write_side" in str(caught.value)
    assert not Answer.objects.filter(assessment=world.sibling).exists()


def test_import_in_draft_writes_answers_and_an_event_with_the_actor(
    world: World, lke_file: Path
) -> None:
    admin = world.users["admin"]
    _cli_import(world.sibling, "unit", lke_file, "--user", admin.get_username())
    answers = Answer.objects.filter(assessment=world.sibling, side="unit")
    assert answers.count() == 113
    assert set(answers.values_list("answered_by", flat=True)) == {admin.pk}
    event = AssessmentEvent.objects.get(assessment=world.sibling)
    assert (event.action, event.actor, event.from_status, event.to_status) == (
        "workbook_import",
        admin,
        "draft",
        "draft",
    )
    assert "113 jawaban" in event.note
    page = world.client("admin").get(f"/penilaian/{world.sibling.pk}/riwayat/")
    assert "Workbook LKE ZI diimpor" in page.content.decode()
    # Every answer has its audit entry, stamped with the importing user.
    entries = LogEntry.objects.get_for_objects(answers)
    assert entries.count() == 113
    assert set(entries.values_list("actor", flat=True)) == {admin.pk}
    # The same file again writes nothing new, but the import is still on record.
    assert _import(world.sibling, "unit", lke_file, actor=admin) == 0
    assert (
        AssessmentEvent.objects.filter(assessment=world.sibling, action="workbook_import").count()
        == 2
    )


def test_tpi_import_into_submitted_starts_the_review(world: World, lke_file: Path) -> None:
    set_status(world.sibling, "submitted")
    assert _import(world.sibling, "tpi", lke_file) == 113
    world.sibling.refresh_from_db()
    assert world.sibling.status == "in_review"
    actions = list(
        AssessmentEvent.objects.filter(assessment=world.sibling)
        .order_by("pk")
        .values_list("action", "from_status", "to_status", "actor")
    )
    assert actions == [
        ("workbook_import", "submitted", "submitted", None),
        ("review_started", "submitted", "in_review", None),
    ]


def test_revision_import_may_change_only_flagged_questions(world: World, lke_file: Path) -> None:
    fill_answers(world.sibling, Side.UNIT)
    Answer.objects.filter(assessment=world.sibling, question__code=ABCD_CODE).update(choice="C")
    Answer.objects.filter(assessment=world.sibling, question__code=CHOICE_CODE).update(
        choice="Tidak"
    )
    set_status(world.sibling, "revision")
    ReviewFlagFactory(assessment=world.sibling, code=ABCD_CODE, note="perbaiki")
    with pytest.raises(lke_workbook.WorkbookImportRefused) as caught:
        _import(world.sibling, "unit", lke_file)
    assert caught.value.code == "question_locked_in_revision"
    assert CHOICE_CODE in caught.value.message and ABCD_CODE not in caught.value.message
    assert Answer.objects.get(assessment=world.sibling, question__code=ABCD_CODE).choice == "C"
    # Once only the flagged question differs, the import goes through.
    Answer.objects.filter(assessment=world.sibling, question__code=CHOICE_CODE).update(choice="Ya")
    assert _import(world.sibling, "unit", lke_file) == 1
    assert Answer.objects.get(assessment=world.sibling, question__code=ABCD_CODE).choice != "C"
