"""The public ZI page: only published, non-deleted documents of that unit, no login needed."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from tests.factories import EvidenceFactory, EvidenceLinkFactory, EvidenceRevisionFactory
from tests.scoring.reports.conftest import PDF_BYTES

pytestmark = pytest.mark.django_db


@pytest.fixture
def published(world: Any) -> dict[str, Any]:
    own = world.own
    public = EvidenceFactory(
        assessment=own,
        questions=["A.I.1.i.a"],
        title="SK Tim Kerja",
        is_public=True,
        content=PDF_BYTES + b"\n% old 1",
    )
    EvidenceRevisionFactory(evidence=public, content=PDF_BYTES)  # revision 2, the current one
    docs = {
        "public": public,
        "private": EvidenceFactory(
            assessment=own, questions=["A.I.1.i.b"], title="Notulen Internal Rahasia"
        ),
        "deleted": EvidenceFactory(
            assessment=own,
            questions=["A.I.1.ii.a"],
            title="Rencana Kerja Lama",
            is_public=True,
            deleted=True,
        ),
        "link": EvidenceLinkFactory(
            assessment=own,
            questions=["A.I.2.i.a"],
            title="Daftar SOP Daring",
            url="https://example.go.id/sop",
            is_public=True,
        ),
        "reform": EvidenceFactory(
            assessment=own, questions=["A.II.1.i.a"], title="Laporan Agen Perubahan", is_public=True
        ),
        "other_unit": EvidenceFactory(
            assessment=world.sibling,
            questions=["A.I.1.i.a"],
            title="Dokumen Unit Dua",
            is_public=True,
        ),
    }
    return docs


def test_public_page_lists_only_published_documents_in_seed_numbering(
    world: Any, published: dict[str, Any]
) -> None:
    own = world.own
    own.answers.create(
        question_id=own.framework.questions.get(code="A.I.1.i.a").pk,
        side="tpi",
        choice="Tidak",
        note="Catatan penilai yang internal",
    )
    response = Client().get(f"/zi/{own.unit.slug}/")
    assert response.status_code == 200
    body = response.content.decode()
    assert own.unit.name in body
    assert own.get_status_display() in body
    assert "I.1 Penyusunan Tim Kerja" in body
    assert '<td class="label">a.</td>' in body
    assert "Dokumen Reform Area Manajemen Perubahan" in body
    assert "SK Tim Kerja" in body
    assert "Laporan Agen Perubahan" in body
    assert f"/zi/{own.unit.slug}/dokumen/{published['public'].pk}/" in body
    assert 'href="https://example.go.id/sop" rel="noopener noreferrer"' in body
    for hidden in (
        "Notulen Internal Rahasia",
        "Rencana Kerja Lama",
        "Dokumen Unit Dua",
        "Catatan penilai yang internal",
        world.users["tpi"].username,
    ):
        assert hidden not in body
    assert "Nilai total" not in body


def test_public_download_serves_the_current_revision_of_a_published_file(
    world: Any, published: dict[str, Any]
) -> None:
    ev = published["public"]
    response = Client().get(f"/zi/{world.own.unit.slug}/dokumen/{ev.pk}/")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == PDF_BYTES  # not revision 1


@pytest.mark.parametrize("which", ["private", "deleted", "link", "other_unit"])
def test_public_download_is_404_for_everything_else(
    world: Any, published: dict[str, Any], which: str
) -> None:
    ev = published[which]
    assert Client().get(f"/zi/{world.own.unit.slug}/dokumen/{ev.pk}/").status_code == 404


def test_public_download_404_for_unknown_ids_and_units(
    world: Any, published: dict[str, Any]
) -> None:
    c = Client()
    assert c.get(f"/zi/{world.own.unit.slug}/dokumen/999999/").status_code == 404
    assert c.get(f"/zi/tidak-ada/dokumen/{published['public'].pk}/").status_code == 404
    assert c.get("/zi/tidak-ada/").status_code == 404
    # The instansi itself has no ZI page (no assessment of its own).
    assert c.get(f"/zi/{world.instansi.slug}/").status_code == 404


def test_unpublishing_removes_the_document_at_once(world: Any, published: dict[str, Any]) -> None:
    ev = published["public"]
    ev.is_public = False
    ev.save(update_fields=["is_public"])
    c = Client()
    assert c.get(f"/zi/{world.own.unit.slug}/dokumen/{ev.pk}/").status_code == 404
    assert "SK Tim Kerja" not in c.get(f"/zi/{world.own.unit.slug}/").content.decode()
