"""Real good and bad files built in the test, and helpers to look at what was stored.

Evidence rows in any state come from tests.factories (EvidenceFactory, ReviewFlagFactory).
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from areas.models import Question
from tests.conftest import World
from zi_portal.models import Assessment

CT_DOCX = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Default Extension="rels" '
    'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Override PartName="/word/document.xml" ContentType="application/'
    'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
    "</Types>"
)
RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/officeDocument" Target="word/document.xml"/></Relationships>'
)
DOCUMENT = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
    "<w:body><w:p><w:r><w:t>Laporan pembangunan ZI</w:t></w:r></w:p></w:body></w:document>"
)


def jpg_bytes() -> bytes:
    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGB", (8, 8), (200, 10, 10)).save(buf, format="JPEG")
    return buf.getvalue()


def docx_bytes(extra: dict[str, bytes] | None = None, content_types: str = CT_DOCX) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", content_types)
        zf.writestr("_rels/.rels", RELS)
        zf.writestr("word/document.xml", DOCUMENT)
        for name, data in (extra or {}).items():
            zf.writestr(name, data)
    return buf.getvalue()


def xlsx_bytes() -> bytes:
    from openpyxl import Workbook

    wb = Workbook()
    wb.active.append(["Indikator", "Nilai"])  # type: ignore[union-attr]
    wb.active.append(["A.I.1.i.a", 1])  # type: ignore[union-attr]
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def xlsx_with_macro_bytes() -> bytes:
    """A real workbook with an xl/vbaProject.bin part, saved under the innocent .xlsx name."""
    src = zipfile.ZipFile(io.BytesIO(xlsx_bytes()))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for info in src.infolist():
            zf.writestr(info, src.read(info))
        zf.writestr("xl/vbaProject.bin", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 512)
    return buf.getvalue()


def zip_bomb_docx(path: Path, *, megabytes: int) -> Path:
    """A valid OOXML skeleton plus a member of `megabytes` zeros, streamed (never in memory)."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", CT_DOCX)
        zf.writestr("_rels/.rels", RELS)
        zf.writestr("word/document.xml", DOCUMENT)
        zero = bytes(1024 * 1024)
        with zf.open("word/media/padding.bin", "w", force_zip64=True) as member:
            for _ in range(megabytes):
                member.write(zero)
    return path


EXE = (
    b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff"
    + b"\x00" * 48
    + b"This program "
    + (b"cannot be run in DOS mode.\r\r\n$" + b"\x00" * 400)
)
HTML = (
    b"<!DOCTYPE html><html><head><title>Laporan</title></head>"
    b"<body><script>fetch('/keluar/',{method:'POST'})</script></body></html>"
)
SVG = (
    b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
    b"<script>alert(document.cookie)</script></svg>"
)


def upload(
    name: str, content: bytes, content_type: str = "application/octet-stream"
) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type=content_type)


def stored_files(settings: Any) -> list[Path]:
    """The stored documents; page images under previews/ are derived from them, not stored
    evidence (the preview task may or may not have run when a test looks)."""
    root = Path(settings.MEDIA_ROOT)
    if not root.exists():
        return []
    previews = root / "previews"
    return sorted(p for p in root.rglob("*") if p.is_file() and previews not in p.parents)


def question_in_area(assessment: Assessment, area_no: int, index: int = 0) -> Question:
    # Codes carry the area in third place: A.I.3.ii.a is area 3 (see Question.area_no).
    qs = Question.objects.filter(framework=assessment.framework, code__startswith="A.").order_by(
        "position"
    )
    return [q for q in qs if q.area_no == area_no][index]


def set_status(assessment: Assessment, status: str) -> Assessment:
    assessment.status = status
    assessment.save(update_fields=["status"])
    return assessment


@pytest.fixture
def q1(world: World) -> Question:
    return question_in_area(world.own, 1)


@pytest.fixture
def q1b(world: World) -> Question:
    return question_in_area(world.own, 1, index=1)


@pytest.fixture
def q3(world: World) -> Question:
    return question_in_area(world.own, 3)
