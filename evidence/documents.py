"""An assessment-level document: a file of the assessment attached to no question (a TPN letter,
field-visit minutes), added by the instansi admin at any status (scoring/lifecycle links it to a
TPN step). The same content check and private storage as evidence_upload; nothing is stored or
recorded when the file or the actor is refused."""

from __future__ import annotations

from django.contrib.auth.models import User
from django.core.files.uploadedfile import UploadedFile

from evidence import rules
from evidence.models import Evidence
from evidence.services import (
    _access,
    _file_evidence_create,
    _lock_assessment,
    _upload_checked,
    audited,
)
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
        return _file_evidence_create(
            assessment=fresh, actor=actor, checked=checked, stored=(stored, sha, size), title=title
        )

    return then(db_work)
