"""Documents for the search: a real PDF through the preview task, so the text the search reads is
the text extracted from the file, as after an upload."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from evidence.models import Evidence
from evidence.preview.models import RevisionPreview
from evidence.preview.services import preview_queue
from tests.factories import EvidenceFactory, pdf_bytes

# A word no framework text, title or file name of these tests holds.
ONLY_IN_TEXT = "Zamrudkhatulistiwa"

MakeDoc = Callable[..., Evidence]


@pytest.fixture
def make_doc(django_capture_on_commit_callbacks: Any) -> MakeDoc:
    """make_doc(assessment, title, text=None, questions=(), name=None, deleted=False): a PDF
    document holding `text` (the title by default), its preview built by the task."""

    def make(
        assessment: Any,
        title: str,
        text: str | None = None,
        *,
        questions: tuple[Any, ...] = (),
        name: str | None = None,
        deleted: bool = False,
    ) -> Evidence:
        with django_capture_on_commit_callbacks(execute=True):
            ev = EvidenceFactory(
                assessment=assessment,
                title=title,
                content=pdf_bytes(text if text is not None else title),
                questions=list(questions),
                deleted=deleted,
            )
            if name is not None and ev.current_revision is not None:
                ev.current_revision.original_name = name
                ev.current_revision.save(update_fields=["original_name"])
            assert ev.current_revision is not None
            preview_queue(revision=ev.current_revision)
        preview = RevisionPreview.objects.get(revision=ev.current_revision)
        assert preview.status == "done", (preview.status, preview.reason)
        return ev

    return make
