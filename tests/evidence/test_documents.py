"""evidence_add_document: an assessment-level file, the instansi admin's, at any status."""

from __future__ import annotations

from typing import Any

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import ValidationError

from evidence.documents import evidence_add_document
from evidence.models import Evidence, EvidenceRevision
from evidence.rules import Code
from evidence.selectors import evidence_get_for_user
from tests.conftest import World
from tests.evidence.conftest import EXE, stored_files, upload
from tests.factories import pdf_bytes
from zi_portal.models import Assessment
from zi_portal.refusals import Refused

pytestmark = pytest.mark.django_db


def test_the_admin_adds_a_document_to_an_evaluated_assessment(world: World, settings: Any) -> None:
    a = world.own
    a.status = Assessment.Status.EVALUATED
    a.save(update_fields=["status"])
    ev = evidence_add_document(
        actor=world.users["admin"],
        assessment=a,
        title="Surat TPN",
        upload=upload("surat.pdf", pdf_bytes(), "application/pdf"),
    )
    assert ev.title == "Surat TPN" and not ev.questions.exists()
    rev = EvidenceRevision.objects.get(evidence=ev)
    assert ev.current_revision == rev and rev.original_name == "surat.pdf"
    assert len(stored_files(settings)) == 1
    entries = LogEntry.objects.get_for_object(ev)
    assert entries.filter(action=LogEntry.Action.CREATE).count() == 1
    assert {e.actor for e in entries} == {world.users["admin"]}
    seen, _access = evidence_get_for_user(user=world.users["tim_kerja"], pk=ev.pk)
    assert seen == ev


@pytest.mark.parametrize("persona", ["tim_kerja", "pimpinan", "tpi", "pimpinan_instansi"])
def test_only_the_admin_adds_a_document(world: World, settings: Any, persona: str) -> None:
    with pytest.raises(Refused) as exc:
        evidence_add_document(
            actor=world.users[persona],
            assessment=world.own,
            upload=upload("surat.pdf", pdf_bytes(), "application/pdf"),
        )
    assert str(exc.value.code) == Code.DOCUMENT_ADD_NOT_ADMIN == "document_add_not_admin"
    assert Evidence.objects.count() == 0 and stored_files(settings) == []


def test_a_hostile_file_is_refused_and_nothing_is_stored(world: World, settings: Any) -> None:
    with pytest.raises(ValidationError) as exc:
        evidence_add_document(
            actor=world.users["admin"], assessment=world.own, upload=upload("surat.pdf", EXE)
        )
    assert "isinya bukan PDF" in exc.value.messages[0]
    assert Evidence.objects.count() == 0 and stored_files(settings) == []


def test_search_finds_an_unattached_document_without_question_codes(world: World) -> None:
    from evidence.search.selectors import evidence_search

    ev = evidence_add_document(
        actor=world.users["admin"],
        assessment=world.own,
        title="Surat undangan pra-evaluasi TPN",
        upload=upload("surat.pdf", pdf_bytes(), "application/pdf"),
    )
    result = evidence_search(user=world.users["tim_kerja"], query="undangan")
    hits = [h for h in result.hits if h.evidence.pk == ev.pk]
    assert len(hits) == 1 and hits[0].codes == ()
