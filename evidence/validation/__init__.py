"""Checks an uploaded evidence file by its content, never by its name alone.

Only PDF, JPG, PNG and the OOXML Office formats (DOCX, XLSX, PPTX) are accepted. The sniffing
reads only the first few KiB; Office files are opened with zipfile on the (seekable) uploaded file
object, so a 50 MB upload is never held in memory. Every refusal is a ValidationError whose
message names the file and the reason in Bahasa Indonesia.

What an upload must pass (docs/uploads.md says the same for people):
- its extension is allowed and its content is of that type (libmagic), never an executable,
  HTML, SVG, XML or script;
- no markup (HTML, SVG, script, ``javascript:``) in its first MARKUP_SCAN_BYTES;
- a PDF starts with ``%PDF-`` within its first 1,024 bytes, after nothing but whitespace or a BOM;
- an Office file is a zip of at most EVIDENCE_MAX_ZIP_ENTRIES parts (counted from the end record
  before zipfile reads the central directory), unpacking to at most EVIDENCE_MAX_UNZIPPED_MB,
  without macros (by any declared content type in [Content_Types].xml, parsed with defusedxml,
  and by part name), with a sane compression ratio and intact CRCs.
Accepted files may carry flags (evidence.models.RevisionFlag) for the reviewer: a PDF with
JavaScript or an automatic action (/OpenAction, /AA), a workbook with external links.
"""

from __future__ import annotations

import os
from typing import Any

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _

from evidence.validation.common import (
    _DANGEROUS,
    ALLOWED,
    MACRO_EXTENSIONS,
    PDF,
    PDF_MARKER,
    CheckedFile,
    _detected_label,
    _markup_in,
    _pdf_marker_ok,
    _read_head,
    _refuse,
    _sniff,
    accept_attribute,
    allowed_extensions,
    max_upload_bytes,
    sanitize_filename,
)
from evidence.validation.office import _check_ooxml
from evidence.validation.pdf import _pdf_flags


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
    mismatch = _refuse(
        name,
        _("isinya bukan %(kind)s (terdeteksi: %(found)s)")
        % {"kind": kind.label, "found": _detected_label(detected)},
        "mismatch",
    )
    if detected in _DANGEROUS:
        raise mismatch
    # Every allowed type is binary: markup in it is there for a browser to find.
    markup = _markup_in(head)
    if markup:
        raise _refuse(
            name,
            _("berisi kode HTML atau skrip (%(found)s) yang dapat dijalankan peramban")
            % {"found": markup},
            "markup",
        )
    if kind.content_type == PDF and PDF_MARKER in head and not _pdf_marker_ok(head):
        raise _refuse(
            name, _("isinya bukan PDF (penanda %PDF- tidak berada di awal berkas)"), "pdf_marker"
        )
    if detected not in kind.detected:
        raise mismatch
    flags: tuple[str, ...] = ()
    if kind.is_ooxml:
        flags = _check_ooxml(f, name, ext, kind)
    elif kind.content_type == PDF:
        if not _pdf_marker_ok(head):
            raise _refuse(
                name,
                _("isinya bukan PDF (penanda %PDF- tidak berada di awal berkas)"),
                "pdf_marker",
            )
        flags = _pdf_flags(f, name)
    return CheckedFile(
        name=name, content_type=kind.content_type, extension=ext, size=size, flags=flags
    )


__all__ = [
    "CheckedFile",
    "accept_attribute",
    "allowed_extensions",
    "sanitize_filename",
    "validate_upload",
]
