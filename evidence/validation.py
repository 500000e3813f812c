"""Checks an uploaded evidence file by its content, never by its name alone.

Only PDF, JPG, PNG and the OOXML Office formats (DOCX, XLSX, PPTX) are accepted. The sniffing
reads only the first few KiB; Office files are opened with zipfile on the (seekable) uploaded file
object, so a 50 MB upload is never held in memory. Every refusal is a ValidationError whose
message names the file and the reason in Bahasa Indonesia.
"""

from __future__ import annotations

import os
import re
import unicodedata
import zipfile
import zlib
from dataclasses import dataclass
from typing import IO, Any

import magic
from django.conf import settings
from django.core.exceptions import SuspiciousFileOperation, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.text import get_valid_filename
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

HEAD_BYTES = 8192
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


def max_upload_bytes() -> int:
    return int(getattr(settings, "EVIDENCE_MAX_UPLOAD_MB", 50)) * 1024 * 1024


def max_unzipped_bytes() -> int:
    return int(getattr(settings, "EVIDENCE_MAX_UNZIPPED_MB", 200)) * 1024 * 1024


def max_zip_ratio() -> int:
    return int(getattr(settings, "EVIDENCE_MAX_ZIP_RATIO", 100))


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


def _check_ooxml(f: IO[bytes], name: str, ext: str, kind: Kind) -> None:
    """A real Office Open XML package of the right kind, without macros, that is no zip bomb."""
    not_office = _("isinya bukan dokumen %(kind)s yang sah") % {"kind": kind.label}
    try:
        f.seek(0)
        with zipfile.ZipFile(f) as zf:
            infos = zf.infolist()
            names = {i.filename for i in infos}
            lowered = {n.lower() for n in names}
            if "[Content_Types].xml" not in names or kind.main_part not in names:
                raise _refuse(name, not_office, "not_ooxml")
            if any(n.rsplit("/", 1)[-1] == "vbaproject.bin" for n in lowered):
                raise _refuse(name, _("berisi makro (vbaProject.bin)"), "macro")
            total = sum(i.file_size for i in infos)
            packed = sum(i.compress_size for i in infos)
            if total > max_unzipped_bytes():
                raise _refuse(
                    name,
                    _("isinya mengembang melebihi %(mb)s MB saat dibuka (dicurigai bom zip)")
                    % {"mb": getattr(settings, "EVIDENCE_MAX_UNZIPPED_MB", 200)},
                    "zip_bomb",
                )
            if total > RATIO_CHECK_FLOOR and total > max_zip_ratio() * max(packed, 1):
                raise _refuse(
                    name,
                    _("rasio kompresinya tidak wajar (dicurigai bom zip)"),
                    "zip_bomb",
                )
            with zf.open("[Content_Types].xml") as ct:
                types = ct.read(READ_CHUNK).lower()
            if b"macroenabled" in types or b"vbaproject" in types:
                raise _refuse(name, _("berisi makro"), "macro")
            # Declared sizes can lie; reading every member (bounded by the checks above) makes
            # zipfile verify each CRC, which fails when the real data differs from the header.
            budget = max_unzipped_bytes()
            for info in infos:
                with zf.open(info) as member:
                    while chunk := member.read(READ_CHUNK):
                        budget -= len(chunk)
                        if budget < 0:
                            raise _refuse(name, _("isinya terlalu besar saat dibuka"), "zip_bomb")
    except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, RuntimeError) as exc:
        raise _refuse(name, not_office + _(" (arsip rusak)"), "not_ooxml") from exc
    finally:
        f.seek(0)


def validate_upload(uploaded: UploadedFile) -> CheckedFile:
    """Return what is safe to store about `uploaded`, or raise ValidationError saying why not."""
    name = sanitize_filename(uploaded.name or "")
    size = int(uploaded.size or 0)
    if size <= 0:
        raise _refuse(name, _("berkas kosong"), "empty")
    limit = max_upload_bytes()
    if size > limit:
        raise _refuse(
            name,
            _("ukurannya %(size)s MB, melebihi batas %(limit)s MB")
            % {
                "size": f"{size / 1024 / 1024:.1f}".replace(".", ","),
                "limit": getattr(settings, "EVIDENCE_MAX_UPLOAD_MB", 50),
            },
            "too_large",
        )
    ext = os.path.splitext(name)[1].lower()
    if ext in MACRO_EXTENSIONS:
        raise _refuse(
            name, _("berkas Office dengan makro (%(ext)s) tidak diterima") % {"ext": ext}, "macro"
        )
    kind = ALLOWED.get(ext)
    if kind is None:
        raise _refuse(
            name,
            _(
                "jenis berkas %(ext)s tidak diizinkan (yang diizinkan: PDF, JPG, PNG, DOCX, XLSX, "
                "PPTX)"
            )
            % {"ext": ext or _("tanpa ekstensi")},
            "extension",
        )
    f: Any = uploaded.file
    head = _read_head(f)
    if not head.strip(b"\x00 \t\r\n"):
        raise _refuse(name, _("berkas kosong"), "empty")
    detected = _sniff(head)
    if detected in _DANGEROUS or detected not in kind.detected:
        raise _refuse(
            name,
            _("isinya bukan %(kind)s (terdeteksi: %(found)s)")
            % {"kind": kind.label, "found": _detected_label(detected)},
            "mismatch",
        )
    if kind.is_ooxml:
        _check_ooxml(f, name, ext, kind)
    return CheckedFile(name=name, content_type=kind.content_type, extension=ext, size=size)
