"""The review workflow: sign-off, submit, flag, return, resubmit, finalise; snapshots, conflicts
between two people moving the same assessment, audit entries and e-mails."""

from __future__ import annotations

from typing import Any

import pytest
from auditlog.models import LogEntry
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from evidence.models import ReviewFlag
from scoring.models import Answer, AssessmentEvent, Side, Snapshot
from scoring.services import answers as services
from scoring.services import flags as flag_services
from scoring.services import workflow
from tests.conftest import World
from tests.scoring.services.test_answers import (
    ABCD_CODE,
    CHOICE_CODE,
    INDEX_CODE,
    q,
    save,
    set_status,
)
from zi_portal.models import Assessment

pytestmark = pytest.mark.django_db


def sign_off(world: World) -> None:
    workflow.assessment_sign_off(
        actor=world.users["pimpinan"], assessment=world.own, expected_version=world.own.version
    )


def submit(world: World) -> Snapshot:
    return workflow.assessment_submit(
        actor=world.users["tim_kerja"], assessment=world.own, expected_version=world.own.version
    )


def emails_to(event_subject: str) -> set[str]:
    return {m.to[0] for m in mail.outbox if event_subject in m.subject}


def test_full_revision_loop(world: World, django_capture_on_commit_callbacks: Any) -> None:
    a = world.own
    save(world, "tim_kerja", CHOICE_CODE, choice="Tidak")
    save(world, "tim_kerja", ABCD_CODE, choice="B")
    save(world, "tim_kerja", INDEX_CODE, index_value="3.5")

    with pytest.raises(PermissionDenied, match="Menunggu persetujuan pimpinan unit"):
        submit(world)
    with django_capture_on_commit_callbacks(execute=True):
        sign_off(world)
    assert emails_to("Pimpinan menyetujui") == {
        "tim_kerja@uji.local",
        "tim_kerja_restricted@uji.local",
    }

    with django_capture_on_commit_callbacks(execute=True):
        first = submit(world)
    assert a.status == "submitted"
    assert emails_to("diajukan ke TPI") == {"tpi@uji.local", "pimpinan@uji.local"}

    # The TPI answers (first action: in_review), flags one question and returns.
    save(world, "tpi", CHOICE_CODE, side=Side.TPI, choice="Tidak")
    a.refresh_from_db()
    assert a.status == "in_review"
    with pytest.raises(PermissionDenied, match="Tandai minimal satu pertanyaan"):
        workflow.assessment_return(
            actor=world.users["tpi"], assessment=a, expected_version=a.version
        )
    workflow.question_flag(
        actor=world.users["tpi"], assessment=a, question=q(CHOICE_CODE), note="Unggah SK tim"
    )
    with pytest.raises(PermissionDenied, match="catatan perbaikan terbuka"):
        workflow.assessment_finalise(
            actor=world.users["tpi"],
            assessment=a,
            expected_version=a.version,
            recommendation="layak",
            recommendation_text="x",
        )
    with django_capture_on_commit_callbacks(execute=True):
        workflow.assessment_return(
            actor=world.users["tpi"], assessment=a, expected_version=a.version
        )
    assert a.status == "revision" and a.signed_off_at is None
    assert emails_to("dikembalikan untuk perbaikan") == {
        "tim_kerja@uji.local",
        "tim_kerja_restricted@uji.local",
        "pimpinan@uji.local",
    }
    body = next(m.body for m in mail.outbox if "dikembalikan" in m.subject)
    assert f"- {CHOICE_CODE}" in body and f"/penilaian/{a.pk}/" in body

    # Only the flagged question reopens.
    with pytest.raises(PermissionDenied, match="hanya pertanyaan yang ditandai TPI"):
        save(world, "tim_kerja", ABCD_CODE, choice="A", expected_version=1)
    fixed = save(world, "tim_kerja", CHOICE_CODE, choice="Ya", expected_version=1)
    assert fixed.version == 2

    with pytest.raises(PermissionDenied, match="Menunggu persetujuan pimpinan unit"):
        submit(world)
    sign_off(world)
    second = submit(world)
    assert a.status == "submitted"
    # The resubmission leaves the flag open: only the TPI closes it (accepted).
    flag = ReviewFlag.objects.get(assessment=a)
    assert flag.resolved_at is None and flag.returned_at is not None
    save(world, "tpi", CHOICE_CODE, side=Side.TPI, choice="Ya", expected_version=1)
    flag_services.flag_accept(actor=world.users["tpi"], assessment=a, flag=flag)
    flag.refresh_from_db()
    assert (flag.outcome, flag.resolved_by) == ("accepted", world.users["tpi"])
    with django_capture_on_commit_callbacks(execute=True):
        evaluated = workflow.assessment_finalise(
            actor=world.users["tpi"],
            assessment=a,
            expected_version=a.version,
            recommendation="layak",
            recommendation_text="Layak diusulkan; lengkapi survei.",
        )
    a.refresh_from_db()
    assert (a.status, a.recommendation) == ("evaluated", "layak")
    assert evaluated.kind == "evaluated"
    assert emails_to("Evaluasi TPI atas") == {
        "tim_kerja@uji.local",
        "tim_kerja_restricted@uji.local",
        "pimpinan@uji.local",
    }

    # Snapshots keep the state of their moment.
    assert first.data["answers"]["unit"][CHOICE_CODE]["choice"] == "Tidak"
    assert second.data["answers"]["unit"][CHOICE_CODE]["choice"] == "Ya"
    assert first.data["scores"]["unit"]["questions"][CHOICE_CODE] == 0.0
    assert second.data["scores"]["unit"]["questions"][CHOICE_CODE] == 1.0
    assert evaluated.data["answers"]["tpi"][CHOICE_CODE]["choice"] == "Ya"
    assert first.data["scores"]["unit"]["total"] < second.data["scores"]["unit"]["total"]

    actions = list(
        AssessmentEvent.objects.filter(assessment=a)
        .order_by("created_at", "pk")
        .values_list("action", "actor__username")
    )
    assert actions == [
        ("sign_off", "pimpinan"),
        ("submit", "tim_kerja"),
        ("review_started", "tpi"),
        ("return", "tpi"),
        ("sign_off", "pimpinan"),
        ("resubmit", "tim_kerja"),
        ("review_started", "tpi"),
        ("finalise", "tpi"),
    ]
    # Every version step is recorded by auditlog with its actor.
    statuses = [
        (e.changes_dict["status"][1], e.actor.username)
        for e in LogEntry.objects.get_for_object(a).order_by("timestamp", "pk")
        if e.action == LogEntry.Action.UPDATE and "status" in e.changes_dict
    ]
    assert statuses == [
        ("submitted", "tim_kerja"),
        ("in_review", "tpi"),
        ("revision", "tpi"),
        ("submitted", "tim_kerja"),
        ("in_review", "tpi"),
        ("evaluated", "tpi"),
    ]


def test_snapshot_holds_scores_and_evidence_hashes(world: World) -> None:
    from tests.scoring.services.test_answers import attach_documents, fill_answers

    fill_answers(world.own, Side.UNIT)
    attach_documents(world.own, per_question=2)
    sign_off(world)
    snap = submit(world)
    data = snap.data
    assert len(data["answers"]["unit"]) == 113 and data["answers"]["tpi"] == {}
    assert data["scores"]["unit"]["complete"] is True
    assert data["scores"]["unit"]["total"] > 90
    assert len(data["evidence"][CHOICE_CODE]) == 2
    assert all(len(h) == 64 for h in data["evidence"][CHOICE_CODE])
    # A change after a return leaves the old snapshot alone.
    Answer.objects.filter(assessment=world.own, question__code=CHOICE_CODE).update(choice="Tidak")
    snap.refresh_from_db()
    assert snap.data["answers"]["unit"][CHOICE_CODE]["choice"] == "Ya"


def test_signoff_goes_stale_after_a_change(world: World) -> None:
    save(world, "tim_kerja", CHOICE_CODE, choice="Ya")
    sign_off(world)
    with pytest.raises(PermissionDenied, match="Pimpinan sudah menyetujui"):
        sign_off(world)
    save(world, "tim_kerja", CHOICE_CODE, choice="Tidak", expected_version=1)
    with pytest.raises(PermissionDenied, match="Ada perubahan setelah persetujuan pimpinan"):
        submit(world)
    sign_off(world)
    submit(world)
    assert world.own.status == "submitted"


def test_two_people_moving_the_same_assessment(world: World) -> None:
    """Both read version N; the first wins, the second gets the conflict with the new status."""
    save(world, "tim_kerja", CHOICE_CODE, choice="Ya")
    sign_off(world)
    seen = world.own.version
    other_tab = Assessment.objects.get(pk=world.own.pk)
    workflow.assessment_submit(
        actor=world.users["tim_kerja"], assessment=world.own, expected_version=seen
    )
    with pytest.raises(services.AssessmentConflict) as exc:
        workflow.assessment_submit(
            actor=world.users["tim_kerja_restricted"], assessment=other_tab, expected_version=seen
        )
    assert exc.value.current.status == "submitted"
    assert 'kini berstatus "Diajukan ke TPI"' in exc.value.message
    assert Snapshot.objects.filter(assessment=world.own).count() == 1
    assert AssessmentEvent.objects.filter(assessment=world.own, action="submit").count() == 1


@pytest.mark.parametrize(
    ("persona", "action", "status", "reason"),
    [
        ("tim_kerja", "sign_off", "draft", "Hanya pimpinan unit"),
        ("tpi", "sign_off", "draft", "Hanya pimpinan unit"),
        ("pimpinan", "sign_off", "submitted", "persetujuan hanya pada draf atau perbaikan"),
        ("pimpinan", "submit", "draft", "Hanya tim kerja"),
        ("tpi", "submit", "draft", "Hanya tim kerja"),
        ("tim_kerja", "submit", "in_review", "tidak dapat diajukan"),
        ("tim_kerja", "return", "in_review", "Hanya penilai TPI"),
        ("admin", "return", "in_review", "Hanya penilai TPI"),
        ("tpi", "return", "draft", "TPI belum/tidak dapat menilai"),
        ("pimpinan", "finalise", "in_review", "Hanya penilai TPI"),
        ("tpi", "finalise", "revision", "TPI belum/tidak dapat menilai"),
        ("pimpinan_instansi", "finalise", "in_review", "Hanya penilai TPI"),
    ],
)
def test_workflow_permissions(
    world: World, persona: str, action: str, status: str, reason: str
) -> None:
    set_status(world.own, status)
    actor, a = world.users[persona], world.own
    calls = {
        "sign_off": lambda: workflow.assessment_sign_off(
            actor=actor, assessment=a, expected_version=a.version
        ),
        "submit": lambda: workflow.assessment_submit(
            actor=actor, assessment=a, expected_version=a.version
        ),
        "return": lambda: workflow.assessment_return(
            actor=actor, assessment=a, expected_version=a.version
        ),
        "finalise": lambda: workflow.assessment_finalise(
            actor=actor,
            assessment=a,
            expected_version=a.version,
            recommendation="layak",
            recommendation_text="x",
        ),
    }
    with pytest.raises(PermissionDenied, match=reason):
        calls[action]()
    a.refresh_from_db()
    assert a.status == status and a.version == 1
    assert not AssessmentEvent.objects.filter(assessment=a).exists()


def test_flag_rules(world: World) -> None:
    a = world.own
    with pytest.raises(PermissionDenied, match="TPI belum/tidak dapat menilai"):
        workflow.question_flag(
            actor=world.users["tpi"], assessment=a, question=q(CHOICE_CODE), note="x"
        )
    set_status(a, "submitted")
    with pytest.raises(PermissionDenied, match="Hanya penilai TPI"):
        workflow.question_flag(
            actor=world.users["tim_kerja"], assessment=a, question=q(CHOICE_CODE), note="x"
        )
    with pytest.raises(ValidationError, match="Tuliskan catatan perbaikan"):
        workflow.question_flag(
            actor=world.users["tpi"], assessment=a, question=q(CHOICE_CODE), note="  "
        )
    flag = workflow.question_flag(
        actor=world.users["tpi"], assessment=a, question=q(CHOICE_CODE), note="Lengkapi SK"
    )
    a.refresh_from_db()
    assert a.status == "in_review"
    with pytest.raises(ValidationError, match="sudah ditandai"):
        workflow.question_flag(
            actor=world.users["tpi"], assessment=a, question=q(CHOICE_CODE), note="lagi"
        )
    workflow.question_flag_withdraw(actor=world.users["tpi"], assessment=a, flag=flag)
    flag.refresh_from_db()
    assert flag.resolved_by == world.users["tpi"]
    assert LogEntry.objects.get_for_object(flag).filter(actor=world.users["tpi"]).count() == 2


def test_finalise_needs_recommendation_and_text(world: World) -> None:
    set_status(world.own, "in_review")
    tpi = world.users["tpi"]
    with pytest.raises(ValidationError, match="Pilih rekomendasi"):
        workflow.assessment_finalise(
            actor=tpi,
            assessment=world.own,
            expected_version=1,
            recommendation="mungkin",
            recommendation_text="x",
        )
    with pytest.raises(ValidationError, match="Tuliskan uraian rekomendasi"):
        workflow.assessment_finalise(
            actor=tpi,
            assessment=world.own,
            expected_version=1,
            recommendation="belum_layak",
            recommendation_text=" ",
        )
    world.own.refresh_from_db()
    assert world.own.status == "in_review" and not Snapshot.objects.exists()


def test_rolled_back_step_sends_no_mail(
    world: World, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(PermissionDenied):
        submit(world)
    assert mail.outbox == []


def test_membership_changes_are_audited(world: World) -> None:
    from areas.models import Area
    from zi_portal.models import Membership

    m = Membership.objects.get(user=world.users["tim_kerja_restricted"])
    m.areas.add(Area.objects.get(framework=world.own.framework, no=3))
    entries = LogEntry.objects.get_for_object(m)
    assert any(e.changes_dict.get("areas", {}).get("operation") == "add" for e in entries)
