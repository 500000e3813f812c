"""Rencana aksi writes: create, update with versions, status, notes, evidence links, the late
sweep; refusal codes and an audit row for every write (scoring/plans/services.py)."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import pytest
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType

from areas.models import Indicator, Question
from scoring.plans.models import PlanEvidence, PlanItem, PlanNote, Status
from scoring.plans.services import (
    PlanStale,
    plan_evidence_link,
    plan_evidence_unlink,
    plan_item_create,
    plan_item_set_status,
    plan_item_update,
    plan_mark_late,
    plan_note_add,
)
from tests.conftest import World
from tests.factories import EvidenceFactory
from zi_portal.models import Assessment
from zi_portal.refusals import Refused

pytestmark = pytest.mark.django_db


def indicator(world: World, area_no: int = 1) -> Indicator:
    return (
        Indicator.objects.filter(part__area__framework=world.own.framework, part__area__no=area_no)
        .order_by("order", "pk")
        .first()
    )


def make(world: World, persona: str = "tim_kerja", **kw: Any) -> PlanItem:
    args: dict[str, Any] = {
        "actor": world.users[persona],
        "assessment": world.own,
        "indicator": indicator(world),
        "step": "Menyusun SK tim kerja",
    }
    args.update(kw)
    return plan_item_create(**args)


def audit_rows(model: type, pk: Any, action: int | None = None) -> list[LogEntry]:
    rows = LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(model), object_pk=str(pk)
    )
    if action is not None:
        rows = rows.filter(action=action)
    return list(rows)


def test_create_stores_the_item_and_audits_the_actor(world: World) -> None:
    ind = indicator(world)
    q = Question.objects.filter(indicator=ind).first()
    item = make(
        world,
        question=q,
        points=Decimal("0.3750"),
        target_answer="A",
        person=world.users["tim_kerja"],
    )
    item.refresh_from_db()
    assert (item.indicator, item.question, item.points, item.status) == (
        ind,
        q,
        Decimal("0.3750"),
        Status.PLANNED,
    )
    [row] = audit_rows(PlanItem, item.pk, LogEntry.Action.CREATE)
    assert row.actor == world.users["tim_kerja"]


@pytest.mark.parametrize(
    ("persona", "area_no", "code"),
    [
        ("pimpinan", 1, "plan_not_member"),
        ("tpi", 1, "plan_not_member"),
        ("admin", 1, "plan_not_member"),
        ("tim_kerja_restricted", 3, "plan_area_not_yours"),
    ],
)
def test_create_refusals(world: World, persona: str, area_no: int, code: str) -> None:
    with pytest.raises(Refused) as exc:
        make(world, persona, indicator=indicator(world, area_no))
    assert exc.value.code == code
    assert not PlanItem.objects.exists()


def test_restricted_member_edits_own_area(world: World) -> None:
    item = make(world, "tim_kerja_restricted", indicator=indicator(world, 2))
    assert item.pk


def test_closed_assessment_refuses(world: World) -> None:
    Assessment.objects.filter(pk=world.own.pk).update(status=Assessment.Status.CLOSED)
    with pytest.raises(Refused) as exc:
        make(world)
    assert exc.value.code == "plan_closed"


def test_plan_stays_open_during_review(world: World) -> None:
    Assessment.objects.filter(pk=world.own.pk).update(status=Assessment.Status.IN_REVIEW)
    assert make(world).pk


@pytest.mark.parametrize(
    ("kw", "code"),
    [
        ({"step": "  "}, "plan_step_missing"),
        (
            {"start_date": datetime.date(2026, 5, 1), "due_date": datetime.date(2026, 4, 1)},
            "plan_dates_order",
        ),
        ({"status": "bogus"}, "plan_status_invalid"),
        ({"status": Status.CANCELLED}, "plan_cancel_reason"),
    ],
)
def test_create_checks(world: World, kw: dict[str, Any], code: str) -> None:
    with pytest.raises(Refused) as exc:
        make(world, **kw)
    assert exc.value.code == code


def test_question_of_another_indicator_and_person_outside_the_unit(world: World) -> None:
    other_q = Question.objects.filter(indicator=indicator(world, 2)).first()
    with pytest.raises(Refused) as exc:
        make(world, question=other_q)
    assert exc.value.code == "plan_question_foreign"
    with pytest.raises(Refused) as exc:
        make(world, person=world.users["tpi"])
    assert exc.value.code == "plan_person_not_member"


def test_update_bumps_version_and_refuses_stale(world: World) -> None:
    item = make(world)
    updated = plan_item_update(
        actor=world.users["tim_kerja"],
        item=item,
        version=1,
        step="Langkah baru",
        person_name="Bu Ani",
    )
    assert (updated.step, updated.person_name, updated.version) == ("Langkah baru", "Bu Ani", 2)
    with pytest.raises(PlanStale) as exc:
        plan_item_update(actor=world.users["tim_kerja"], item=item, version=1, step="x")
    assert exc.value.code == "plan_stale"
    assert len(audit_rows(PlanItem, item.pk, LogEntry.Action.UPDATE)) == 1


def test_update_to_an_indicator_outside_restricted_areas(world: World) -> None:
    item = make(world, "tim_kerja_restricted")
    with pytest.raises(Refused) as exc:
        plan_item_update(
            actor=world.users["tim_kerja_restricted"],
            item=item,
            version=1,
            indicator=indicator(world, 4),
        )
    assert exc.value.code == "plan_area_not_yours"


def test_status_done_cancel_and_reopen(world: World) -> None:
    item = make(world)
    tk = world.users["tim_kerja"]
    done = plan_item_set_status(actor=tk, item=item, status=Status.DONE)
    assert done.done_at is not None
    with pytest.raises(Refused) as exc:
        plan_item_set_status(actor=tk, item=item, status=Status.CANCELLED)
    assert exc.value.code == "plan_cancel_reason"
    cancelled = plan_item_set_status(
        actor=tk, item=item, status=Status.CANCELLED, reason="Tidak relevan"
    )
    assert (cancelled.cancel_reason, cancelled.done_at) == ("Tidak relevan", None)
    back = plan_item_set_status(actor=tk, item=item, status=Status.IN_PROGRESS)
    assert back.cancel_reason == ""
    rows = audit_rows(PlanItem, item.pk, LogEntry.Action.UPDATE)
    assert len(rows) == 3 and all(r.actor == tk for r in rows)


def test_notes_progress_and_comments(world: World) -> None:
    item = make(world)
    note = plan_note_add(
        actor=world.users["tim_kerja"], item=item, kind="progress", text="Draf SK siap"
    )
    for persona in ("pimpinan", "tpi", "pimpinan_instansi", "admin", "tim_kerja"):
        plan_note_add(actor=world.users[persona], item=item, kind="comment", text=f"dari {persona}")
    assert item.notes.count() == 6
    with pytest.raises(Refused) as exc:
        plan_note_add(actor=world.users["pimpinan"], item=item, kind="progress", text="x")
    assert exc.value.code == "plan_not_member"
    with pytest.raises(Refused) as exc:
        plan_note_add(actor=world.users["tim_kerja"], item=item, kind="comment", text=" ")
    assert exc.value.code == "plan_note_empty"
    with pytest.raises(Refused) as exc:
        plan_note_add(actor=world.users["outsider"], item=item, kind="comment", text="x")
    assert exc.value.code == "plan_comment_denied"
    [row] = audit_rows(PlanNote, note.pk, LogEntry.Action.CREATE)
    assert row.actor == world.users["tim_kerja"]


def test_evidence_link_same_assessment_only(world: World) -> None:
    item = make(world)
    tk = world.users["tim_kerja"]
    ev = EvidenceFactory(assessment=world.own)
    link = plan_evidence_link(actor=tk, item=item, evidence=ev)
    assert plan_evidence_link(actor=tk, item=item, evidence=ev) == link
    for foreign in (
        EvidenceFactory(assessment=world.other),
        EvidenceFactory(assessment=world.own, deleted=True),
    ):
        with pytest.raises(Refused) as exc:
            plan_evidence_link(actor=tk, item=item, evidence=foreign)
        assert exc.value.code == "plan_evidence_foreign"
    with pytest.raises(Refused) as exc:
        plan_evidence_link(actor=world.users["tpi"], item=item, evidence=ev)
    assert exc.value.code == "plan_not_member"
    link_pk = link.pk
    assert plan_evidence_unlink(actor=tk, item=item, evidence=ev) is True
    assert plan_evidence_unlink(actor=tk, item=item, evidence=ev) is False
    assert not PlanEvidence.objects.exists()
    assert len(audit_rows(PlanEvidence, link_pk, LogEntry.Action.CREATE)) == 1
    [row] = audit_rows(PlanEvidence, link_pk, LogEntry.Action.DELETE)
    assert row.actor == tk


def test_mark_late(world: World) -> None:
    today = datetime.date(2026, 6, 1)
    past = today - datetime.timedelta(days=1)
    planned = make(world, due_date=past)
    running = make(world, due_date=past, status=Status.IN_PROGRESS)
    done = make(world, due_date=past, status=Status.DONE)
    future = make(world, due_date=today)
    assert plan_mark_late(today=today) == 2
    statuses = {i.pk: i.status for i in PlanItem.objects.all()}
    assert statuses == {
        planned.pk: Status.LATE,
        running.pk: Status.LATE,
        done.pk: Status.DONE,
        future.pk: Status.PLANNED,
    }
    assert plan_mark_late(today=today) == 0
    assert len(audit_rows(PlanItem, planned.pk, LogEntry.Action.UPDATE)) == 1
