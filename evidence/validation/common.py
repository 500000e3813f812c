"""What every upload check shares: the accepted kinds, limits, the refusal and the sniffing."""

from __future__ import annotations

import os
import re
import unicodedata
from dataclasses import dataclass
from typing import IO, Any

import magic
from django.conf import settings
from django.core.exceptions import SuspiciousFileOperation, ValidationError
from django.utils.text import get_valid_filename
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

HEAD_BYTES = 8192
# Markup anywhere in this many first bytes of a binary type refuses the file: browsers and some
# viewers sniff past a valid header, so an HTML page behind a JPEG or PDF marker still runs.
MARKUP_SCAN_BYTES = 4096
# A token counts only when readable text follows it, as it must for a browser to act on it; in
# compressed image data a three-byte "<p>" turns up by chance, six printable bytes after it not.
_MARKUP = re.compile(
    rb"(<(?:!doctype|html|head|body|script|svg|iframe|frameset|frame|object|embed|meta|img|"
    rb"style|form|link|base|math|p>)|javascript:|vbscript:|<\?php)(?=[\t\n\r\x20-\x7e]{6})",
    re.IGNORECASE,
)
# A PDF's marker: within the first 1,024 bytes, after nothing but whitespace or a byte order mark.
PDF_MARKER = b"%PDF-"
PDF_MARKER_WITHIN = 1024
_BOMS = (b"\xef\xbb\xbf", b"\xfe\xff", b"\xff\xfe")
# Decompressed PDF object streams read per file when looking for JavaScript and actions.
PDF_INFLATE_BUDGET = 64 * 1024 * 1024
# A central directory entry is 46 bytes plus its name and extra fields; Office part names are
# short, so more directory than this per allowed entry is a directory built to exhaust memory.
ZIP_DIRECTORY_BYTES_PER_ENTRY = 512
# [Content_Types].xml and .rels parts are read whole, so they are capped.
OOXML_XML_MAX_BYTES = 1024 * 1024
MAX_NAME_LENGTH = 120
# Above this many uncompressed bytes an archive must also keep a sane compression ratio; small
# files may compress extremely well without being dangerous.
RATIO_CHECK_FLOOR = 10 * 1024 * 1024
READ_CHUNK = 1024 * 1024

PDF = "application/pdf"
JPEG = "image/jpeg"
PNG = "image/png"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PPTX = "application/vnd.openxmlformats-officedocument.presentationml.presentation"


@dataclass(frozen=True)
class Kind:
    label: str
    content_type: str
    detected: frozenset[str]
    main_part: str = ""

    @property
    def is_ooxml(self) -> bool:
        return bool(self.main_part)


# libmagic names an OOXML file either by its own type or, for a minimal one, as a plain zip.
_OOXML_DETECTED = frozenset({"application/zip", "application/octet-stream"})

ALLOWED: dict[str, Kind] = {
    ".pdf": Kind("PDF", PDF, frozenset({PDF})),
    ".jpg": Kind("JPG", JPEG, frozenset({JPEG})),
    ".jpeg": Kind("JPG", JPEG, frozenset({JPEG})),
    ".png": Kind("PNG", PNG, frozenset({PNG})),
    ".docx": Kind("DOCX", DOCX, _OOXML_DETECTED | {DOCX}, "word/document.xml"),
    ".xlsx": Kind("XLSX", XLSX, _OOXML_DETECTED | {XLSX}, "xl/workbook.xml"),
    ".pptx": Kind("PPTX", PPTX, _OOXML_DETECTED | {PPTX}, "ppt/presentation.xml"),
}
MACRO_EXTENSIONS = frozenset(
    {".docm", ".dotm", ".xlsm", ".xltm", ".xlam", ".pptm", ".potm", ".ppsm", ".ppam"}
)

# What the user is told was found instead, for the types people actually confuse.
_DETECTED_LABELS: dict[str, Any] = {
    "application/x-dosexec": _lazy("program Windows"),
    "application/x-executable": _lazy("program Linux"),
    "application/x-sharedlib": _lazy("program Linux"),
    "application/x-elf": _lazy("program Linux"),
    "text/html": _lazy("halaman HTML"),
    "image/svg+xml": _lazy("gambar SVG"),
    "text/xml": _lazy("dokumen XML"),
    "application/xml": _lazy("dokumen XML"),
    "text/x-shellscript": _lazy("skrip"),
    "text/x-php": _lazy("skrip PHP"),
    "text/x-python": _lazy("skrip Python"),
    "text/x-script.python": _lazy("skrip Python"),
    "text/javascript": _lazy("skrip JavaScript"),
    "application/javascript": _lazy("skrip JavaScript"),
    "text/plain": _lazy("teks biasa"),
    "application/zip": _lazy("arsip ZIP"),
    "application/x-rar": _lazy("arsip RAR"),
    "application/x-7z-compressed": _lazy("arsip 7z"),
    "application/msword": _lazy("dokumen Word lama (.doc)"),
    "application/vnd.ms-excel": _lazy("lembar kerja Excel lama (.xls)"),
    "application/vnd.ms-powerpoint": _lazy("presentasi PowerPoint lama (.ppt)"),
    "application/octet-stream": _lazy("data biner tak dikenal"),
    "application/x-ole-storage": _lazy("dokumen Office lama atau terenkripsi"),
    "application/CDFV2": _lazy("dokumen Office lama atau terenkripsi"),
    "application/encrypted": _lazy("dokumen Office terenkripsi"),
    PDF: _lazy("PDF"),
    JPEG: _lazy("gambar JPG"),
    PNG: _lazy("gambar PNG"),
    "image/gif": _lazy("gambar GIF"),
    "image/webp": _lazy("gambar WebP"),
    DOCX: _lazy("dokumen Word"),
    XLSX: _lazy("lembar kerja Excel"),
    PPTX: _lazy("presentasi PowerPoint"),
}
# Types that are never evidence, whatever the name says: they can run code in a browser or OS.
_DANGEROUS = frozenset(
    {
        "application/x-dosexec",
        "application/x-executable",
        "application/x-sharedlib",
        "application/x-elf",
        "text/html",
        "image/svg+xml",
        "text/xml",
        "application/xml",
        "text/x-shellscript",
        "text/x-php",
        "text/x-python",
        "text/x-script.python",
        "text/javascript",
        "application/javascript",
    }
)
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


@dataclass(frozen=True)
class CheckedFile:
    """What validation learned: the safe name and the content type to store and serve."""

    name: str
    content_type: str
    extension: str
    size: int
    flags: tuple[str, ...] = ()


def max_upload_bytes() -> int:
    return int(getattr(settings, "EVIDENCE_MAX_UPLOAD_MB", 50)) * 1024 * 1024


def max_unzipped_bytes() -> int:
    return int(getattr(settings, "EVIDENCE_MAX_UNZIPPED_MB", 200)) * 1024 * 1024


def max_zip_ratio() -> int:
    return int(getattr(settings, "EVIDENCE_MAX_ZIP_RATIO", 100))


def max_zip_entries() -> int:
    return int(getattr(settings, "EVIDENCE_MAX_ZIP_ENTRIES", 10_000))


def allowed_extensions() -> list[str]:
    return sorted(ALLOWED)


def accept_attribute() -> str:
    """The <input accept=...> hint; the server check is the one that counts."""
    return ",".join(allowed_extensions())


def sanitize_filename(name: str) -> str:
    """A safe, readable base name: no directories, control characters or leading dots."""
    name = unicodedata.normalize("NFKC", str(name or ""))
    name = name.replace("\\", "/").rsplit("/", 1)[-1]
    name = _CONTROL.sub("", name).strip().lstrip(".").strip()
    stem, ext = os.path.splitext(name)
    ext = ext.lower()[:10]
    try:
        stem = get_valid_filename(stem) if stem else ""
    except SuspiciousFileOperation:
        stem = ""
    ext = re.sub(r"[^.a-z0-9]", "", ext)
    stem = stem.strip("._") or "berkas"
    stem = stem[: MAX_NAME_LENGTH - len(ext)]
    return stem + ext


def _refuse(name: str, reason: str, code: str) -> ValidationError:
    return ValidationError(
        _("Berkas '%(name)s' ditolak: %(reason)s.") % {"name": name, "reason": reason},
        code=code,
    )


def _detected_label(mime: str) -> str:
    return str(_DETECTED_LABELS.get(mime, mime or _("tidak dikenal")))


def _sniff(head: bytes) -> str:
    # Executables are named by their first bytes: libmagic may call a truncated ELF "octet-stream".
    if head.startswith(b"MZ"):
        return "application/x-dosexec"
    if head.startswith(b"\x7fELF"):
        return "application/x-executable"
    if head.startswith(b"#!"):
        return "text/x-shellscript"
    mime = str(magic.from_buffer(head, mime=True))
    if mime.startswith("text/") or mime in ("application/octet-stream", "application/xml"):
        # Markup that libmagic files under text/plain is still markup a browser would render.
        probe = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
        if probe.startswith((b"<!doctype html", b"<html")) or b"<script" in probe:
            return "text/html"
        if b"<svg" in probe:
            return "image/svg+xml"
        if probe.startswith(b"<?xml"):
            return "application/xml"
    return mime


def _read_head(f: IO[bytes]) -> bytes:
    f.seek(0)
    head = f.read(HEAD_BYTES)
    f.seek(0)
    return head


def _markup_in(head: bytes) -> str | None:
    """The first markup token in the first kilobytes of a binary file, or None."""
    found = _MARKUP.search(head[:MARKUP_SCAN_BYTES])
    return found.group(1).lower().decode("latin-1") if found else None


def _pdf_marker_ok(head: bytes) -> bool:
    at = head.find(PDF_MARKER)
    if at < 0 or at >= PDF_MARKER_WITHIN:
        return False
    before = head[:at]
    for bom in _BOMS:
        if before.startswith(bom):
            before = before[len(bom) :]
            break
    return not before.strip(b" \t\r\n\x0c\x00")


# PDF names end at whitespace or a delimiter; inside a name, #xx stands for one byte.
