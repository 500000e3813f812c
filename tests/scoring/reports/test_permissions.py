"""Every new URL x persona x own/other unit: 200/302 where allowed, 403 or 404 otherwise."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from scoring.models import ReportJob
from tests.conftest import PERSONAS, SEES
from tests.factories import EvidenceFactory, ReportJobFactory

pytestmark = pytest.mark.django_db

ASSESSMENT_VIEWERS = SEES["own"]
INSTANSI_VIEWERS = SEES["sibling"]


def _done_job(world: Any, assessment: Any) -> ReportJob:
    return ReportJobFactory(
        done=True,
        kind="lke_xlsx",
        assessment=assessment,
        requested_by=world.users["admin"],
        filename="LKE.xlsx",
        content=b"PK\x03\x04data",
    )


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("where", ["own", "other"])
def test_assessment_pages_and_jobs(
    world: Any, persona: str, where: str, django_capture_on_commit_callbacks: Any
) -> None:
    assessment = world.own if where == "own" else world.other
    allowed = where == "own" and persona in ASSESSMENT_VIEWERS
    c = world.client(persona)
    ok_or_404 = 200 if allowed else 404

    assert c.get(f"/penilaian/{assessment.pk}/dasbor/").status_code == ok_or_404
    with django_capture_on_commit_callbacks(execute=False):
        r = c.post(f"/penilaian/{assessment.pk}/dasbor/laporan/", {"kind": "lke_xlsx"})
    assert r.status_code == (302 if allowed else 404)
    assert ReportJob.objects.filter(assessment=assessment).exists() == allowed

    job = _done_job(world, assessment)
    assert c.get(f"/laporan/{job.pk}/").status_code == ok_or_404
    assert c.get(f"/laporan/{job.pk}/", HTTP_HX_REQUEST="true").status_code == (
        286 if allowed else 404
    )
    assert c.get(f"/laporan/{job.pk}/unduh/").status_code == ok_or_404
    job.status = "failed"
    job.save(update_fields=["status"])
    with django_capture_on_commit_callbacks(execute=False):
        r = c.post(f"/laporan/{job.pk}/ulang/")
    assert r.status_code == (302 if allowed else 404)
    job.refresh_from_db()
    assert job.status == ("queued" if allowed else "failed")


@pytest.mark.parametrize("persona", PERSONAS)
def test_institution_pages(
    world: Any, persona: str, django_capture_on_commit_callbacks: Any
) -> None:
    allowed = persona in INSTANSI_VIEWERS
    c = world.client(persona)
    assert c.get("/instansi/").status_code == (200 if allowed else 403)
    assert c.get("/instansi/excel/").status_code == (200 if allowed else 403)
    with django_capture_on_commit_callbacks(execute=False):
        r = c.post("/instansi/laporan/")
    assert r.status_code == (302 if allowed else 403)
    jobs = ReportJob.objects.filter(kind="institution_pdf")
    assert jobs.exists() == allowed
    # An institution job is visible to its requester only.
    mine = ReportJobFactory(institution=True, requested_by=world.users[persona])
    theirs = ReportJobFactory(institution=True, requested_by=world.users["admin"])
    assert c.get(f"/laporan/{mine.pk}/").status_code == (200 if allowed else 404)
    expected_theirs = 200 if persona == "admin" else 404
    assert c.get(f"/laporan/{theirs.pk}/").status_code == expected_theirs


def test_anonymous_users_reach_only_the_public_pages(world: Any) -> None:
    ev = EvidenceFactory(
        assessment=world.own, questions=["A.I.1.i.a"], title="SK Tim Kerja", is_public=True
    )
    job = _done_job(world, world.own)
    c = Client()
    for url in (
        f"/penilaian/{world.own.pk}/dasbor/",
        "/instansi/",
        "/instansi/excel/",
        f"/laporan/{job.pk}/",
        f"/laporan/{job.pk}/unduh/",
    ):
        response = c.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith("/masuk/")
    assert c.get(f"/zi/{world.own.unit.slug}/").status_code == 200
    assert c.get(f"/zi/{world.own.unit.slug}/dokumen/{ev.pk}/").status_code == 200


def test_report_request_rejects_unknown_kinds(world: Any) -> None:
    r = world.client("pimpinan").post(
        f"/penilaian/{world.own.pk}/dasbor/laporan/", {"kind": "institution_pdf"}
    )
    assert r.status_code == 302
    assert not ReportJob.objects.exists()
