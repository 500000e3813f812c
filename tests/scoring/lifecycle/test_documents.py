"""A TPN stage with uploaded documents (a TPN letter): stored as assessment-level evidence,
linked to the step, downloadable through the permission-checked view."""

from __future__ import annotations

import html
from pathlib import Path
from typing import Any, cast

import pytest
from auditlog.models import LogEntry
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from evidence.models import Evidence, EvidenceRevision
from scoring.lifecycle.models import TpnStep
from tests.conftest import World
from tests.evidence.validation.test_validation import BAD_FILES
from tests.factories import MembershipFactory, UserFactory, pdf_bytes
from tests.scoring.lifecycle.conftest import propose
from zi_portal.models import Assessment, Role

pytestmark = pytest.mark.django_db
Status = Assessment.Status


def _stored(settings: Any) -> list[Path]:
    root = Path(settings.MEDIA_ROOT)
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []


def _post(world: World, a: Assessment, persona: str, *files: SimpleUploadedFile) -> Any:
    return world.client(persona).post(
        reverse("lifecycle:step", args=[a.pk]),
        {"stage": Status.PRA_EVALUASI, "happened_on": "2026-06-02", "uploads": list(files)},
        follow=True,
    )


def test_the_admin_records_pra_evaluasi_with_an_uploaded_letter(
    world: World, ready: Assessment, settings: Any
) -> None:
    propose(world, ready)
    content = pdf_bytes("Surat TPN pra-evaluasi")
    letter = SimpleUploadedFile("surat-tpn.pdf", content, content_type="application/pdf")
    minutes = SimpleUploadedFile("ba.pdf", pdf_bytes("Berita acara"), "application/pdf")
    response = _post(world, ready, "admin", letter, minutes)
    assert response.status_code == 200
    step = TpnStep.objects.get(assessment=ready, stage=Status.PRA_EVALUASI)
    docs = sorted(step.documents.all(), key=lambda d: d.title)
    assert [d.title for d in docs] == ["ba.pdf", "surat-tpn.pdf"]
    ev = docs[1]
    assert ev.assessment_id == ready.pk and not ev.questions.exists()
    rev = EvidenceRevision.objects.get(evidence=ev)
    assert ev.current_revision_id == rev.pk and rev.number == 1
    assert rev.size == len(content) and rev.content_type == "application/pdf"
    assert len(rev.sha256) == 64 and rev.uploaded_by == world.users["admin"]
    assert len(_stored(settings)) == 2
    entries = LogEntry.objects.get_for_object(ev)
    assert entries.filter(action=LogEntry.Action.CREATE).count() == 1
    assert {e.actor for e in entries} == {world.users["admin"]}
    ready.refresh_from_db()
    assert ready.status == Status.PRA_EVALUASI
    # The timeline links the letter through the download view.
    url = reverse("evidence:download", args=[ready.pk, ev.pk, rev.pk])
    page = world.client("tim_kerja").get(reverse("scoring:assessment", args=[ready.pk]))
    assert url in page.content.decode()
    for persona in ("tim_kerja", "pimpinan", "admin"):
        got = world.client(persona).get(url)
        assert got.status_code == 200, persona
        assert b"".join(cast(Any, got).streaming_content) == content
    stranger = UserFactory(username="tim_sibling")
    MembershipFactory(user=stranger, unit=world.sibling.unit, role=Role.TIM_KERJA)
    world.users["tim_sibling"] = stranger
    assert world.client("tim_sibling").get(url).status_code == 404
    wrong = reverse("evidence:download", args=[world.other.pk, ev.pk, rev.pk])
    assert world.client("admin").get(wrong).status_code == 404


@pytest.mark.parametrize(("name", "content", "reason"), BAD_FILES[:2], ids=["exe", "html"])
def test_a_hostile_file_refuses_the_step_and_stores_nothing(
    world: World, ready: Assessment, settings: Any, name: str, content: bytes, reason: str
) -> None:
    propose(world, ready)
    good = SimpleUploadedFile("surat.pdf", pdf_bytes(), "application/pdf")
    bad = SimpleUploadedFile(name, content, "application/pdf")
    response = _post(world, ready, "admin", good, bad)
    assert reason in html.unescape(response.content.decode())
    assert not TpnStep.objects.filter(stage=Status.PRA_EVALUASI).exists()
    assert Evidence.objects.count() == 0 and EvidenceRevision.objects.count() == 0
    assert _stored(settings) == []
    ready.refresh_from_db()
    assert ready.status == Status.PROPOSED


def test_a_non_admin_is_refused_and_nothing_is_stored(
    world: World, ready: Assessment, settings: Any
) -> None:
    propose(world, ready)
    letter = SimpleUploadedFile("surat.pdf", pdf_bytes(), "application/pdf")
    response = _post(world, ready, "tim_kerja", letter)
    assert response.status_code == 403
    assert Evidence.objects.count() == 0 and _stored(settings) == []
