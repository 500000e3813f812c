"""The "Usulan ke TPN" page, the TPN panel and the prerequisite panel; who may use them."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from scoring.lifecycle.models import PrerequisiteValue, Proposal, ProposalQuota, TpnStep
from tests.conftest import World
from tests.scoring.lifecycle.conftest import make_layak, propose, record_all
from zi_portal.models import Assessment

pytestmark = pytest.mark.django_db
Status = Assessment.Status


def test_the_admin_page_lists_units_quota_and_prerequisites(
    world: World, ready: Assessment
) -> None:
    resp = world.client("admin").get(reverse("lifecycle:proposals"))
    assert resp.status_code == 200
    html = resp.content.decode()
    assert 'data-quota="1" data-used="0"' in html
    assert reverse("lifecycle:propose", args=[ready.pk]) in html  # a propose button
    assert 'data-confirm="' in html
    # the sibling is in draft: no button, the refusal code instead
    assert 'data-refusal-code="tpn_not_layak"' in html


@pytest.mark.parametrize(
    "persona", ["tim_kerja", "pimpinan", "tpi", "pimpinan_instansi", "outsider"]
)
def test_the_page_is_the_admins(world: World, persona: str) -> None:
    resp = world.client(persona).get(reverse("lifecycle:proposals"))
    assert resp.status_code == 403
    assert resp["X-Refusal-Code"] == "tpn_not_admin"


def test_propose_through_the_page(world: World, ready: Assessment) -> None:
    resp = world.client("admin").post(
        reverse("lifecycle:propose", args=[ready.pk]), {"predicate": "WBK"}
    )
    assert resp.status_code == 302
    ready.refresh_from_db()
    assert ready.status == Status.PROPOSED
    page = world.client("admin").get(reverse("lifecycle:proposals")).content.decode()
    assert 'data-quota="1" data-used="1"' in page


def test_a_missing_prerequisite_refuses_the_proposal_by_name(world: World) -> None:
    make_layak(world.own)
    record_all(world, world.own, skip="lhkpn_percent")
    ProposalQuota.objects.create(cycle=world.own.cycle, instansi=world.instansi, units=3)
    resp = world.client("admin").post(
        reverse("lifecycle:propose", args=[world.own.pk]), {"predicate": "WBK"}
    )
    assert resp.status_code == 403
    assert resp["X-Refusal-Code"] == "tpn_prerequisite_missing"
    assert "Kepatuhan LHKPN unit" in resp.content.decode()
    assert not Proposal.objects.exists()


@pytest.mark.parametrize("persona", ["tim_kerja", "pimpinan", "tpi", "pimpinan_instansi"])
def test_only_the_admin_writes(world: World, ready: Assessment, persona: str) -> None:
    client = world.client(persona)
    urls = [
        (reverse("lifecycle:propose", args=[ready.pk]), {"predicate": "WBK"}),
        (reverse("lifecycle:step", args=[ready.pk]), {"stage": "pra_evaluasi"}),
        (reverse("lifecycle:unit_prerequisite", args=[ready.pk]), {"kind": "tlhp_percent"}),
    ]
    for url, data in urls:
        resp = client.post(url, data)
        assert resp.status_code == 403, url
        assert resp["X-Refusal-Code"] == "tpn_not_admin"
    for name in ("quota", "instansi_prerequisite"):
        url = reverse(f"lifecycle:{name}", args=[ready.cycle.year, world.instansi.pk])
        assert client.post(url, {"units": "9", "kind": "opini_bpk"}).status_code == 404
    assert ProposalQuota.objects.get().units == 1
    ready.refresh_from_db()
    assert ready.status == Status.EVALUATED


def test_the_admin_records_values_and_quota_through_the_pages(world: World) -> None:
    client = world.client("admin")
    year = world.own.cycle.year
    client.post(reverse("lifecycle:quota", args=[year, world.instansi.pk]), {"units": "2"})
    client.post(
        reverse("lifecycle:instansi_prerequisite", args=[year, world.instansi.pk]),
        {"kind": "opini_bpk", "value": "WTP", "valid_on": "2026-05-01"},
    )
    client.post(
        reverse("lifecycle:unit_prerequisite", args=[world.own.pk]),
        {"kind": "tlhp_percent", "value": "100", "valid_on": "2026-06-01"},
    )
    assert ProposalQuota.objects.get(instansi=world.instansi).units == 2
    assert set(PrerequisiteValue.objects.values_list("unit_id", "kind", "value")) == {
        (world.instansi.pk, "opini_bpk", "WTP"),
        (world.own.unit_id, "tlhp_percent", "100"),
    }


def test_another_instansis_admin_gets_404(world: World, ready: Assessment) -> None:
    from tests.factories import MembershipFactory

    MembershipFactory(user=world.users["outsider"], unit=world.other.unit.parent, role="admin")
    client = world.client("outsider")
    assert client.get(reverse("lifecycle:proposals")).status_code == 200
    assert (
        client.post(reverse("lifecycle:propose", args=[ready.pk]), {"predicate": "WBK"}).status_code
        == 404
    )
    url = reverse("lifecycle:quota", args=[ready.cycle.year, world.instansi.pk])
    assert client.post(url, {"units": "9"}).status_code == 404


def test_the_assessment_page_shows_the_tpn_timeline(world: World, ready: Assessment) -> None:
    propose(world, ready)
    resp = world.client("admin").post(
        reverse("lifecycle:step", args=[ready.pk]),
        {
            "stage": "pra_evaluasi",
            "happened_on": "2026-11-02",
            "notes": "Undangan pra-evaluasi",
            "letter_number": "B-77/TPN/2026",
        },
    )
    assert resp.status_code == 302
    assert TpnStep.objects.filter(assessment=ready, stage="pra_evaluasi").exists()
    html = (
        world.client("tim_kerja")
        .get(reverse("scoring:assessment", args=[ready.pk]))
        .content.decode()
    )
    assert 'data-stage="proposed"' in html and 'data-stage="pra_evaluasi"' in html
    assert "B-77/TPN/2026" in html
    assert reverse("lifecycle:step", args=[ready.pk]) not in html  # no form for the unit
    admin_html = (
        world.client("admin").get(reverse("scoring:assessment", args=[ready.pk])).content.decode()
    )
    assert reverse("lifecycle:step", args=[ready.pk]) in admin_html


def test_the_dashboard_shows_each_prerequisite(
    world: World, ready: Assessment, client: Any
) -> None:
    PrerequisiteValue.objects.filter(kind="sakip_unit").update(value="C")
    PrerequisiteValue.objects.filter(kind="lhkasn_percent").delete()
    html = (
        world.client("tim_kerja")
        .get(reverse("reports:dashboard", args=[ready.pk]))
        .content.decode()
    )
    assert 'data-prereq="tlhp_percent" data-status="met"' in html
    assert 'data-prereq="sakip_unit" data-status="not_met"' in html
    assert 'data-prereq="lhkasn_percent" data-status="missing"' in html


def test_the_history_tells_the_tpn_steps(world: World, ready: Assessment) -> None:
    propose(world, ready)
    html = (
        world.client("tim_kerja")
        .get(reverse("scoring:assessment", args=[ready.pk]) + "riwayat/")
        .content.decode()
    )
    assert "Diusulkan ke TPN" in html and "tpn_proposed" not in html


def test_an_instansi_value_cites_a_document_of_one_of_its_units(world: World) -> None:
    from tests.factories import EvidenceFactory

    ev = EvidenceFactory(assessment=world.sibling, title="LHP BPK 2025")
    client = world.client("admin")
    assert "LHP BPK 2025" in client.get(reverse("lifecycle:proposals")).content.decode()
    client.post(
        reverse("lifecycle:instansi_prerequisite", args=[world.own.cycle.year, world.instansi.pk]),
        {"kind": "opini_bpk", "value": "WTP", "valid_on": "2026-05-01", "source": ev.pk},
    )
    assert PrerequisiteValue.objects.get(unit=world.instansi).source == ev


def test_the_tpn_pages_in_english(world: World, ready: Assessment) -> None:
    from django.conf import settings

    propose(world, ready)
    client = world.client("admin")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.get(reverse("lifecycle:proposals")).content.decode()
    assert "Proposals to TPN" in page and "Quota 1 units: 1 used, 0 left." in page
    for indonesian in ("Usulan ke TPN", "Kuota", "terpenuhi", "Prasyarat", "belum dicatat"):
        assert indonesian not in page, indonesian
    detail = client.get(reverse("scoring:assessment", args=[ready.pk])).content.decode()
    assert "Proposal and TPN stages" in detail and "Proposed to TPN" in detail
    assert "LHKPN compliance" in detail and "at least 100 %" in detail
