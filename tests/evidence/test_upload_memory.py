"""A large upload never sits whole in the server's memory (design section 10).

Regression of the 200 MB bench (tests/bench/test_upload_memory.py), whose growth went from 1.9 MB
to 203 MB: the PDF check mapped the whole file and scanned it in one go (every page resident),
and the preview read the stored file into one bytes object. Here a 30 MB PDF-like file on disk
(as Django hands over any upload above 2 MB) goes through the upload and its preview task; the
Python allocations (tracemalloc) and the mapped pages held at once stay far below its size.
No clock is involved: the bounds are bytes.
"""

from __future__ import annotations

import os
import sys
import tracemalloc
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import TemporaryUploadedFile

from evidence import services
from evidence.models import RevisionFlag
from evidence.preview.models import RevisionPreview
from evidence.validation import pdf
from tests.factories import pdf_bytes

pytestmark = pytest.mark.django_db

MB = 1024 * 1024
FILE_MB = 30


def _temp_upload(tmp_path: Path, megabytes: int, *, marker_at: int = -1) -> TemporaryUploadedFile:
    """A PDF-like file of `megabytes` on disk, written in chunks; "/JavaScript" at `marker_at`."""
    line = b"%" + os.urandom(64).hex().encode() + b"\n"
    chunk = line * (MB // len(line))
    f = TemporaryUploadedFile("besar.pdf", "application/pdf", 0, None)
    f.write(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    while f.tell() < megabytes * MB:
        if 0 <= marker_at - f.tell() < len(chunk):
            cut = marker_at - f.tell()
            f.write(chunk[:cut] + b"/JavaScript " + chunk[cut:])
        else:
            f.write(chunk)
    f.write(b"\n%%EOF\n")
    f.size = f.tell()
    f.seek(0)
    return f


def _upload(world: Any, q1: Any, f: TemporaryUploadedFile) -> Any:
    return services.evidence_upload(
        actor=world.users["tim_kerja"], assessment=world.own, question=q1, uploaded_file=f
    )


def test_upload_and_preview_of_a_large_pdf_allocate_far_less_than_the_file(
    world: Any, q1: Any, settings: Any, tmp_path: Path, django_capture_on_commit_callbacks: Any
) -> None:
    settings.FILE_UPLOAD_TEMP_DIR = str(tmp_path)
    settings.EVIDENCE_MAX_UPLOAD_MB = FILE_MB + 10
    settings.PREVIEW_MAX_FILE_MB = FILE_MB + 10  # the preview reads this file too
    # The marker straddles the end of the scan's first window: found by the overlap.
    f = _temp_upload(tmp_path, FILE_MB, marker_at=pdf.SCAN_WINDOW - 5)
    tracemalloc.start()
    try:
        with django_capture_on_commit_callbacks(execute=True):
            ev = _upload(world, q1, f)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    rev = ev.current_revision
    assert rev.size == f.size > FILE_MB * MB
    assert rev.flags == [RevisionFlag.PDF_JAVASCRIPT.value]
    preview = RevisionPreview.objects.get(revision=rev)
    # The task ran and opened the file (PDFium finds no pages in it: broken).
    assert (preview.status, preview.reason) == ("failed", "broken")
    assert peak < 6 * MB, f"peak Python allocations {peak / MB:.1f} MB for a {FILE_MB} MB file"


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc/self/status")
def test_the_pdf_scan_holds_a_few_windows_of_the_file_at_once(
    settings: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings.FILE_UPLOAD_TEMP_DIR = str(tmp_path)
    monkeypatch.setattr(pdf, "SCAN_WINDOW", 2 * MB)
    f = _temp_upload(tmp_path, FILE_MB, marker_at=FILE_MB * MB - 100)

    def mapped_kb() -> int:
        status = Path("/proc/self/status").read_text()
        return next(int(ln.split()[1]) for ln in status.splitlines() if ln.startswith("RssFile:"))

    held: list[int] = []
    release = pdf._release

    def spy(buf: Any, start: int, stop: int) -> None:
        held.append(mapped_kb())  # each window's pages are resident right before their release
        release(buf, start, stop)

    monkeypatch.setattr(pdf, "_release", spy)
    before = mapped_kb()
    flags = pdf._pdf_flags(f, "besar.pdf")
    assert flags == (RevisionFlag.PDF_JAVASCRIPT.value,)
    assert len(held) >= FILE_MB // 2  # every window of every pass was released
    growth_mb = (max(held) - before) / 1024
    assert growth_mb < 10, f"{growth_mb:.1f} MB of the {FILE_MB} MB file mapped at once"


def test_a_file_above_the_preview_limit_is_not_read(
    world: Any, q1: Any, settings: Any, tmp_path: Path, django_capture_on_commit_callbacks: Any
) -> None:
    settings.FILE_UPLOAD_TEMP_DIR = str(tmp_path)
    settings.PREVIEW_MAX_FILE_MB = 2
    content = pdf_bytes() + b"%" + b"x" * (3 * MB)
    f = TemporaryUploadedFile("besar.pdf", "application/pdf", len(content), None)
    f.write(content)
    f.seek(0)
    with django_capture_on_commit_callbacks(execute=True):
        ev = _upload(world, q1, f)
    preview = RevisionPreview.objects.get(revision=ev.current_revision)
    assert preview.status == RevisionPreview.Status.FAILED
    assert preview.reason == RevisionPreview.Reason.TOO_LARGE
    assert (preview.text, preview.page_count, preview.pages.count()) == ("", 0, 0)

    settings.PREVIEW_MAX_FILE_MB = 100  # the same file under a higher limit: previewed
    with django_capture_on_commit_callbacks(execute=True):
        ev2 = services.evidence_replace(
            actor=world.users["tim_kerja"],
            evidence=ev,
            uploaded_file=_temp_upload(tmp_path, 1),
        )
    preview2 = RevisionPreview.objects.get(revision=ev2)
    assert preview2.reason != RevisionPreview.Reason.TOO_LARGE
