"""Prerequisite values, the proposal within the quota and the TPN stages (scoring/lifecycle)."""

from __future__ import annotations

from typing import Any

import pytest
from auditlog.models import LogEntry
from django.core import mail

from scoring.lifecycle import services
from scoring.lifecycle.models import PrerequisiteValue, Proposal, TpnStep
from scoring.lifecycle.prerequisites import prerequisites_for
from scoring.models import AssessmentEvent
from scoring.predicates.models import Predicate
from scoring.predicates.services import predicate_grant, predicate_revoke
from tests.conftest import World
from tests.factories import EvidenceFactory
from tests.scoring.lifecycle.conftest import DAY, make_layak, propose, record_all
from zi_portal.models import Assessment
from zi_portal.refusals import Refused

pytestmark = pytest.mark.django_db
Status = Assessment.Status


def _code(exc: Any) -> str:
    return str(exc.value.code)


def test_record_a_value_with_its_source_audited(world: World) -> None:
    ev = EvidenceFactory(assessment=world.own, created_by=world.users["tim_kerja"])
    row = services.prerequisite_record(
        actor=world.users["admin"],
        cycle=world.own.cycle,
        unit=world.own.unit,
        kind="lhkpn_percent",
        value="98,5",
        valid_on=DAY,
        source=ev,
    )
    assert (row.value, row.source, row.recorded_by) == ("98,5", ev, world.users["admin"])
    entry = LogEntry.objects.get_for_object(row).get()
    assert entry.actor == world.users["admin"]
    again = services.prerequisite_record(
        actor=world.users["admin"],
        cycle=world.own.cycle,
        unit=world.own.unit,
        kind="lhkpn_percent",
        value="100",
        valid_on=DAY,
    )
    assert again.pk == row.pk and PrerequisiteValue.objects.count() == 1
    assert LogEntry.objects.get_for_object(row).count() == 2


@pytest.mark.parametrize(
    ("persona", "kind", "value", "level", "code"),
    [
        ("tim_kerja", "lhkpn_percent", "100", "unit", "tpn_not_admin"),
        ("pimpinan_instansi", "lhkpn_percent", "100", "unit", "tpn_not_admin"),
        ("admin", "opini_bpk", "WTP", "unit", "prereq_kind_unknown"),
        ("admin", "lhkpn_percent", "100", "instansi", "prereq_kind_unknown"),
        ("admin", "wbk_held", "WBK", "unit", "prereq_kind_unknown"),
        ("admin", "lhkpn_percent", "120", "unit", "prereq_value_invalid"),
        ("admin", "opini_bpk", "BAIK", "instansi", "prereq_value_invalid"),
    ],
)
def test_record_refusals(
    world: World, persona: str, kind: str, value: str, level: str, code: str
) -> None:
    unit = world.own.unit if level == "unit" else world.instansi
    with pytest.raises(Refused) as exc:
        services.prerequisite_record(
            actor=world.users[persona],
            cycle=world.own.cycle,
            unit=unit,
            kind=kind,
            value=value,
            valid_on=DAY,
        )
    assert _code(exc) == code
    assert not PrerequisiteValue.objects.exists()


def test_a_source_of_another_unit_is_refused(world: World) -> None:
    ev = EvidenceFactory(assessment=world.other, created_by=world.users["outsider"])
    with pytest.raises(Refused) as exc:
        services.prerequisite_record(
            actor=world.users["admin"],
            cycle=world.own.cycle,
            unit=world.own.unit,
            kind="tlhp_percent",
            value="100",
            valid_on=DAY,
            source=ev,
        )
    assert _code(exc) == "prereq_source_foreign"


def test_instansi_values_apply_to_every_unit_of_it(world: World) -> None:
    record_all(world, world.own)
    sib = {
        r.kind: r.status
        for r in prerequisites_for(cycle=world.own.cycle, unit=world.sibling.unit, predicate="WBK")
    }
    assert sib["opini_bpk"] == "met" and sib["tlhp_percent"] == "missing"
    other = {
        r.kind: r.status
        for r in prerequisites_for(cycle=world.own.cycle, unit=world.other.unit, predicate="WBK")
    }
    assert other["opini_bpk"] == "missing"


def test_propose_within_the_quota_then_refused_beyond(
    world: World, ready: Assessment, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        proposal = propose(world, ready)
    ready.refresh_from_db()
    assert (proposal.predicate, ready.status) == ("WBK", Status.PROPOSED)
    event = AssessmentEvent.objects.get(assessment=ready, action="tpn_proposed")
    assert (event.from_status, event.to_status, event.actor) == (
        "evaluated",
        "proposed",
        world.users["admin"],
    )
    assert LogEntry.objects.get_for_object(proposal).get().actor == world.users["admin"]
    assert {m.to[0] for m in mail.outbox} == {
        "tim_kerja@uji.local",
        "tim_kerja_restricted@uji.local",
        "pimpinan@uji.local",
    }
    assert "Diusulkan ke TPN" in mail.outbox[0].subject
    sibling = make_layak(world.sibling)
    record_all(world, sibling)
    with pytest.raises(Refused) as exc:
        propose(world, sibling)
    assert _code(exc) == "tpn_quota_full"
    assert "1 unit" in str(exc.value)
    assert Proposal.objects.count() == 1


def test_no_quota_recorded_is_refused(world: World) -> None:
    make_layak(world.own)
    record_all(world, world.own)
    with pytest.raises(Refused) as exc:
        propose(world, world.own)
    assert _code(exc) == "tpn_quota_unset"


def test_a_missing_prerequisite_is_refused_naming_it(world: World, ready: Assessment) -> None:
    PrerequisiteValue.objects.filter(kind="lhkasn_percent").delete()
    with pytest.raises(Refused) as exc:
        propose(world, ready)
    assert _code(exc) == "tpn_prerequisite_missing"
    assert "Kepatuhan LHKASN unit" in str(exc.value) and "100" in str(exc.value)
    ready.refresh_from_db()
    assert ready.status == Status.EVALUATED and not Proposal.objects.exists()


def test_wbbm_needs_wbk_held_and_sakip_bb(world: World, ready: Assessment) -> None:
    with pytest.raises(Refused) as exc:
        propose(world, ready, "WBBM")
    assert _code(exc) == "tpn_prerequisite_missing"
    assert "Predikat Menuju WBK" in str(exc.value)
    grant = predicate_grant(
        actor=world.users["admin"],
        unit=ready.unit,
        kind="WBK",
        decree_number="9/2024",
        decree_date=DAY.replace(year=2024),
    )
    services.prerequisite_record(
        actor=world.users["admin"],
        cycle=ready.cycle,
        unit=ready.unit,
        kind="sakip_unit",
        value="B",
        valid_on=DAY,
    )
    with pytest.raises(Refused) as exc:
        propose(world, ready, "WBBM")
    assert _code(exc) == "tpn_prerequisite_not_met"
    assert "Predikat SAKIP unit" in str(exc.value) and "BB" in str(exc.value)
    # A revoked grant no longer counts: the held-WBK prerequisite is missing again.
    predicate_revoke(actor=world.users["admin"], predicate=grant, reason="Evaluasi ulang gagal")
    blocking = [
        r
        for r in prerequisites_for(cycle=ready.cycle, unit=ready.unit, predicate="WBBM")
        if r.blocking
    ]
    assert [r.kind for r in blocking] == ["sakip_unit", "wbk_held"]


@pytest.mark.parametrize(
    ("status", "recommendation"),
    [(Status.EVALUATED, "belum_layak"), (Status.IN_REVIEW, "layak"), (Status.DRAFT, "")],
)
def test_only_layak_evaluated_units_are_proposed(
    world: World, ready: Assessment, status: str, recommendation: str
) -> None:
    ready.status, ready.recommendation = status, recommendation
    ready.save()
    with pytest.raises(Refused) as exc:
        propose(world, ready)
    assert _code(exc) == "tpn_not_layak"


def test_only_the_instansi_admin_proposes(world: World, ready: Assessment) -> None:
    for persona in ("tim_kerja", "pimpinan", "tpi", "pimpinan_instansi", "outsider"):
        with pytest.raises(Refused) as exc:
            services.assessment_propose(
                actor=world.users[persona], assessment=ready, predicate="WBK"
            )
        assert _code(exc) == "tpn_not_admin"


def _step(world: World, a: Assessment, stage: str, **kw: Any) -> TpnStep:
    return services.tpn_step_record(
        actor=world.users["admin"], assessment=a, stage=stage, happened_on=DAY, **kw
    )


def test_each_stage_with_event_audit_and_mail(
    world: World, ready: Assessment, django_capture_on_commit_callbacks: Any
) -> None:
    propose(world, ready)
    letter = EvidenceFactory(assessment=ready, created_by=world.users["tim_kerja"])
    stages = [Status.PRA_EVALUASI, Status.DESK_EVALUASI, Status.EVALUASI_LAPANGAN]
    for before, stage in zip([Status.PROPOSED, *stages], stages, strict=False):
        mail.outbox.clear()
        with django_capture_on_commit_callbacks(execute=True):
            step = _step(world, ready, stage, notes=f"catatan {stage}", documents=[letter])
        ready.refresh_from_db()
        assert ready.status == stage
        assert list(step.documents.all()) == [letter]
        event = AssessmentEvent.objects.get(assessment=ready, action=f"tpn_{stage}")
        assert event.actor == world.users["admin"] and event.note == f"catatan {stage}"
        assert (event.from_status, event.to_status) == (before, stage)
        assert LogEntry.objects.get_for_object(step).get().actor == world.users["admin"]
        assert len(mail.outbox) == 3
        assert ready.get_status_display() in mail.outbox[0].subject
        assert f"catatan {stage}" in mail.outbox[0].body
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        step = _step(
            world, ready, Status.DECIDED, outcome="WBK", decree_number="123/2026", decree_date=DAY
        )
    ready.refresh_from_db()
    ready.unit.refresh_from_db()
    assert ready.status == Status.DECIDED and ready.unit.holds_wbk
    record = Predicate.objects.get(unit=ready.unit)
    assert (record.kind, record.decree_number, record.decree_date, record.assessment) == (
        "WBK",
        "123/2026",
        DAY,
        ready,
    )
    assert (step.outcome, step.decree_number) == ("WBK", "123/2026")
    assert "123/2026" in mail.outbox[0].body
    _step(world, ready, Status.CLOSED)
    ready.refresh_from_db()
    assert ready.status == Status.CLOSED
    assert TpnStep.objects.filter(assessment=ready).count() == 6


def test_stages_go_in_order(world: World, ready: Assessment) -> None:
    with pytest.raises(Refused) as exc:
        _step(world, ready, Status.PRA_EVALUASI)
    assert _code(exc) == "tpn_stage_order"
    propose(world, ready)
    with pytest.raises(Refused) as exc:
        _step(world, ready, Status.DESK_EVALUASI)
    assert _code(exc) == "tpn_stage_order"
    with pytest.raises(Refused) as exc:
        _step(world, ready, Status.DECIDED, outcome="not_granted")
    assert _code(exc) == "tpn_stage_order"


def test_the_decision(world: World, ready: Assessment) -> None:
    propose(world, ready)
    _step(world, ready, Status.PRA_EVALUASI)
    for kw, code in [
        ({"outcome": "WBBM", "decree_number": "1", "decree_date": DAY}, "tpn_outcome_invalid"),
        ({"outcome": "WBK", "decree_number": "", "decree_date": DAY}, "tpn_decree_missing"),
        ({"outcome": "WBK", "decree_number": "1/2026"}, "tpn_decree_missing"),
    ]:
        with pytest.raises(Refused) as exc:
            _step(world, ready, Status.DECIDED, **kw)
        assert _code(exc) == code
    step = _step(world, ready, Status.DECIDED, outcome="not_granted", notes="Belum memenuhi")
    ready.unit.refresh_from_db()
    assert step.outcome == "not_granted" and not ready.unit.holds_wbk
    record = Predicate.objects.get(unit=ready.unit)
    assert (record.kind, record.decree_date) == ("not_granted", DAY)


def test_a_document_of_another_assessment_is_refused(world: World, ready: Assessment) -> None:
    propose(world, ready)
    foreign = EvidenceFactory(assessment=world.sibling, created_by=world.users["admin"])
    with pytest.raises(Refused) as exc:
        _step(world, ready, Status.PRA_EVALUASI, documents=[foreign])
    assert _code(exc) == "prereq_source_foreign"


def test_the_quota_is_audited_and_only_the_admins(world: World) -> None:
    from scoring.lifecycle.models import ProposalQuota

    row = services.quota_set(
        actor=world.users["admin"], cycle=world.own.cycle, instansi=world.instansi, units=3
    )
    assert LogEntry.objects.get_for_object(row).get().actor == world.users["admin"]
    with pytest.raises(Refused) as exc:
        services.quota_set(
            actor=world.users["pimpinan_instansi"],
            cycle=world.own.cycle,
            instansi=world.instansi,
            units=9,
        )
    assert _code(exc) == "tpn_not_admin"
    assert ProposalQuota.objects.get().units == 3
