"""Reads of previews, through exactly the checks of the evidence download (evidence/views.py:
download): the assessment the user may see, the document they may see in it (deleted: admins
only), the revision of that document; 404 otherwise."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _

from evidence.models import Evidence, EvidenceRevision
from evidence.preview.build import page_cap
from evidence.preview.extract import IMAGES, PREVIEWABLE, limit
from evidence.preview.models import PreviewPage, RevisionPreview
from evidence.selectors import evidence_get_for_user
from evidence.validation.common import PDF
from zi_portal.access import AnyUser
from zi_portal.models import Assessment
from zi_portal.selectors import assessment_get_for_user

# Longer than the task's hard time limit plus a queue's ordinary wait.
STALLED_AFTER = timedelta(minutes=10)
# The text shown in the panel; the whole stored text is one link away (the text view).
EXCERPT_CHARS = 20_000


def revision_get_for_user(
    *, user: AnyUser, assessment_pk: int, evidence_pk: int, revision_pk: int
) -> tuple[Assessment, Evidence, EvidenceRevision]:
    assessment, _access = assessment_get_for_user(user=user, pk=assessment_pk)
    evidence, _ev_access = evidence_get_for_user(user=user, pk=evidence_pk)
    if evidence.assessment_id != assessment.pk:
        raise Http404
    revision = get_object_or_404(evidence.revisions.all(), pk=revision_pk)
    return assessment, evidence, revision


def preview_kind(content_type: str) -> str:
    """How the panel shows a revision: pdf (pages), office (text), image (itself), or none."""
    if content_type == PDF:
        return "pdf"
    if content_type in PREVIEWABLE:
        return "office"
    if content_type in IMAGES:
        return "image"
    return "none"


def preview_page_get(*, revision: EvidenceRevision, number: int) -> PreviewPage:
    return get_object_or_404(PreviewPage, preview__revision=revision, number=number)


def preview_text_get(*, revision: EvidenceRevision) -> str:
    preview = RevisionPreview.objects.filter(revision=revision, status="done").first()
    if preview is None or not preview.text_done:
        raise Http404
    return preview.text


@dataclass
class PreviewView:
    """What the preview fragment shows of one revision."""

    assessment: Assessment
    evidence: Evidence
    revision: EvidenceRevision
    kind: str
    preview: RevisionPreview | None
    pages: list[PreviewPage] = field(default_factory=list)
    cap: int = 0
    batch: int = 3

    @property
    def pending(self) -> bool:
        return self.preview is not None and self.preview.is_pending and not self.stalled

    @property
    def stalled(self) -> bool:
        """Queued or running for longer than any run may take: no worker is taking it (the
        panel stops asking; `build_previews` or the admin's action queues it again)."""
        if self.preview is None or not self.preview.is_pending:
            return False
        return timezone.now() - self.preview.updated_at > STALLED_AFTER

    @property
    def failed_message(self) -> str:
        if self.preview is None or self.preview.status != RevisionPreview.Status.FAILED:
            return ""
        return str(RevisionPreview.Reason(self.preview.reason or "error").label)

    @property
    def next_upto(self) -> int:
        """The `upto` of "muat halaman berikutnya", 0 when every allowed page is shown."""
        shown = len(self.pages)
        return min(shown + self.batch, self.cap) if shown < self.cap else 0

    @property
    def limited(self) -> bool:
        return self.preview is not None and self.preview.page_count > self.cap

    @property
    def excerpt(self) -> str:
        return self.preview.text[:EXCERPT_CHARS] if self.preview else ""

    @property
    def excerpt_cut(self) -> bool:
        return self.preview is not None and len(self.preview.text) > EXCERPT_CHARS


def preview_view(
    *, assessment: Assessment, evidence: Evidence, revision: EvidenceRevision
) -> PreviewView:
    preview = RevisionPreview.objects.filter(revision=revision).first()
    pages = list(preview.pages.order_by("number")) if preview is not None else []
    return PreviewView(
        assessment=assessment,
        evidence=evidence,
        revision=revision,
        kind=preview_kind(revision.content_type),
        preview=preview,
        pages=pages,
        cap=page_cap(preview) if preview is not None else 0,
        batch=limit("PREVIEW_FIRST_PAGES", 3),
    )


def missing_message() -> str:
    return _("Pratinjau belum dibuat untuk versi ini. Unduh berkasnya untuk membacanya.")
