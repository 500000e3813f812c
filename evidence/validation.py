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

import bisect
import contextlib
import mmap
import os
import re
import struct
import unicodedata
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from typing import IO, Any
from xml.etree.ElementTree import Element, ParseError

import magic
from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring as xml_fromstring
from django.conf import settings
from django.core.exceptions import SuspiciousFileOperation, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.formats import number_format
from django.utils.text import get_valid_filename
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from evidence.models import RevisionFlag

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


def _zip_end_record(f: IO[bytes]) -> tuple[int, int]:
    """(entries, central directory bytes) as the zip's end record states them.

    Reads the last 64 KiB only: zipfile reads the whole central directory into memory and parses
    every entry before anything can be counted (150,000 entries take it about two seconds).
    """
    f.seek(0, os.SEEK_END)
    size = f.tell()
    tail_len = min(size, 22 + 0xFFFF)
    f.seek(size - tail_len)
    tail = f.read(tail_len)
    at = tail.rfind(b"PK\x05\x06")
    if at < 0 or len(tail) - at < 22:
        raise zipfile.BadZipFile("no end of central directory record")
    fields = struct.unpack("<4s4H2LH", tail[at : at + 22])
    entries, directory, offset = fields[4], fields[5], fields[6]
    end = size - tail_len + at
    if (entries == 0xFFFF or directory == 0xFFFFFFFF or offset == 0xFFFFFFFF) and end >= 76:
        f.seek(end - 20)
        if f.read(4) == b"PK\x06\x07":  # ZIP64: the real numbers are in the ZIP64 end record
            f.seek(end - 20 - 56)
            record = f.read(56)
            if len(record) != 56 or record[:4] != b"PK\x06\x06":
                raise zipfile.BadZipFile("bad ZIP64 end of central directory record")
            fields = struct.unpack("<4sQ2H2L4Q", record)
            entries, directory = fields[7], fields[8]
    return entries, directory


def _too_many_parts(name: str, count: int, limit: int) -> ValidationError:
    return _refuse(
        name,
        _("arsipnya berisi %(n)s bagian, melebihi batas %(max)s (dicurigai bom zip)")
        % {
            "n": number_format(count, force_grouping=True),
            "max": number_format(limit, force_grouping=True),
        },
        "zip_bomb",
    )


# vbaProject.bin, vbaProject1.bin, vbaData.xml ... in any folder, and anything "macroEnabled".
_MACRO_PART = re.compile(r"(?:^|/)(?:vbaproject[^/]*\.bin|vbadata[^/]*\.xml)$|macroenabled")
# Declared content types that carry code: VBA projects and their data, macro-enabled main parts
# (docm/xlsm/pptm/xlsb), Excel 4.0 macro sheets and ActiveX controls.
_MACRO_TYPES = ("macroenabled", "vbaproject", "vbadata", "macrosheet", "activex")


def _xml_part(zf: zipfile.ZipFile, info: zipfile.ZipInfo, name: str) -> Element:
    """One small XML part of the package, size-capped and parsed without DTDs or entities."""
    too_big = _refuse(
        name,
        _("%(part)s lebih besar dari %(mb)s MB (dicurigai bom zip)")
        % {"part": info.filename, "mb": OOXML_XML_MAX_BYTES // (1024 * 1024)},
        "zip_bomb",
    )
    if info.file_size > OOXML_XML_MAX_BYTES:
        raise too_big
    with zf.open(info) as part:
        data = part.read(OOXML_XML_MAX_BYTES + 1)
    if len(data) > OOXML_XML_MAX_BYTES:
        raise too_big
    try:
        root: Element = xml_fromstring(data, forbid_dtd=True)
    except DefusedXmlException as exc:
        raise _refuse(
            name,
            _("%(part)s memuat deklarasi DTD atau entitas XML yang tidak diizinkan")
            % {"part": info.filename},
            "ooxml_xml",
        ) from exc
    except ParseError as exc:
        raise _refuse(
            name, _("%(part)s bukan XML yang sah") % {"part": info.filename}, "not_ooxml"
        ) from exc
    return root


def _refuse_macros(zf: zipfile.ZipFile, infos: list[zipfile.ZipInfo], name: str) -> None:
    """Macros by part name, whatever the folder, and by every declared content type."""
    for info in infos:
        if _MACRO_PART.search(info.filename.lower()):
            part = info.filename.rsplit("/", 1)[-1]
            raise _refuse(name, _("berisi makro (%(part)s)") % {"part": part}, "macro")
    root = _xml_part(zf, zf.getinfo("[Content_Types].xml"), name)
    for element in root.iter():
        declared = element.get("ContentType") or ""
        if any(token in declared.lower() for token in _MACRO_TYPES):
            raise _refuse(
                name, _("berisi makro (jenis isi %(type)s)") % {"type": declared[:120]}, "macro"
            )


def _has_external_links(zf: zipfile.ZipFile, infos: list[zipfile.ZipInfo], name: str) -> bool:
    """A workbook linking to other workbooks or data sources: xl/externalLinks/ parts, or any
    relationship with TargetMode="External" other than an ordinary cell hyperlink."""
    if any(i.filename.lower().startswith("xl/externallinks/") for i in infos):
        return True
    for info in infos:
        if not info.filename.lower().endswith(".rels"):
            continue
        for element in _xml_part(zf, info, name).iter():
            external = (element.get("TargetMode") or "").lower() == "external"
            if external and not (element.get("Type") or "").endswith("/hyperlink"):
                return True
    return False


def _check_ooxml(f: IO[bytes], name: str, ext: str, kind: Kind) -> tuple[str, ...]:
    """A real Office Open XML package of the right kind, without macros, that is no zip bomb;
    returns the flags for the reviewer (external links of a workbook)."""
    not_office = _("isinya bukan dokumen %(kind)s yang sah") % {"kind": kind.label}
    flags: list[str] = []
    try:
        limit = max_zip_entries()
        entries, directory = _zip_end_record(f)
        if entries > limit:
            raise _too_many_parts(name, entries, limit)
        if directory > limit * ZIP_DIRECTORY_BYTES_PER_ENTRY:
            raise _refuse(
                name, _("daftar isi arsipnya terlalu besar (dicurigai bom zip)"), "zip_bomb"
            )
        f.seek(0)
        with zipfile.ZipFile(f) as zf:
            infos = zf.infolist()
            if len(infos) > limit:  # the end record understated the count
                raise _too_many_parts(name, len(infos), limit)
            names = {i.filename for i in infos}
            if "[Content_Types].xml" not in names:
                raise _refuse(name, not_office, "not_ooxml")
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
            _refuse_macros(zf, infos, name)
            if kind.main_part not in names:
                raise _refuse(name, not_office, "not_ooxml")
            if ext == ".xlsx" and _has_external_links(zf, infos, name):
                flags.append(RevisionFlag.EXTERNAL_LINKS.value)
            # Declared sizes can lie; reading every member (bounded by the checks above) makes
            # zipfile verify each CRC, which fails when the real data differs from the header.
            budget = max_unzipped_bytes()
            for info in infos:
                with zf.open(info) as member:
                    while chunk := member.read(READ_CHUNK):
                        budget -= len(chunk)
                        if budget < 0:
                            raise _refuse(name, _("isinya terlalu besar saat dibuka"), "zip_bomb")
    except (
        zipfile.BadZipFile,
        zlib.error,
        struct.error,
        EOFError,
        NotImplementedError,
        RuntimeError,
    ) as exc:
        raise _refuse(name, not_office + _(" (arsip rusak)"), "not_ooxml") from exc
    finally:
        f.seek(0)
    return tuple(flags)


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
_PDF_DELIMITERS = rb"\x00\t\n\x0c\r ()<>\[\]{}/%"
_PDF_NAME = re.compile(rb"/([^" + _PDF_DELIMITERS + rb"]*)")
_PDF_HEX = re.compile(rb"#([0-9A-Fa-f]{2})")
_PDF_ACTIVE = {
    b"JS": RevisionFlag.PDF_JAVASCRIPT.value,
    b"JavaScript": RevisionFlag.PDF_JAVASCRIPT.value,
    b"OpenAction": RevisionFlag.PDF_AUTO_ACTION.value,
    b"AA": RevisionFlag.PDF_AUTO_ACTION.value,
}
# One pattern per name, each starting with a literal, so the regex engine skips ahead at C speed
# (an alternation starting with "/" would try every slash of a file made of slashes).
_PDF_ACTIVE_NAMES = [
    (re.compile(b"/" + name + rb"(?=[" + _PDF_DELIMITERS + rb"]|\Z)"), flag)
    for name, flag in _PDF_ACTIVE.items()
]
_PDF_ESCAPE = re.compile(rb"#[0-9A-Fa-f]{2}")
_PDF_STREAM = re.compile(rb"stream\r?\n")
_PDF_FLAG_ORDER = (RevisionFlag.PDF_JAVASCRIPT.value, RevisionFlag.PDF_AUTO_ACTION.value)
# Work caps: a file built to make the scan slow (millions of streams, escaped names or names
# hidden in stream data) is refused, not scanned for minutes.
PDF_MAX_STREAMS = 200_000
PDF_MAX_CANDIDATES = 100_000

Buffer = bytes | mmap.mmap


def _pdf_name(raw: bytes) -> bytes:
    return _PDF_HEX.sub(lambda m: bytes([int(m.group(1), 16)]), raw)


@contextlib.contextmanager
def _whole(f: IO[bytes]) -> Iterator[Buffer]:
    """The uploaded file as one buffer: memory-mapped when it is on disk, else read in chunks
    (in-memory uploads are small)."""
    try:
        fileno = f.fileno()
    except (AttributeError, OSError, ValueError):
        fileno = -1
    try:
        if fileno >= 0:
            with mmap.mmap(fileno, 0, access=mmap.ACCESS_READ) as mapped:
                yield mapped
        else:
            f.seek(0)
            yield b"".join(iter(lambda: f.read(READ_CHUNK), b""))
    finally:
        f.seek(0)


class _PdfTooComplex(Exception):
    pass


class _PdfScan:
    """Where a PDF's stream data lies, and which active names occur outside it."""

    def __init__(self, buf: Buffer) -> None:
        self.buf = buf
        self.starts: list[int] = []
        self.ends: list[int] = []
        self.object_streams: list[tuple[int, int]] = []
        self.candidates = 0
        self._find_streams()

    def _count(self) -> None:
        self.candidates += 1
        if self.candidates > PDF_MAX_CANDIDATES:
            raise _PdfTooComplex

    def _find_streams(self) -> None:
        buf, pos = self.buf, 0
        while found := _PDF_STREAM.search(buf, pos):
            pos = found.end()
            if found.start() and buf[found.start() - 1 : found.start()].isalpha():
                continue  # "endstream" of a stream already skipped, or a longer word
            stop = buf.find(b"endstream", pos)
            if stop < 0:
                stop = len(buf)
            self.starts.append(pos)
            self.ends.append(stop)
            if len(self.starts) > PDF_MAX_STREAMS:
                raise _PdfTooComplex
            dictionary = bytes(buf[max(0, found.start() - 1024) : found.start()])
            dictionary = dictionary[dictionary.rfind(b"obj") + 1 :]
            if (b"ObjStm" in dictionary or b"#" in dictionary) and any(
                _pdf_name(m.group(1)) == b"ObjStm" for m in _PDF_NAME.finditer(dictionary)
            ):
                self.object_streams.append((pos, stop))
            pos = stop + len(b"endstream")

    def _in_stream(self, at: int) -> bool:
        i = bisect.bisect_right(self.starts, at) - 1
        return i >= 0 and at < self.ends[i]

    def flags(self, data: Buffer | None = None) -> set[str]:
        """Active names outside stream data (of `data`, an inflated object stream, if given)."""
        buf = self.buf if data is None else data
        outside = (lambda at: True) if data is not None else (lambda at: not self._in_stream(at))
        found: set[str] = set()
        for pattern, flag in _PDF_ACTIVE_NAMES:
            if flag in found:
                continue
            for hit in pattern.finditer(buf):
                if outside(hit.start()):
                    found.add(flag)
                    break
                self._count()
        # Escaped names (/J#61vaScript): decoded one by one, found by their escapes.
        for escape in _PDF_ESCAPE.finditer(buf):
            self._count()
            start = buf.rfind(b"/", max(0, escape.start() - 64), escape.start())
            if start < 0 or not outside(start):
                continue
            name = _PDF_NAME.match(buf, start)
            if name and (active := _PDF_ACTIVE.get(_pdf_name(name.group(1)))):
                found.add(active)
        return found


def _pdf_flags(f: IO[bytes], name: str) -> tuple[str, ...]:
    """JavaScript (/JS, /JavaScript) and automatic actions (/OpenAction, /AA) in a PDF.

    Reads every name outside stream data (names may be #-escaped) and inside compressed object
    streams (PDF 1.5), where a catalog can hide; other streams (images, page content) are
    skipped, so bytes of an image never count as a name.
    """
    budget = PDF_INFLATE_BUDGET
    try:
        with _whole(f) as buf:
            scan = _PdfScan(buf)
            found = scan.flags()
            for start, stop in scan.object_streams:
                if budget <= 0:
                    break
                try:
                    data = zlib.decompressobj().decompress(bytes(buf[start:stop]), budget)
                except zlib.error:
                    continue
                budget -= len(data)
                found |= scan.flags(data)
    except _PdfTooComplex as exc:
        raise _refuse(
            name,
            _("susunan PDF-nya tidak wajar (terlalu banyak objek untuk diperiksa)"),
            "pdf_complex",
        ) from exc
    return tuple(flag for flag in _PDF_FLAG_ORDER if flag in found)


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
