"""What a preview is made of: page images of a PDF (pypdfium2 + Pillow) and the text of a PDF or
an Office file. No Django models here: a file (by path or open file) in, images and text out,
every cost bounded; a file is read in parts, never whole (design section 10).

PDFium is not thread-safe, so every call into it holds one process-wide lock (the eager tasks of
the development server run in its request threads).
"""

from __future__ import annotations

import io
import math
import re
import threading
import time
import zipfile
from dataclasses import dataclass
from typing import IO

import pypdfium2 as pdfium
from defusedxml.ElementTree import iterparse
from django.conf import settings

from evidence.validation.common import DOCX, PDF, PPTX, XLSX

PDFIUM_LOCK = threading.Lock()

W_NS = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
A_NS = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
PREVIEWABLE = frozenset({PDF, DOCX, XLSX, PPTX})
IMAGES = frozenset({"image/png", "image/jpeg"})


def limit(name: str, default: int) -> int:
    return int(getattr(settings, name, default))


def text_max_chars() -> int:
    """The stored text's bound (1 MB of characters by default)."""
    return limit("PREVIEW_TEXT_MAX_CHARS", 1_000_000)


# A stored document as the extractors take it: a file path or an open binary file (read as
# needed, never whole), or bytes (small files in tests).
Source = str | bytes | IO[bytes]


def _stream(source: Source) -> str | IO[bytes]:
    return io.BytesIO(source) if isinstance(source, bytes) else source


def max_file_bytes() -> int:
    """Files above this size get no preview or text (reason too_large): 100 MB by default."""
    return limit("PREVIEW_MAX_FILE_MB", 100) * 1024 * 1024


class PreviewError(Exception):
    """The document cannot be previewed; `code` is a RevisionPreview.Reason value."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


@dataclass
class RenderedPage:
    number: int
    png: bytes
    width: int
    height: int


class _Text:
    """Collects text up to the bound and says whether it stopped early."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.size = 0
        self.truncated = False
        self.cap = text_max_chars()

    def add(self, s: str) -> bool:
        if self.truncated:
            return False
        room = self.cap - self.size
        if len(s) > room:
            s, self.truncated = s[:room], True
        self.parts.append(s)
        self.size += len(s)
        return not self.truncated

    def result(self) -> tuple[str, bool]:
        text = re.sub(r"\n{3,}", "\n\n", "".join(self.parts)).strip()
        return text.replace("\x00", ""), self.truncated


def _open_pdf(source: Source) -> pdfium.PdfDocument:
    if not isinstance(source, str | bytes):
        source.seek(0)
    try:
        # A path or a file object: PDFium reads the parts it needs, not the whole file.
        return pdfium.PdfDocument(source)
    except pdfium.PdfiumError as exc:
        if exc.err_code in (pdfium.raw.FPDF_ERR_PASSWORD, pdfium.raw.FPDF_ERR_SECURITY):
            raise PreviewError("encrypted") from exc
        raise PreviewError("broken") from exc


def pdf_page_count(source: Source) -> int:
    with PDFIUM_LOCK:
        doc = _open_pdf(source)
        try:
            return len(doc)
        finally:
            doc.close()


def pdf_text(source: Source, deadline: float) -> tuple[str, bool]:
    """The text of the first PREVIEW_TEXT_MAX_PAGES pages, bounded; (text, truncated)."""
    out = _Text()
    with PDFIUM_LOCK:
        doc = _open_pdf(source)
        try:
            pages = len(doc)
            last = min(pages, limit("PREVIEW_TEXT_MAX_PAGES", 500))
            for i in range(last):
                if time.monotonic() > deadline:
                    out.truncated = True
                    break
                page = doc[i]
                textpage = page.get_textpage()
                try:
                    chunk = textpage.get_text_bounded()
                finally:
                    textpage.close()
                    page.close()
                if not out.add(chunk.replace("\r\n", "\n") + "\n\n"):
                    break
            out.truncated = out.truncated or last < pages
        finally:
            doc.close()
    return out.result()


def _scale(width_pt: float, height_pt: float) -> float:
    """Points to pixels: the readable width, shrunk so no image exceeds the pixel limit."""
    width_pt, height_pt = max(width_pt, 1.0), max(height_pt, 1.0)
    scale = limit("PREVIEW_WIDTH_PX", 1000) / width_pt
    max_pixels = limit("PREVIEW_MAX_PIXELS", 4_000_000)
    if width_pt * height_pt * scale * scale > max_pixels:
        scale = (max_pixels / (width_pt * height_pt)) ** 0.5
    # PDFium rounds each side up: shrink until the rounded image fits too.
    while math.ceil(width_pt * scale) * math.ceil(height_pt * scale) > max_pixels:
        scale *= 0.99
    return scale


def pdf_render(source: Source, numbers: list[int], deadline: float) -> list[RenderedPage]:
    """PNG images of the pages `numbers` (1-based), stopping at `deadline` (time.monotonic)."""
    done: list[RenderedPage] = []
    with PDFIUM_LOCK:
        doc = _open_pdf(source)
        try:
            for number in numbers:
                if time.monotonic() > deadline:
                    break
                page = doc[number - 1]
                try:
                    w, h = page.get_size()
                    bitmap = page.render(scale=_scale(w, h), may_draw_forms=False)
                    image = bitmap.to_pil().convert("RGB")
                finally:
                    page.close()
                buf = io.BytesIO()
                image.save(buf, format="PNG", optimize=False)
                done.append(RenderedPage(number, buf.getvalue(), image.width, image.height))
        finally:
            doc.close()
    return done


def _xml_text(part: IO[bytes], out: _Text, text_tag: str, para_tag: str, sep: str = "\n") -> bool:
    """Stream one XML part, adding each paragraph's text runs; False once the bound is hit."""
    run: list[str] = []
    for _event, el in iterparse(part, events=("end",), forbid_dtd=True):
        if el.tag == text_tag and el.text:
            run.append(el.text)
        elif el.tag == para_tag:
            if run and not out.add("".join(run) + sep):
                return False
            run = []
            el.clear()
    if run:
        return out.add("".join(run) + sep)
    return True


def _numbered(names: list[str], pattern: str) -> list[str]:
    rx = re.compile(pattern)
    found = [(int(m.group(1)), n) for n in names if (m := rx.fullmatch(n))]
    return [n for _i, n in sorted(found)]


def _xlsx_text(source: Source, out: _Text) -> None:
    from openpyxl import load_workbook

    wb = load_workbook(_stream(source), read_only=True, data_only=True)
    try:
        for ws in wb.worksheets:
            if not out.add(f"## {ws.title}\n"):
                return
            for row in ws.iter_rows(values_only=True):
                cells = [str(v) for v in row if v is not None and str(v).strip()]
                if cells and not out.add("\t".join(cells) + "\n"):
                    return
            out.add("\n")
    finally:
        wb.close()


def office_text(source: Source, content_type: str) -> tuple[str, bool]:
    """The text of a DOCX (paragraphs), PPTX (slides in order) or XLSX (sheets, row by row)."""
    out = _Text()
    try:
        if content_type == XLSX:
            _xlsx_text(source, out)
            return out.result()
        with zipfile.ZipFile(_stream(source)) as zf:
            names = zf.namelist()
            if content_type == DOCX:
                parts = [n for n in ("word/document.xml",) if n in names]
                text_tag, para_tag = f"{W_NS}t", f"{W_NS}p"
            else:
                parts = _numbered(names, r"ppt/slides/slide(\d+)\.xml")
                text_tag, para_tag = f"{A_NS}t", f"{A_NS}p"
            for name in parts:
                with zf.open(name) as part:
                    if not _xml_text(part, out, text_tag, para_tag):
                        break
                if content_type == PPTX:
                    out.add("\n")
    except PreviewError:
        raise
    except Exception as exc:  # a zip or XML the upload check let through but cannot be read
        raise PreviewError("broken") from exc
    return out.result()
