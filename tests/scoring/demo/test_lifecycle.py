"""The demo's cycle after the TPI: unit 1 proposed for WBK with its prerequisites met, unit 3
missing LHKASN (its proposal refused naming it), unit 2 holding WBK from last year's decree."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from scoring.demo.seed import demo_seed
from scoring.lifecycle.models import PrerequisiteValue, Proposal, ProposalQuota
from scoring.lifecycle.prerequisites import prerequisites_for
from scoring.lifecycle.rules import prerequisites_refusal
from scoring.lifecycle.services import assessment_propose
from scoring.predicates.models import Predicate
from scoring.predicates.selectors import unit_holds_wbk
from zi_portal.models import Assessment
from zi_portal.refusals import Refused

pytestmark = pytest.mark.django_db


def test_the_demo_cycle_after_the_tpi(framework: Any, client: Any) -> None:
    unit1, unit2, unit3 = demo_seed()
    for a in (unit1, unit2, unit3):
        a.refresh_from_db()
    proposal = Proposal.objects.get()
    assert (proposal.assessment, proposal.predicate) == (unit1, "WBK")
    assert unit1.status == Assessment.Status.PROPOSED
    assert ProposalQuota.objects.get().units == 2
    statuses = {
        r.kind: r.status
        for r in prerequisites_for(cycle=unit1.cycle, unit=unit1.unit, predicate="WBK")
    }
    assert set(statuses.values()) == {"met", "not_used"}  # every prerequisite met (RB index unused)
    assert PrerequisiteValue.objects.filter(unit=unit1.unit).exclude(source=None).count() == 5

    results = prerequisites_for(cycle=unit3.cycle, unit=unit3.unit, predicate="WBK")
    assert [r.kind for r in results if r.status == "missing"] == ["lhkasn_percent"]
    refusal = prerequisites_refusal(results=results)
    assert refusal is not None and refusal.code == "tpn_prerequisite_missing"
    assert "LHKASN" in str(refusal.message)
    # Were unit 3 evaluated "layak", the proposal itself would be refused naming the item.
    Assessment.objects.filter(pk=unit3.pk).update(status="evaluated", recommendation="layak")
    admin = proposal.proposed_by
    with pytest.raises(Refused) as exc:
        assessment_propose(actor=admin, assessment=unit3, predicate="WBK")
    assert exc.value.code == "tpn_prerequisite_missing" and "LHKASN" in str(exc.value)

    grant = Predicate.objects.get(unit=unit2.unit)  # last year's decree: unit 2 builds to WBBM
    assert grant.kind == "WBK" and grant.decree_number.startswith("SK MenPANRB")
    assert grant.decree_date is not None and grant.decree_date.year == unit1.cycle.year - 1
    assert unit_holds_wbk(unit2.unit) and not unit_holds_wbk(unit1.unit)
    client.force_login(admin)
    page = client.get(reverse("lifecycle:proposals")).content.decode()
    assert 'data-quota="2" data-used="1"' in page
    dash = client.get(reverse("reports:dashboard", args=[unit3.pk])).content.decode()
    assert 'data-prereq="lhkasn_percent" data-status="missing"' in dash

    counts = (
        Proposal.objects.count(),
        PrerequisiteValue.objects.count(),
        Predicate.objects.count(),
    )
    demo_seed()
    assert (
        Proposal.objects.count(),
        PrerequisiteValue.objects.count(),
        Predicate.objects.count(),
    ) == counts


def test_a_demo_seeded_before_issue_12_is_seeded_again_without_a_proposal(framework: Any) -> None:
    """Unit 1 of an older demo was finalised "belum layak" and has no quota yet: seeding again
    records the prerequisites and the decree, proposes nothing, and fails on nothing."""
    unit1 = demo_seed()[0]
    for model in (Proposal, ProposalQuota, PrerequisiteValue):
        model.objects.all().delete()
    Assessment.objects.filter(pk=unit1.pk).update(status="evaluated", recommendation="belum_layak")
    demo_seed()
    demo_seed()
    assert not Proposal.objects.exists()
    assert ProposalQuota.objects.count() == 1 and PrerequisiteValue.objects.count() == 12
    assert Predicate.objects.count() == 1
