"""The Riwayat tabs: auditlog entries and workflow events merged, in Indonesian, with actors."""

from __future__ import annotations

import pytest
from django.urls import reverse

from scoring.selectors import history
from scoring.services import workflow
from tests.conftest import World
from tests.factories import CommentFactory
from tests.scoring.services.test_answers import ABCD_CODE, CHOICE_CODE, q, save

pytestmark = pytest.mark.django_db


def test_question_history_lists_answer_changes_with_actor(world: World) -> None:
    save(world, "tim_kerja", ABCD_CODE, choice="B")
    save(world, "tim_kerja_restricted", ABCD_CODE, choice="A", expected_version=1)
    save(world, "tim_kerja", CHOICE_CODE, choice="Ya")  # another question: not listed
    entries = history.history_for_question(world.own, q(ABCD_CODE))
    assert [e.action for e in entries] == ["diubah", "dibuat"]
    newest = entries[0]
    assert newest.who == world.users["tim_kerja_restricted"].get_full_name()
    assert newest.what == f"Jawaban Unit (penilaian mandiri) {ABCD_CODE}"
    assert ("jawaban", "B", "A") in [(c.field, c.old, c.new) for c in newest.changes]
    assert ("versi", "1", "2") in [(c.field, c.old, c.new) for c in newest.changes]


def test_assessment_history_merges_events_flags_and_comments(world: World) -> None:
    save(world, "tim_kerja", CHOICE_CODE, choice="Ya")
    workflow.assessment_sign_off(
        actor=world.users["pimpinan"], assessment=world.own, expected_version=1
    )
    workflow.assessment_submit(
        actor=world.users["tim_kerja"], assessment=world.own, expected_version=2
    )
    workflow.question_flag(
        actor=world.users["tpi"], assessment=world.own, question=q(CHOICE_CODE), note="Lengkapi SK"
    )
    CommentFactory(
        assessment=world.own, code=CHOICE_CODE, body="Mohon dicek", author=world.users["tpi"]
    )
    entries = history.history_for_assessment(world.own)
    whats = [e.what for e in entries]
    assert "Diajukan ke TPI" in whats and "Disetujui pimpinan unit" in whats
    assert "Evaluasi TPI dimulai" in whats
    submit = next(e for e in entries if e.what == "Diajukan ke TPI")
    assert submit.who == world.users["tim_kerja"].get_full_name()
    assert [(c.field, c.old, c.new) for c in submit.changes] == [
        ("status", "Draf", "Diajukan ke TPI")
    ]
    assert any(e.what.startswith("Jawaban Unit") for e in entries)
    times = [e.when for e in entries]
    assert times == sorted(times, reverse=True)


@pytest.mark.parametrize("name", ["assessment_history", "question_history"])
def test_history_pages_render_entries(world: World, name: str) -> None:
    save(world, "tim_kerja", CHOICE_CODE, choice="Ya")
    args: list[int | str] = [world.own.pk]
    if name == "question_history":
        args.append(CHOICE_CODE)
    body = world.client("pimpinan").get(reverse(f"scoring:{name}", args=args)).content.decode()
    assert f"Jawaban Unit (penilaian mandiri) {CHOICE_CODE}" in body
    assert world.users["tim_kerja"].get_full_name() in body
