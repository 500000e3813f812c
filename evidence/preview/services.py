"""The writers of previews: queue one after an upload or replace, ask for more pages, rebuild.

A preview is derived data (the document itself is the record), so these writes leave no audit
entry; each locks the preview row it changes. The task runs after the commit of the transaction
that queued it (eager in tests and `make run`, a worker in production).
"""

from __future__ import annotations

from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone

from evidence.models import EvidenceRevision
from evidence.preview.build import page_cap
from evidence.preview.extract import PREVIEWABLE, limit
from evidence.preview.models import RevisionPreview
from evidence.preview.tasks import preview_build_task

Status = RevisionPreview.Status


def first_pages() -> int:
    """Pages rendered right after an upload, and pages added per "muat halaman berikutnya"."""
    return limit("PREVIEW_FIRST_PAGES", 3)


def _queue_on_commit(revision_pk: int) -> None:
    transaction.on_commit(lambda: preview_build_task.delay(revision_pk))


@transaction.atomic
def preview_queue(*, revision: EvidenceRevision) -> RevisionPreview:
    """Create (or reset: command `build_previews`) the preview of a revision: queued for PDFs
    and Office files, not applicable for the rest (images are shown as they are)."""
    queued = revision.content_type in PREVIEWABLE
    old = RevisionPreview.objects.select_for_update().filter(revision=revision).first()
    if old is not None:
        _discard_pages(old)
        old.delete()
    preview = RevisionPreview.objects.create(
        revision=revision,
        status=Status.QUEUED if queued else Status.NOT_APPLICABLE,
        pages_wanted=first_pages() if queued else 0,
    )
    if queued:
        _queue_on_commit(revision.pk)
    return preview


@transaction.atomic
def preview_pages_request(*, preview: RevisionPreview, upto: int) -> RevisionPreview:
    """A reader asks to see pages up to `upto` (bounded by the page limit): queue them.

    Idempotent: asking twice for the same pages queues once. Anyone who may see the document
    may ask (the views check that, as for the download)."""
    locked = RevisionPreview.objects.select_for_update().get(pk=preview.pk)
    wanted = min(upto, page_cap(locked))
    if locked.status not in (Status.DONE, Status.QUEUED, Status.RUNNING):
        return locked
    if wanted <= locked.pages_wanted:
        return locked
    locked.pages_wanted = wanted
    locked.updated_at = timezone.now()
    fields = ["pages_wanted", "updated_at"]
    if locked.status == Status.DONE:
        locked.status = Status.QUEUED
        fields.append("status")
        _queue_on_commit(locked.revision_id)
    locked.save(update_fields=fields)
    return locked


def _discard_pages(preview: RevisionPreview) -> None:
    names = [p.image.name for p in preview.pages.all() if p.image.name]

    def delete() -> None:
        for name in names:
            default_storage.delete(name)

    transaction.on_commit(delete)
