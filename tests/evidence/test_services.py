"""Evidence services: failure safety, revisions, soft delete, duplicates, links, audit."""

from __future__ import annotations

import hashlib
from typing import Any

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import FileSystemStorage

from evidence import comments, services
from evidence.models import Comment, Evidence, EvidenceAttachment, EvidenceRevision
from evidence.storage import EvidenceStorageError
from tests.evidence.conftest import stored_files, upload
from tests.factories import CommentFactory, pdf_bytes, png_bytes
from zi_portal.models import Assessment
from zi_portal.refusals import Refused

pytestmark = pytest.mark.django_db


def _upload(
    world: Any, question: Any, content: bytes, name: str = "bukti.pdf", who: str = "tim_kerja"
) -> Evidence:
    return services.evidence_upload(
        actor=world.users[who],
        assessment=world.own,
        question=question,
        uploaded_file=upload(name, content),
    )


def test_failing_storage_write_leaves_no_row(
    world: Any, q1: Any, settings: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(self: Any, name: str, content: Any) -> str:
        raise OSError("disk penuh")

    monkeypatch.setattr(FileSystemStorage, "_save", broken)
    with pytest.raises(EvidenceStorageError) as exc:
        _upload(world, q1, pdf_bytes())
    assert "gagal disimpan" in str(exc.value)
    assert Evidence.objects.count() == 0
    assert EvidenceRevision.objects.count() == 0
    assert EvidenceAttachment.objects.count() == 0
    assert stored_files(settings) == []


def test_failing_database_write_deletes_the_stored_file(
    world: Any, q1: Any, settings: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_create = EvidenceAttachment.objects.create

    def broken(**kwargs: Any) -> Any:
        assert stored_files(settings), "the file is written before the rows"
        raise RuntimeError("basis data mati")

    monkeypatch.setattr(EvidenceAttachment.objects, "create", broken)
    with pytest.raises(RuntimeError):
        _upload(world, q1, pdf_bytes())
    monkeypatch.setattr(EvidenceAttachment.objects, "create", real_create)
    assert Evidence.objects.count() == 0
    assert EvidenceRevision.objects.count() == 0
    assert stored_files(settings) == []


def test_upload_streams_in_chunks_and_never_reads_whole(
    world: Any, q1: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    content = pdf_bytes() + b"%" + b"x" * (3 * 1024 * 1024)
    f = upload("besar.pdf", content)
    sizes: list[int] = []
    real_read = f.file.read

    def spy(n: int = -1) -> bytes:
        sizes.append(n)
        return real_read(n)

    monkeypatch.setattr(f.file, "read", spy)
    ev = services.evidence_upload(
        actor=world.users["tim_kerja"], assessment=world.own, question=q1, uploaded_file=f
    )
    assert ev.current_revision.sha256 == hashlib.sha256(content).hexdigest()
    assert ev.current_revision.size == len(content)
    assert sizes and all(0 < n <= 1024 * 1024 for n in sizes), sizes


def test_replace_keeps_history(world: Any, q1: Any, settings: Any) -> None:
    first, second = pdf_bytes("versi satu"), pdf_bytes("versi dua")
    ev = _upload(world, q1, first, "sk.pdf")
    rev2 = services.evidence_replace(
        actor=world.users["tim_kerja"], evidence=ev, uploaded_file=upload("sk-baru.pdf", second)
    )
    ev.refresh_from_db()
    assert rev2.number == 2
    assert ev.current_revision == rev2
    revs = {r.number: r for r in ev.revisions.all()}
    assert revs[1].file.read() == first
    assert revs[2].file.read() == second
    assert revs[1].sha256 == hashlib.sha256(first).hexdigest()
    assert len(stored_files(settings)) == 2


def test_replace_with_identical_content_is_refused(world: Any, q1: Any, settings: Any) -> None:
    ev = _upload(world, q1, pdf_bytes())
    with pytest.raises(ValidationError, match="sama persis dengan versi saat ini"):
        services.evidence_replace(
            actor=world.users["tim_kerja"], evidence=ev, uploaded_file=upload("x.pdf", pdf_bytes())
        )
    assert ev.revisions.count() == 1
    assert len(stored_files(settings)) == 1


def test_soft_delete_and_admin_restore(world: Any, q1: Any, settings: Any) -> None:
    ev = _upload(world, q1, pdf_bytes())
    services.evidence_set_public(actor=world.users["tim_kerja"], evidence=ev, is_public=True)
    services.evidence_delete(actor=world.users["tim_kerja"], evidence=ev)
    ev.refresh_from_db()
    assert ev.deleted_at is not None
    assert ev.deleted_by == world.users["tim_kerja"]
    assert ev.is_public is False  # a deleted document leaves the public page
    assert len(stored_files(settings)) == 1  # soft: the file stays
    with pytest.raises(PermissionDenied, match="Hanya admin"):
        services.evidence_restore(actor=world.users["tim_kerja"], evidence=ev)
    services.evidence_restore(actor=world.users["admin"], evidence=ev)
    ev.refresh_from_db()
    assert ev.deleted_at is None
    assert ev.deleted_by is None


def test_duplicate_is_offered_not_uploaded_twice_and_attach_across_questions(
    world: Any, q1: Any, q3: Any, settings: Any
) -> None:
    content = png_bytes()
    ev = _upload(world, q1, content, "foto.png")
    with pytest.raises(services.DuplicateEvidence) as exc:
        _upload(world, q3, content, "foto-lagi.png")
    assert exc.value.existing == ev
    assert "foto-lagi.png" in str(exc.value)
    assert Evidence.objects.count() == 1
    assert len(stored_files(settings)) == 1
    services.evidence_attach_existing(actor=world.users["tim_kerja"], evidence=ev, question=q3)
    assert set(ev.questions.all()) == {q1, q3}
    # Attaching twice is harmless.
    services.evidence_attach_existing(actor=world.users["tim_kerja"], evidence=ev, question=q3)
    assert EvidenceAttachment.objects.filter(evidence=ev).count() == 2


def test_same_content_in_another_assessment_is_not_a_duplicate(
    world: Any, q1: Any, settings: Any
) -> None:
    _upload(world, q1, pdf_bytes())
    from tests.factories import MembershipFactory

    MembershipFactory(user=world.users["tim_kerja"], unit=world.sibling.unit, role="tim_kerja")
    services.evidence_upload(
        actor=world.users["tim_kerja"],
        assessment=world.sibling,
        question=q1,
        uploaded_file=upload("bukti.pdf", pdf_bytes()),
    )
    assert Evidence.objects.count() == 2


def test_deleted_evidence_is_not_a_duplicate(world: Any, q1: Any) -> None:
    ev = _upload(world, q1, pdf_bytes())
    services.evidence_delete(actor=world.users["tim_kerja"], evidence=ev)
    again = _upload(world, q1, pdf_bytes())
    assert again.pk != ev.pk


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        "JavaScript:alert(document.cookie)",
        "data:text/html;base64,PHNjcmlwdD4=",
        "file:///etc/passwd",
        "ftp://example.go.id/berkas.pdf",
        "vbscript:msgbox(1)",
        "//example.go.id/tanpa-skema",
        "example.go.id",
    ],
)
def test_link_with_bad_scheme_refused(world: Any, q1: Any, url: str) -> None:
    with pytest.raises(ValidationError) as exc:
        services.evidence_link_add(
            actor=world.users["tim_kerja"], assessment=world.own, question=q1, url=url, title="x"
        )
    assert "hanya alamat http:// atau https:// yang diterima" in exc.value.messages[0]
    assert Evidence.objects.count() == 0


def test_link_malformed_http_refused(world: Any, q1: Any) -> None:
    with pytest.raises(ValidationError, match="bukan alamat web yang sah"):
        services.evidence_link_add(
            actor=world.users["tim_kerja"],
            assessment=world.own,
            question=q1,
            url="http://",
            title="x",
        )


@pytest.mark.parametrize("url", ["https://zi.example.go.id/sk-tim.pdf", "http://10.1.2.3/a?b=c"])
def test_link_http_https_stored(world: Any, q1: Any, url: str) -> None:
    ev = services.evidence_link_add(
        actor=world.users["tim_kerja"], assessment=world.own, question=q1, url=url, title="SK"
    )
    assert ev.kind == Evidence.Kind.LINK
    assert ev.url == url
    assert list(ev.questions.all()) == [q1]
    assert ev.current_revision is None


def test_audit_entries_record_the_actor(world: Any, q1: Any) -> None:
    user = world.users["tim_kerja"]
    ev = _upload(world, q1, pdf_bytes())
    services.evidence_delete(actor=user, evidence=ev)
    comment = comments.comment_add(
        actor=world.users["tpi"], assessment=world.own, question=q1, body="Lengkapi notulen."
    )
    ev_entries = LogEntry.objects.get_for_object(ev).order_by("timestamp", "pk")
    first = ev_entries.first()
    assert first is not None
    assert (first.action, first.actor) == (LogEntry.Action.CREATE, user)
    deletion = [
        e
        for e in ev_entries
        if e.action == LogEntry.Action.UPDATE and "deleted_at" in (e.changes_dict or {})
    ]
    assert len(deletion) == 1 and deletion[0].actor == user
    rev_entry = LogEntry.objects.get_for_object(ev.current_revision).get()
    assert rev_entry.actor == user
    assert rev_entry.changes_dict["sha256"][1] == ev.current_revision.sha256
    c_entry = LogEntry.objects.get_for_object(comment).get()
    assert c_entry.actor == world.users["tpi"]
    assert c_entry.action == LogEntry.Action.CREATE


def test_comment_add_and_resolve(world: Any, q1: Any) -> None:
    c = comments.comment_add(
        actor=world.users["tpi"], assessment=world.own, question=q1, body="  Mohon SK terbaru. "
    )
    assert c.body == "Mohon SK terbaru."
    assert c.author == world.users["tpi"]
    comments.comment_resolve(actor=world.users["tim_kerja"], comment=c)
    c.refresh_from_db()
    assert c.resolved is True
    with pytest.raises(ValidationError, match="tidak boleh kosong"):
        comments.comment_add(actor=world.users["tpi"], assessment=world.own, question=q1, body=" ")
    with pytest.raises(PermissionDenied, match="hanya dapat membaca"):
        comments.comment_add(
            actor=world.users["pimpinan_instansi"], assessment=world.own, question=q1, body="x"
        )
    assert Comment.objects.count() == 1


def test_services_refuse_with_the_rules_reason(world: Any, q1: Any, q3: Any) -> None:
    with pytest.raises(PermissionDenied, match="di luar area Anda"):
        services.evidence_upload(
            actor=world.users["tim_kerja_restricted"],
            assessment=world.own,
            question=q3,
            uploaded_file=upload("a.pdf", pdf_bytes()),
        )
    with pytest.raises(PermissionDenied, match="Hanya tim kerja"):
        services.evidence_link_add(
            actor=world.users["tpi"],
            assessment=world.own,
            question=q1,
            url="https://a.go.id",
            title="",
        )
    world.own.status = Assessment.Status.SUBMITTED
    world.own.save(update_fields=["status"])
    with pytest.raises(PermissionDenied, match="terkunci"):
        services.evidence_upload(
            actor=world.users["tim_kerja"],
            assessment=world.own,
            question=q1,
            uploaded_file=upload("a.pdf", pdf_bytes()),
        )
    assert Evidence.objects.count() == 0


def test_actor_is_kept_for_saves_after_a_service_inside_a_request_context(
    world: Any, q1: Any
) -> None:
    """Our set_actor must not strip the outer (middleware) actor from later saves."""
    from auditlog.context import set_actor

    outer = world.users["admin"]
    with set_actor(outer, remote_addr="10.0.0.9"):
        ev = _upload(world, q1, pdf_bytes())
        c = CommentFactory(assessment=world.own, question=q1, author=outer, body="x")
    assert LogEntry.objects.get_for_object(ev).first().actor == world.users["tim_kerja"]
    entry = LogEntry.objects.get_for_object(c).get()
    assert entry.actor == outer
    assert entry.remote_addr == "10.0.0.9"


@pytest.mark.parametrize(
    "status",
    [Assessment.Status.SUBMITTED, Assessment.Status.IN_REVIEW, Assessment.Status.EVALUATED],
)
def test_publishing_while_locked_is_for_admins_with_an_audit_row(
    world: Any, q1: Any, status: str
) -> None:
    """Issue 10, item 4: the tim kerja is refused (unit_side_locked); an admin may, and the
    audit log records the change with the admin as actor."""
    ev = _upload(world, q1, pdf_bytes())
    world.own.status = status
    world.own.save(update_fields=["status"])
    with pytest.raises(Refused) as exc:
        services.evidence_set_public(actor=world.users["tim_kerja"], evidence=ev, is_public=True)
    assert exc.value.code == "unit_side_locked"
    ev.refresh_from_db()
    assert not ev.is_public
    admin = world.users["admin"]
    services.evidence_set_public(actor=admin, evidence=ev, is_public=True)
    ev.refresh_from_db()
    assert ev.is_public
    entry = (
        LogEntry.objects.get_for_object(ev)
        .filter(action=LogEntry.Action.UPDATE)
        .order_by("-timestamp", "-pk")
        .first()
    )
    assert entry is not None
    assert entry.actor == admin
    assert entry.changes_dict["is_public"] == ["False", "True"]
