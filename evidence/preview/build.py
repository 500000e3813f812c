"""The task's work: render the wanted pages and extract the text of one revision.

Called only by tasks.preview_build_task. Claims the queued row (running), works outside any
transaction, then records the outcome on the locked row. A broken or encrypted PDF, a missing
file, a timeout or any unexpected error ends as status failed with its reason code; nothing
raises into the request that queued it (eager mode) or into the worker.
"""

from __future__ import annotations

import contextlib
import logging
import time
import uuid
from collections.abc import Iterator

from celery.exceptions import SoftTimeLimitExceeded
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone

from evidence.preview.extract import (
    PREVIEWABLE,
    PreviewError,
    Source,
    limit,
    max_file_bytes,
    office_text,
    pdf_page_count,
    pdf_render,
    pdf_text,
)
from evidence.preview.models import PreviewPage, RevisionPreview
from evidence.validation.common import PDF

logger = logging.getLogger(__name__)
Status = RevisionPreview.Status


def page_cap(preview: RevisionPreview) -> int:
    """The last page a preview may ever show: the document's end or the page limit."""
    return min(preview.page_count, limit("PREVIEW_MAX_PAGES", 50))


def _claim(revision_pk: int) -> RevisionPreview | None:
    with transaction.atomic():
        preview = (
            RevisionPreview.objects.select_for_update()
            .select_related("revision", "revision__evidence")
            .filter(revision_id=revision_pk)
            .first()
        )
        if preview is None or preview.status != Status.QUEUED:
            return None
        preview.status = Status.RUNNING
        preview.updated_at = timezone.now()
        preview.save(update_fields=["status", "updated_at"])
        return preview


@contextlib.contextmanager
def _opened(preview: RevisionPreview) -> Iterator[Source]:
    """The stored file as the extractors read it: its path on a local disk, else the open
    storage file; never its whole content in memory. Too large a file is refused first."""
    name = preview.revision.file.name
    if not name:
        raise PreviewError("missing_file")
    try:
        size = default_storage.size(name)
    except (FileNotFoundError, OSError) as exc:
        raise PreviewError("missing_file") from exc
    if size > max_file_bytes():
        raise PreviewError("too_large")
    try:
        path = default_storage.path(name)
    except NotImplementedError:
        path = ""  # a storage without local paths (S3): the file object, read in parts
    if path:
        yield path
        return
    try:
        fh = default_storage.open(name, "rb")
    except FileNotFoundError as exc:
        raise PreviewError("missing_file") from exc
    with fh:
        yield getattr(fh, "file", fh)


def _render_pdf(preview: RevisionPreview, data: Source, deadline: float) -> None:
    if not preview.text_done:
        preview.page_count = pdf_page_count(data)
        # Known at once, so a reader asking for more pages meanwhile is bounded by it.
        RevisionPreview.objects.filter(pk=preview.pk).update(page_count=preview.page_count)
        preview.text, preview.text_truncated = pdf_text(data, deadline)
        preview.text_done = True
    have = set(preview.pages.values_list("number", flat=True))
    target = min(max(preview.pages_wanted, 1), page_cap(preview))
    numbers = [n for n in range(1, target + 1) if n not in have]
    for page in pdf_render(data, numbers, deadline):
        row = PreviewPage(preview=preview, number=page.number, width=page.width)
        row.height = page.height
        row.image.save(f"p{page.number}-{uuid.uuid4().hex[:12]}.png", ContentFile(page.png), False)
        row.save()
        have.add(page.number)
    if not have and numbers:
        raise PreviewError("timeout")
    # Pages the time budget left out are not claimed as wanted: a reader may ask again.
    shown = 0
    while shown + 1 in have:
        shown += 1
    preview.pages_wanted = shown


def _finish(preview: RevisionPreview, asked: int, *, reason: str = "") -> bool:
    """Record the outcome on the locked row; True when readers asked for more meanwhile."""
    with transaction.atomic():
        fresh = RevisionPreview.objects.select_for_update().get(pk=preview.pk)
        more = (
            not reason and fresh.pages_wanted > asked and preview.pages_wanted < page_cap(preview)
        )
        fresh.status = Status.FAILED if reason else (Status.QUEUED if more else Status.DONE)
        fresh.reason = reason
        fresh.page_count = preview.page_count
        fresh.text, fresh.text_truncated = preview.text, preview.text_truncated
        fresh.text_done = preview.text_done
        if not more:
            fresh.pages_wanted = preview.pages_wanted
        fresh.updated_at = timezone.now()
        fresh.save()
        return more


def preview_build(*, revision_pk: int) -> bool:
    """Build what the queued preview of `revision_pk` lacks; True when it must run again."""
    preview = _claim(revision_pk)
    if preview is None:
        return False
    asked = preview.pages_wanted
    content_type = preview.revision.content_type
    deadline = time.monotonic() + limit("PREVIEW_TIME_BUDGET_SECONDS", 30)
    try:
        if content_type not in PREVIEWABLE:
            raise PreviewError("error")
        with _opened(preview) as source:
            if content_type == PDF:
                _render_pdf(preview, source, deadline)
            elif not preview.text_done:
                preview.text, preview.text_truncated = office_text(source, content_type)
                preview.text_done = True
    except PreviewError as exc:
        logger.info("preview of revision %s failed: %s", revision_pk, exc.code)
        return _finish(preview, asked, reason=exc.code)
    except SoftTimeLimitExceeded:
        logger.warning("preview of revision %s ran out of time", revision_pk)
        return _finish(preview, asked, reason="timeout")
    except Exception:
        logger.exception("preview of revision %s failed", revision_pk)
        return _finish(preview, asked, reason="error")
    return _finish(preview, asked)


def preview_fail(*, revision_pk: int, reason: str) -> None:
    """Mark a preview failed without running it (its message could not be queued)."""
    RevisionPreview.objects.filter(revision_id=revision_pk, status=Status.QUEUED).update(
        status=Status.FAILED, reason=reason, updated_at=timezone.now()
    )
