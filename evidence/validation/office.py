"""Office (OOXML) files: part count from the end record, macros by content type and name, links."""

from __future__ import annotations

import os
import re
import struct
import zipfile
import zlib
from typing import IO
from xml.etree.ElementTree import Element, ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring as xml_fromstring
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from evidence.models import RevisionFlag
from evidence.validation.common import (
    OOXML_XML_MAX_BYTES,
    RATIO_CHECK_FLOOR,
    READ_CHUNK,
    ZIP_DIRECTORY_BYTES_PER_ENTRY,
    Kind,
    _refuse,
    max_unzipped_bytes,
    max_zip_entries,
    max_zip_ratio,
)


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
