"""An assessment-level document: a file of the assessment attached to no question (a TPN letter,
field-visit minutes), added by the instansi admin at any status (scoring/lifecycle links it to a
TPN step). The same content check and private storage as evidence_upload; nothing is stored or
recorded when the file or the actor is refused."""

from __future__ import annotations

from django.contrib.auth.models import User
from django.core.files.uploadedfile import UploadedFile
from django.utils import timezone

from evidence import rules
from evidence.models import Evidence, EvidenceRevision
from evidence.preview.services import preview_queue
from evidence.services import _access, _lock_assessment, _upload_checked, audited
from zi_portal.models import Assessment
from zi_portal.refusals import refuse_if


@audited
def evidence_add_document(
    *, actor: User, assessment: Assessment, upload: UploadedFile, title: str = ""
) -> Evidence:
    """Store `upload` as a new Evidence of `assessment` with revision 1, or nothing."""
    # Before streaming: a refused actor's file is never stored.
    refuse_if(rules.document_add_refusal(access=_access(actor, assessment)), assessment=assessment)
    checked, then = _upload_checked(assessment=assessment, uploaded=upload)

    def db_work(stored: str, sha: str, size: int) -> Evidence:
        fresh = _lock_assessment(assessment)
        refuse_if(rules.document_add_refusal(access=_access(actor, fresh)), assessment=fresh)
        now = timezone.now()
        evidence = Evidence(
            assessment=fresh,
            title=(title.strip() or checked.name)[:255],
            kind=Evidence.Kind.FILE,
            created_by=actor,
            created_at=now,
        )
        evidence.full_clean()
        evidence.save()
        revision = EvidenceRevision(
            evidence=evidence,
            number=1,
            original_name=checked.name,
            size=size,
            sha256=sha,
            content_type=checked.content_type,
            flags=list(checked.flags),
            uploaded_by=actor,
            uploaded_at=now,
        )
        revision.file.name = stored
        revision.save()
        preview_queue(revision=revision)
        evidence.current_revision = revision
        evidence.save(update_fields=["current_revision"])
        return evidence

    return then(db_work)
