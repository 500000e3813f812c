"""Review of changes: one full round (submit, two flags, return, the unit changes one answer,
replaces one document and replies to a flag, resubmit) read back by the changes selector, the
assessment page's filters and the finalise confirmation."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from areas.models import Question
from evidence import services as evidence_services
from evidence.models import Evidence, ReviewFlag
from scoring.models import AssessmentEvent, Side
from scoring.selectors import changes, history
from scoring.selectors.pages import CHANGED_FILTER, assessment_page
from scoring.services import flags as flag_services
from scoring.services import workflow
from tests.conftest import World
from tests.evidence.conftest import upload
from tests.factories import SnapshotFactory, pdf_bytes
from tests.scoring.services.test_answers import (
    ABCD_CODE,
    CHOICE_CODE,
    PERCENT_CODE,
    attach_documents,
    q,
    save,
    set_status,
)
from zi_portal.access import access_for

pytestmark = pytest.mark.django_db
COUNTS_BEFORE = {"jumlah_agen_perubahan": 2, "jumlah_perubahan_dibuat": 10}
COUNTS_AFTER = {"jumlah_agen_perubahan": 3, "jumlah_perubahan_dibuat": 1500}


@dataclass
class Round:
    world: World
    document: Evidence
    choice_flag: ReviewFlag
    abcd_flag: ReviewFlag


def sign_off_and_submit(world: World) -> None:
    a = world.own
    workflow.assessment_sign_off(
        actor=world.users["pimpinan"], assessment=a, expected_version=a.version
    )
    workflow.assessment_submit(
        actor=world.users["tim_kerja"], assessment=a, expected_version=a.version
    )


def tpi_answer(world: World, code: str, choice: str, version: int | None = None) -> None:
    save(world, "tpi", code, side=Side.TPI, choice=choice, expected_version=version)


def run_round(world: World) -> Round:
    """Submission 1, the TPI answers and flags two questions and returns, the unit revises
    CHOICE (answer Tidak -> Ya, with a reply) and ABCD (document v1 -> v2), submission 2."""
    a = world.own
    tim = world.users["tim_kerja"]
    save(world, "tim_kerja", CHOICE_CODE, choice="Tidak")
    save(world, "tim_kerja", ABCD_CODE, choice="B")
    save(world, "tim_kerja", PERCENT_CODE, counts=COUNTS_BEFORE)
    document = evidence_services.evidence_upload(
        actor=tim, assessment=a, question=q(ABCD_CODE), uploaded_file=upload("sk.pdf", pdf_bytes())
    )
    sign_off_and_submit(world)
    tpi_answer(world, CHOICE_CODE, "Tidak")
    tpi_answer(world, ABCD_CODE, "B")
    tpi = world.users["tpi"]
    choice_flag = workflow.question_flag(
        actor=tpi, assessment=a, question=q(CHOICE_CODE), note="SK tim belum ada"
    )
    abcd_flag = workflow.question_flag(
        actor=tpi, assessment=a, question=q(ABCD_CODE), note="SK kedaluwarsa"
    )
    workflow.assessment_return(actor=tpi, assessment=a, expected_version=a.version)
    save(world, "tim_kerja", CHOICE_CODE, choice="Ya", expected_version=1)
    evidence_services.evidence_replace(
        actor=tim, evidence=document, uploaded_file=upload("sk-2025.pdf", pdf_bytes("SK 2025"))
    )
    flag_services.flag_reply(
        actor=tim, assessment=a, flag=choice_flag, reply="SK tim 2025 diunggah di A.I.1"
    )
    sign_off_and_submit(world)
    for f in (choice_flag, abcd_flag):
        f.refresh_from_db()
    return Round(world, document, choice_flag, abcd_flag)


def test_changes_of_the_round_are_exactly_what_the_unit_did(world: World) -> None:
    r = run_round(world)
    result = changes.submission_changes(assessment=world.own)
    assert result.codes == [CHOICE_CODE, ABCD_CODE]
    by_code = {c.code: c for c in result.questions}

    choice = by_code[CHOICE_CODE]
    assert (choice.answer_before, choice.answer_after, choice.answer_changed) == (
        "Tidak",
        "Ya",
        True,
    )
    assert choice.documents == [] and not choice.note_changed
    assert choice.flags == [r.choice_flag] and choice.replied
    assert choice.flags[0].reply == "SK tim 2025 diunggah di A.I.1"

    abcd = by_code[ABCD_CODE]
    assert not abcd.answer_changed and abcd.answer_before == abcd.answer_after == "B"
    assert [(d.kind, d.evidence_id, d.from_revision, d.to_revision) for d in abcd.documents] == [
        ("replaced", r.document.pk, 1, 2)
    ]
    with translation.override("id"):
        assert abcd.documents[0].label == "diganti (v1 → v2)"
    assert abcd.flags == [r.abcd_flag] and not abcd.replied

    # Neither has a TPI answer since the resubmission; both flags are still open.
    assert [c.code for c in changes.unreviewed_changes(world.own)] == [CHOICE_CODE, ABCD_CODE]
    assert r.choice_flag.resolved_at is None and r.abcd_flag.resolved_at is None
    assert [f.pk for f in changes.flags_to_accept(world.own)] == [
        r.choice_flag.pk,
        r.abcd_flag.pk,
    ]
    assert changes.question_changes(assessment=world.own, question=q(PERCENT_CODE)) is None


def test_count_answers_read_as_on_the_page(world: World) -> None:
    save(world, "tim_kerja", PERCENT_CODE, counts=COUNTS_BEFORE)
    sign_off_and_submit(world)
    a = world.own
    workflow.question_flag(
        actor=world.users["tpi"], assessment=a, question=q(PERCENT_CODE), note="cek"
    )
    workflow.assessment_return(actor=world.users["tpi"], assessment=a, expected_version=a.version)
    save(world, "tim_kerja", PERCENT_CODE, counts=COUNTS_AFTER, expected_version=1)
    sign_off_and_submit(world)
    with translation.override("id"):
        change = changes.question_changes(assessment=a, question=q(PERCENT_CODE))
    assert change is not None and change.answer_changed
    labels = {i.key: i.label for i in q(PERCENT_CODE).inputs.all()}
    agen, dibuat = labels["jumlah_agen_perubahan"], labels["jumlah_perubahan_dibuat"]
    assert change.answer_before == f"{agen}: 2; {dibuat}: 10"
    assert change.answer_after == f"{agen}: 3; {dibuat}: 1500"


def test_no_round_before_a_resubmission(world: World) -> None:
    save(world, "tim_kerja", CHOICE_CODE, choice="Tidak")
    assert changes.submission_changes(assessment=world.own).questions == []
    sign_off_and_submit(world)
    result = changes.submission_changes(assessment=world.own)
    assert result.previous is None and result.questions == []


def test_filters_list_exactly_the_changed_questions(world: World) -> None:
    run_round(world)
    access = access_for(world.users["tpi"], world.own)
    changed = assessment_page(assessment=world.own, access=access, status=CHANGED_FILTER)
    assert [row.question.code for row in changed.rows] == [CHOICE_CODE, ABCD_CODE]
    assert changed.all_count == 113 and changed.changes is not None
    assert changed.changes.count == 2
    # "Menunggu review" after a resubmission: the revised questions, not 0 of 113.
    awaiting = assessment_page(assessment=world.own, access=access, status="menunggu_review")
    assert [row.question.code for row in awaiting.rows] == [CHOICE_CODE, ABCD_CODE]

    # The TPI answers CHOICE again and accepts its flag: it leaves both lists.
    tpi_answer(world, CHOICE_CODE, "Ya", version=1)
    flag = ReviewFlag.objects.get(question__code=CHOICE_CODE, assessment=world.own)
    flag_services.flag_accept(actor=world.users["tpi"], assessment=world.own, flag=flag)
    awaiting = assessment_page(assessment=world.own, access=access, status="menunggu_review")
    assert [row.question.code for row in awaiting.rows] == [ABCD_CODE]
    changed = assessment_page(assessment=world.own, access=access, status=CHANGED_FILTER)
    assert [row.question.code for row in changed.rows] == [CHOICE_CODE, ABCD_CODE]


def test_finalise_holds_back_until_confirmed(world: World) -> None:
    r = run_round(world)
    a, tpi = world.own, world.users["tpi"]

    def finalise(**kw: Any) -> Any:
        return workflow.assessment_finalise(
            actor=tpi,
            assessment=a,
            expected_version=a.version,
            recommendation="layak",
            recommendation_text="Layak",
            **kw,
        )

    with translation.override("id"), pytest.raises(ValidationError) as held:
        finalise()
    assert held.value.error_list[0].code == workflow.FINALISE_UNCONFIRMED
    text = held.value.messages[0]
    assert f"(2): {CHOICE_CODE}, {ABCD_CODE}." in text
    a.refresh_from_db()
    assert a.status == "submitted"  # nothing moved

    tpi_answer(world, CHOICE_CODE, "Ya", version=1)
    flag_services.flag_accept(actor=tpi, assessment=a, flag=r.choice_flag)
    pending = changes.finalise_pending(a)
    assert pending.unreviewed_codes == [ABCD_CODE] and pending.flag_codes == [ABCD_CODE]
    with pytest.raises(ValidationError):
        finalise()
    finalise(confirm_unreviewed=True)
    a.refresh_from_db()
    assert a.status == "evaluated"
    event = AssessmentEvent.objects.get(assessment=a, action="finalise_confirmed")
    assert event.actor == tpi and ABCD_CODE in event.note and CHOICE_CODE not in event.note
    # The flag the TPI did not accept stays open on the record; the accepted one is closed.
    r.abcd_flag.refresh_from_db()
    r.choice_flag.refresh_from_db()
    assert r.abcd_flag.resolved_at is None and r.abcd_flag.outcome == ""
    assert (r.choice_flag.outcome, r.choice_flag.resolved_by) == ("accepted", tpi)
    entries = LogEntry.objects.get_for_object(r.choice_flag).order_by("timestamp", "pk")
    by_actor = [(e.actor.username, sorted(e.changes_dict)) for e in entries]
    assert ("tim_kerja", ["replied_at", "replied_by", "reply"]) in by_actor
    assert ("tpi", ["outcome", "resolved_at", "resolved_by"]) in by_actor
    assert ("tpi", ["returned_at"]) in by_actor


def test_finalise_needs_no_confirmation_when_everything_was_seen(world: World) -> None:
    r = run_round(world)
    a, tpi = world.own, world.users["tpi"]
    tpi_answer(world, CHOICE_CODE, "Ya", version=1)
    tpi_answer(world, ABCD_CODE, "B", version=1)
    for f in (r.choice_flag, r.abcd_flag):
        flag_services.flag_accept(actor=tpi, assessment=a, flag=f)
    assert not changes.finalise_pending(a).any
    workflow.assessment_finalise(
        actor=tpi,
        assessment=a,
        expected_version=a.version,
        recommendation="layak",
        recommendation_text="Layak",
    )
    assert not AssessmentEvent.objects.filter(assessment=a, action="finalise_confirmed").exists()


def test_history_tells_the_reply_and_the_acceptance(world: World) -> None:
    r = run_round(world)
    flag_services.flag_accept(actor=world.users["tpi"], assessment=world.own, flag=r.choice_flag)
    with translation.override("id"):
        entries = history.history_for_question(world.own, q(CHOICE_CODE))
        said = {(c.field, c.new) for e in entries for c in e.changes}
        events = {e.what for e in history.history_for_assessment(world.own)}
    assert ("balasan unit", "SK tim 2025 diunggah di A.I.1") in said
    assert ("keputusan TPI", "Diterima TPI") in said
    tim = world.users["tim_kerja"]
    assert ("dibalas oleh", tim.get_full_name() or tim.username) in said
    assert "Diajukan ulang ke TPI" in events


def _two_rounds(world: World, changed: int) -> None:
    """Two submitted snapshots in which the first `changed` questions' unit answers differ, and
    three documents per question attached between them (bulk rows, no services)."""
    questions = list(Question.objects.filter(framework=world.own.framework).order_by("position"))
    before = {qq.code: {"choice": "A"} for qq in questions}
    after = {qq.code: {"choice": "B" if i < changed else "A"} for i, qq in enumerate(questions)}
    SnapshotFactory(assessment=world.own, data={"answers": {"unit": before}})
    attach_documents(world.own, per_question=3)
    SnapshotFactory(assessment=world.own, data={"answers": {"unit": after}})
    set_status(world.own, "submitted")


def _queries(world: World) -> tuple[int, changes.SubmissionChanges]:
    with CaptureQueriesContext(connection) as ctx:
        result = changes.submission_changes(assessment=world.own)
    return len(ctx.captured_queries), result


@pytest.mark.parametrize("changed", [1, 113])
def test_changes_read_in_a_fixed_number_of_queries(world: World, changed: int) -> None:
    _two_rounds(world, changed)
    queries, result = _queries(world)
    assert result.count == 113  # every question got three documents in the round
    assert sum(c.answer_changed for c in result.questions) == changed
    assert {len(c.documents) for c in result.questions} == {3}
    assert queries == 7  # snapshots, questions, their inputs, attachments, revisions, flags, TPI
