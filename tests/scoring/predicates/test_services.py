"""Predicates as history: grant, revoke, the re-evaluation due date, the unit's written-through
copy, refusal codes and audit rows (scoring/predicates)."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from auditlog.models import LogEntry
from django.utils import timezone

from scoring.models import AssessmentEvent
from scoring.predicates.models import Predicate, years_after
from scoring.predicates.selectors import (
    current_predicate,
    due_state,
    predicate_history,
    unit_holds_wbk,
)
from scoring.predicates.services import predicate_grant, predicate_revoke
from tests.conftest import World
from zi_portal.models import Unit
from zi_portal.refusals import Refused

pytestmark = pytest.mark.django_db
DECREE = datetime.date(2025, 12, 10)


def grant(world: World, kind: str = "WBK", **kw: Any) -> Predicate:
    args: dict[str, Any] = {
        "actor": world.users["admin"],
        "unit": world.own.unit,
        "kind": kind,
        "decree_number": f"SK {kind}/2025",
        "decree_date": DECREE,
    }
    args.update(kw)
    return predicate_grant(**args)


def test_grant_writes_the_history_and_the_units_copy_audited(world: World) -> None:
    row = grant(world, assessment=world.own)
    assert (row.kind, row.decree_number, row.decree_date) == ("WBK", "SK WBK/2025", DECREE)
    assert (row.assessment, row.cycle, row.granted_by) == (
        world.own,
        world.own.cycle,
        world.users["admin"],
    )
    unit = Unit.objects.get(pk=world.own.unit.pk)
    assert (unit.holds_wbk, unit.predicate, unit.predicate_date) == (True, "WBK", DECREE)
    assert world.own.unit.holds_wbk  # the caller's object follows
    assert LogEntry.objects.get_for_object(row).get().actor == world.users["admin"]
    unit_entry = LogEntry.objects.get_for_object(unit).latest("timestamp")
    assert unit_entry.actor == world.users["admin"] and "holds_wbk" in unit_entry.changes_dict
    event = AssessmentEvent.objects.get(assessment=world.own, action="predicate_granted")
    assert event.actor == world.users["admin"] and event.note == "WBK SK WBK/2025"


def test_revoke_ends_the_predicate_with_reason_audited(world: World) -> None:
    row = grant(world, assessment=world.own)
    predicate_revoke(actor=world.users["admin"], predicate=row, reason="Evaluasi ulang gagal")
    row.refresh_from_db()
    assert row.is_revoked and row.revoked_by == world.users["admin"]
    assert row.revoke_reason == "Evaluasi ulang gagal"
    unit = Unit.objects.get(pk=world.own.unit.pk)
    assert (unit.holds_wbk, unit.predicate, unit.predicate_date) == (False, "", None)
    assert not unit_holds_wbk(unit)
    # the day before the revocation it still counted
    assert unit_holds_wbk(unit, timezone.localdate() - datetime.timedelta(days=1))
    assert LogEntry.objects.get_for_object(row).count() == 2
    assert AssessmentEvent.objects.filter(
        assessment=world.own, action="predicate_revoked", note="Evaluasi ulang gagal"
    ).exists()


def test_wbbm_over_wbk_and_revoking_wbbm_falls_back_to_wbk(world: World) -> None:
    wbk = grant(world, "WBK", decree_date=datetime.date(2023, 12, 1))
    wbbm = grant(world, "WBBM")
    assert current_predicate(world.own.unit) == wbbm
    assert Unit.objects.get(pk=world.own.unit.pk).predicate == "WBBM"
    predicate_revoke(actor=world.users["admin"], predicate=wbbm, reason="Dicabut")
    assert current_predicate(world.own.unit) == wbk
    unit = Unit.objects.get(pk=world.own.unit.pk)
    assert (unit.predicate, unit.predicate_date, unit.holds_wbk) == (
        "WBK",
        datetime.date(2023, 12, 1),
        True,
    )


def test_not_granted_is_history_but_no_predicate(world: World) -> None:
    row = grant(world, "not_granted", decree_number="")
    assert row.reevaluation_due is None and not row.is_grant
    assert not Unit.objects.get(pk=world.own.unit.pk).holds_wbk
    with pytest.raises(Refused) as exc:
        predicate_revoke(actor=world.users["admin"], predicate=row, reason="x")
    assert exc.value.code == "predicate_not_revocable"


def test_decree_before_the_day_does_not_count_yet(world: World) -> None:
    grant(world)
    assert not unit_holds_wbk(world.own.unit, DECREE - datetime.timedelta(days=1))
    assert unit_holds_wbk(world.own.unit, DECREE)


def test_reevaluation_due_two_years_after_the_decree() -> None:
    assert Predicate(kind="WBK", decree_date=DECREE).reevaluation_due == datetime.date(2027, 12, 10)
    assert years_after(datetime.date(2024, 2, 29), 2) == datetime.date(2026, 2, 28)
    assert Predicate(kind="WBK", decree_date=None).reevaluation_due is None


def test_due_warning_within_90_days_or_past() -> None:
    due = datetime.date(2027, 12, 10)
    assert due_state(due, due - datetime.timedelta(days=91)) == ""
    assert due_state(due, due - datetime.timedelta(days=90)) == "soon"
    assert due_state(due, due) == "soon"
    assert due_state(due, due + datetime.timedelta(days=1)) == "past"


def test_overdue_reevaluation_still_counts_until_revoked(world: World) -> None:
    row = grant(world, decree_date=datetime.date(2020, 1, 6))
    assert unit_holds_wbk(world.own.unit)  # re-evaluation due 2022: warned, still held
    (hist,) = predicate_history(world.own.unit)
    assert (hist.predicate, hist.due, hist.due_state) == (row, datetime.date(2022, 1, 6), "past")
    predicate_revoke(actor=world.users["admin"], predicate=row, reason="Tidak dievaluasi ulang")
    (hist,) = predicate_history(world.own.unit)
    assert hist.due_state == ""  # a revoked grant is no longer warned about


@pytest.mark.parametrize("persona", ["tim_kerja", "tpi", "pimpinan", "pimpinan_instansi"])
def test_only_the_instansi_admin_grants_and_revokes(world: World, persona: str) -> None:
    with pytest.raises(Refused) as exc:
        grant(world, actor=world.users[persona])
    assert exc.value.code == "predicate_not_admin"
    row = grant(world)
    with pytest.raises(Refused) as exc:
        predicate_revoke(actor=world.users[persona], predicate=row, reason="x")
    assert exc.value.code == "predicate_not_admin"
    assert Predicate.objects.get().revoked_at is None


def test_admin_of_another_instansi_is_refused(world: World) -> None:
    with pytest.raises(Refused) as exc:
        grant(world, unit=world.other.unit)
    assert exc.value.code == "predicate_not_admin"
    assert not Predicate.objects.exists()


@pytest.mark.parametrize(
    ("kw", "code"),
    [
        ({"kind": "WBXX"}, "predicate_kind_invalid"),
        ({"decree_number": " "}, "predicate_decree_missing"),
        ({"decree_date": None}, "predicate_decree_missing"),
        ({"decree_date": datetime.date(2999, 1, 1)}, "predicate_decree_future"),
    ],
)
def test_grant_refusals(world: World, kw: dict[str, Any], code: str) -> None:
    with pytest.raises(Refused) as exc:
        grant(world, **kw)
    assert exc.value.code == code
    assert not Predicate.objects.exists()
    assert not Unit.objects.get(pk=world.own.unit.pk).holds_wbk


def test_foreign_assessment_and_duplicate_decree_refused(world: World) -> None:
    with pytest.raises(Refused) as exc:
        grant(world, assessment=world.sibling)
    assert exc.value.code == "predicate_assessment_foreign"
    grant(world)
    with pytest.raises(Refused) as exc:
        grant(world)
    assert exc.value.code == "predicate_duplicate"
    assert Predicate.objects.count() == 1


def test_revoke_twice_or_without_reason_refused(world: World) -> None:
    row = grant(world)
    with pytest.raises(Refused) as exc:
        predicate_revoke(actor=world.users["admin"], predicate=row, reason="  ")
    assert exc.value.code == "predicate_reason_missing"
    predicate_revoke(actor=world.users["admin"], predicate=row, reason="Dicabut")
    with pytest.raises(Refused) as exc:
        predicate_revoke(actor=world.users["admin"], predicate=row, reason="lagi")
    assert exc.value.code == "predicate_already_revoked"
