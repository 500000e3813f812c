"""Hostile uploads from the adversarial test (issue 10, items 2 and 3): zip bombs by entry count,
macros hidden under any part name or content type, external links in workbooks, markup before or
inside PDFs and images, and PDFs that run JavaScript or act when opened.

Every refusal names its reason in Bahasa Indonesia and leaves no stored file and no row."""

from __future__ import annotations

import io
import struct
import zipfile
import zlib
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile

from evidence import services
from evidence.models import Evidence, EvidenceRevision, RevisionFlag
from evidence.validation import validate_upload
from tests.evidence.conftest import (
    CT_DOCX,
    DOCUMENT,
    RELS,
    jpg_bytes,
    stored_files,
    upload,
    xlsx_bytes,
)
from tests.factories import pdf_bytes, png_bytes

pytestmark = pytest.mark.django_db

CT_NS = "http://schemas.openxmlformats.org/package/2006/content-types"


# --------------------------------------------------------------------------- builders


def many_entries_zip(path: Path, entries: int) -> Path:
    """A docx-shaped zip with `entries` empty members, written directly (zipfile takes seconds
    for 150,000): local headers, central directory, ZIP64 end records."""
    members = [
        (b"[Content_Types].xml", CT_DOCX.encode()),
        (b"_rels/.rels", RELS.encode()),
        (b"word/document.xml", DOCUMENT.encode()),
        *((b"word/media/e%d" % i, b"") for i in range(entries)),
    ]
    local, central, offset = [], [], 0
    for name, data in members:
        crc = zlib.crc32(data)
        header = struct.pack(
            "<4s5H3I2H", b"PK\x03\x04", 20, 0, 0, 0, 0x21, crc, len(data), len(data), len(name), 0
        )
        central.append(
            struct.pack(
                "<4s6H3I5HII",
                b"PK\x01\x02", 20, 20, 0, 0, 0, 0x21, crc, len(data), len(data), len(name),
                0, 0, 0, 0, 0, offset,
            )
            + name
        )  # fmt: skip
        local.append(header + name + data)
        offset += len(header) + len(name) + len(data)
    directory = b"".join(central)
    count = len(members)
    zip64_at = offset + len(directory)
    tail = (
        struct.pack(
            "<4sQ2H2L4Q", b"PK\x06\x06", 44, 45, 45, 0, 0, count, count, len(directory), offset
        )
        + struct.pack("<4sLQL", b"PK\x06\x07", 0, zip64_at, 1)
        + struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, 0xFFFF, 0xFFFF, len(directory), offset, 0)
    )
    path.write_bytes(b"".join(local) + directory + tail)
    return path


def _content_types(*elements: str, encoding: str = "utf-8") -> bytes:
    body = (
        f'<?xml version="1.0" encoding="{encoding.upper()}"?><Types xmlns="{CT_NS}">'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Default Extension="rels" '
        'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Override PartName="/word/document.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
        + "".join(elements)
        + "</Types>"
    )
    return body.encode(encoding)


def _docx_with(content_types: bytes, extra: dict[str, bytes] | None = None) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", content_types)
        zf.writestr("_rels/.rels", RELS)
        zf.writestr("word/document.xml", DOCUMENT)
        for name, data in (extra or {}).items():
            zf.writestr(name, data)
    return buf.getvalue()


def _xlsx_with(extra: dict[str, bytes]) -> bytes:
    src = zipfile.ZipFile(io.BytesIO(xlsx_bytes()))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for info in src.infolist():
            if info.filename not in extra:
                zf.writestr(info, src.read(info))
        for name, data in extra.items():
            zf.writestr(name, data)
    return buf.getvalue()


def _pdf_with(catalog_extra: bytes) -> bytes:
    """pdf_bytes() with extra entries in the catalog dictionary (offsets stay right enough for
    readers; the validator reads the raw objects)."""
    return pdf_bytes("Aksi").replace(
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Catalog /Pages 2 0 R " + catalog_extra + b" >>",
    )


def _pdf_with_object_stream(hidden: bytes) -> bytes:
    """A PDF whose catalog action sits only inside a compressed object stream (PDF 1.5)."""
    packed = zlib.compress(b"6 0 " + hidden)
    stream_obj = (
        b"7 0 obj\n<< /Type /ObjStm /N 1 /First 4 /Filter /FlateDecode /Length "
        + str(len(packed)).encode()
        + b" >>\nstream\n"
        + packed
        + b"\nendstream\nendobj\n"
    )
    base = pdf_bytes("Objek")
    return base.replace(b"xref\n", stream_obj + b"xref\n", 1)


def _assert_nothing_stored(settings: Any) -> None:
    assert Evidence.objects.count() == 0
    assert EvidenceRevision.objects.count() == 0
    assert stored_files(settings) == []


def _refused(world: Any, q1: Any, settings: Any, f: Any) -> str:
    with pytest.raises(ValidationError) as exc:
        services.evidence_upload(
            actor=world.users["tim_kerja"], assessment=world.own, question=q1, uploaded_file=f
        )
    _assert_nothing_stored(settings)
    return str(exc.value.messages[0])


# --------------------------------------------------------------------------- item 2: Office


def test_docx_with_150000_empty_entries_is_refused_as_zip_bomb(
    world: Any, q1: Any, settings: Any, tmp_path: Path
) -> None:
    path = many_entries_zip(tmp_path / "banyak.docx", 150_000)
    with path.open("rb") as fh:
        f = UploadedFile(file=fh, name="banyak.docx", size=path.stat().st_size)
        message = _refused(world, q1, settings, f)
    assert message == (
        "Berkas 'banyak.docx' ditolak: arsipnya berisi 150.003 bagian, melebihi batas 10.000 "
        "(dicurigai bom zip)."
    )


def test_entry_cap_is_a_setting(settings: Any, tmp_path: Path) -> None:
    settings.EVIDENCE_MAX_ZIP_ENTRIES = 50
    path = many_entries_zip(tmp_path / "sedikit.docx", 60)
    with path.open("rb") as fh:
        f = UploadedFile(file=fh, name="sedikit.docx", size=path.stat().st_size)
        with pytest.raises(ValidationError, match="berisi 63 bagian, melebihi batas 50"):
            validate_upload(f)
    settings.EVIDENCE_MAX_ZIP_ENTRIES = 100
    with path.open("rb") as fh:
        f = UploadedFile(file=fh, name="sedikit.docx", size=path.stat().st_size)
        assert validate_upload(f).content_type.endswith("wordprocessingml.document")


def test_entry_count_understated_in_the_end_record_is_still_refused(
    settings: Any, tmp_path: Path
) -> None:
    """A directory with more entries than the end record admits: counted after opening."""
    settings.EVIDENCE_MAX_ZIP_ENTRIES = 50
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_STORED) as zf:
        zf.writestr("[Content_Types].xml", CT_DOCX)
        zf.writestr("_rels/.rels", RELS)
        zf.writestr("word/document.xml", DOCUMENT)
        for i in range(60):
            zf.writestr(f"word/media/e{i}", b"")
    data = bytearray(buf.getvalue())
    eocd = data.rfind(b"PK\x05\x06")
    struct.pack_into("<HH", data, eocd + 8, 3, 3)  # "3 entries"
    with pytest.raises(ValidationError, match="melebihi batas 50"):
        validate_upload(upload("bohong.docx", bytes(data)))


MACRO_MAIN = "application/vnd.ms-word.document.macroEnabled.main+xml"

MACRO_DOCX = [
    pytest.param(
        _content_types(
            '<Override PartName="/word/innocent.xml" ContentType="application/vnd.ms-word.'
            'document.macro&#69;nabled.main+xml"/>'
        ),
        {"word/innocent.xml": DOCUMENT.encode()},
        "berisi makro (jenis isi " + MACRO_MAIN + ")",
        id="macro-main-under-another-name-as-character-reference",
    ),
    pytest.param(
        _content_types(
            f'<Override PartName="/custom/x.xml" ContentType="{MACRO_MAIN}"/>', encoding="utf-16"
        ),
        {"custom/x.xml": DOCUMENT.encode()},
        "berisi makro (jenis isi " + MACRO_MAIN + ")",
        id="macro-main-in-utf16-content-types",
    ),
    pytest.param(
        _content_types(
            '<Default Extension="dat" ContentType="application/vnd.ms-office.vb&#97;Project"/>'
        ),
        {"word/data.dat": b"\xd0\xcf\x11\xe0" + b"\x00" * 64},
        "berisi makro (jenis isi application/vnd.ms-office.vbaProject)",
        id="vba-project-declared-by-default-extension",
    ),
    pytest.param(
        _content_types(),
        {"word/vbaProject1.bin": b"\xd0\xcf\x11\xe0" + b"\x00" * 64},
        "berisi makro (vbaProject1.bin)",
        id="vba-part-with-a-number-in-its-name",
    ),
    pytest.param(
        _content_types(),
        {"word/media/Template.macroEnabled.xml": b"<x/>"},
        "berisi makro (Template.macroEnabled.xml)",
        id="part-named-macro-enabled",
    ),
]


@pytest.mark.parametrize(("content_types", "extra", "reason"), MACRO_DOCX)
def test_macros_found_by_content_type_and_part_name(
    world: Any, q1: Any, settings: Any, content_types: bytes, extra: dict[str, bytes], reason: str
) -> None:
    message = _refused(world, q1, settings, upload("surat.docx", _docx_with(content_types, extra)))
    assert message == f"Berkas 'surat.docx' ditolak: {reason}."


def test_content_types_with_entities_is_refused(world: Any, q1: Any, settings: Any) -> None:
    bomb = (
        b'<?xml version="1.0"?><!DOCTYPE Types [<!ENTITY a "aaaaaaaaaa">'
        b'<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>'
        b'<Types xmlns="' + CT_NS.encode() + b'"><Default Extension="x" ContentType="&b;"/></Types>'
    )
    message = _refused(world, q1, settings, upload("entitas.docx", _docx_with(bomb)))
    assert message == (
        "Berkas 'entitas.docx' ditolak: [Content_Types].xml memuat deklarasi DTD atau entitas "
        "XML yang tidak diizinkan."
    )


def test_oversized_content_types_is_refused(world: Any, q1: Any, settings: Any) -> None:
    padded = _content_types("<!--" + "x" * (2 * 1024 * 1024) + "-->")
    message = _refused(world, q1, settings, upload("besar.docx", _docx_with(padded)))
    assert message == (
        "Berkas 'besar.docx' ditolak: [Content_Types].xml lebih besar dari 1 MB "
        "(dicurigai bom zip)."
    )


EXTERNAL_LINK_RELS = (
    b'<?xml version="1.0" encoding="UTF-8"?>'
    b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    b'<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    b'relationships/externalLinkPath" Target="file:///\\\\server\\share\\anggaran.xlsx" '
    b'TargetMode="External"/></Relationships>'
)
HYPERLINK_RELS = (
    b'<?xml version="1.0" encoding="UTF-8"?>'
    b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    b'<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    b'relationships/hyperlink" Target="https://menpan.go.id/" TargetMode="External"/>'
    b"</Relationships>"
)


@pytest.mark.parametrize(
    "extra",
    [
        pytest.param(
            {
                "xl/externalLinks/externalLink1.xml": b"<externalLink/>",
                "xl/externalLinks/_rels/externalLink1.xml.rels": EXTERNAL_LINK_RELS,
            },
            id="external-link-part",
        ),
        pytest.param(
            {"xl/worksheets/_rels/sheet1.xml.rels": EXTERNAL_LINK_RELS.replace(b"Link", b"Lnk")},
            id="external-relationship-only",
        ),
    ],
)
def test_workbook_with_external_links_is_accepted_with_a_warning(
    world: Any, q1: Any, extra: dict[str, bytes]
) -> None:
    ev = services.evidence_upload(
        actor=world.users["tim_kerja"],
        assessment=world.own,
        question=q1,
        uploaded_file=upload("rekap.xlsx", _xlsx_with(extra)),
    )
    assert ev.current_revision is not None
    ev.current_revision.refresh_from_db()
    assert ev.current_revision.flags == [RevisionFlag.EXTERNAL_LINKS]


def test_workbook_hyperlinks_are_not_external_links() -> None:
    checked = validate_upload(
        upload("tautan.xlsx", _xlsx_with({"xl/worksheets/_rels/sheet1.xml.rels": HYPERLINK_RELS}))
    )
    assert checked.flags == ()


# --------------------------------------------------------------------------- item 3: PDF, images


MARKUP = [
    pytest.param("hai.pdf", b"<p>hi</p>%PDF-1.4\n" + pdf_bytes()[9:], "<p>", id="p-before-pdf"),
    pytest.param(
        "onload.pdf",
        b"<body onload=alert(1)>%PDF-1.4\n" + pdf_bytes()[9:],
        "<body",
        id="body-onload-before-pdf",
    ),
    pytest.param(
        "foto.jpg",
        jpg_bytes()[:20] + b"<html><script>alert(document.cookie)</script></html>",
        "<html",
        id="html-after-jpeg-header",
    ),
    pytest.param(
        "logo.png",
        png_bytes()[:33] + b"\x00\x00\x00\x30tEXtComment\x00<iframe src=javascript:alert(1)>",
        "<iframe",
        id="iframe-in-png-text-chunk",
    ),
    pytest.param(
        "uri.pdf",
        _pdf_with(b"/URI (JavaScript:alert(1))"),
        "javascript:",
        id="javascript-uri-in-pdf",
    ),
    pytest.param(
        "svg.jpg", jpg_bytes()[:20] + b'<svg xmlns="http://www.w3.org/2000/svg"/>', "<svg", id="svg"
    ),
]


@pytest.mark.parametrize(("name", "content", "token"), MARKUP)
def test_markup_in_a_binary_file_is_refused(
    world: Any, q1: Any, settings: Any, name: str, content: bytes, token: str
) -> None:
    message = _refused(world, q1, settings, upload(name, content))
    assert message == (
        f"Berkas '{name}' ditolak: berisi kode HTML atau skrip ({token}) yang dapat dijalankan "
        "peramban."
    )


@pytest.mark.parametrize(
    "prefix",
    [
        pytest.param(b"junk", id="text-before"),
        pytest.param(b" " * 1100, id="beyond-1024-bytes"),
        pytest.param(b"\x89PNG\r\n", id="binary-before"),
    ],
)
def test_pdf_marker_must_open_the_file(world: Any, q1: Any, settings: Any, prefix: bytes) -> None:
    message = _refused(world, q1, settings, upload("dok.pdf", prefix + pdf_bytes()))
    assert message == (
        "Berkas 'dok.pdf' ditolak: isinya bukan PDF (penanda %PDF- tidak berada di awal berkas)."
    )


def test_pdf_after_a_bom_and_whitespace_is_accepted() -> None:
    checked = validate_upload(upload("bom.pdf", b"\xef\xbb\xbf \r\n\t" + pdf_bytes()))
    assert checked.content_type == "application/pdf"
    assert checked.flags == ()


ACTIVE_PDFS = [
    pytest.param(
        _pdf_with(b"/OpenAction << /S /GoTo /D [3 0 R /Fit] >>"),
        [RevisionFlag.PDF_AUTO_ACTION],
        id="open-action",
    ),
    pytest.param(
        _pdf_with(b"/OpenAction << /S /JavaScript /JS (app.alert(1)) >>"),
        [RevisionFlag.PDF_JAVASCRIPT, RevisionFlag.PDF_AUTO_ACTION],
        id="open-action-javascript",
    ),
    pytest.param(
        _pdf_with(b"/Names << /J#61vaScript 8 0 R >>"),
        [RevisionFlag.PDF_JAVASCRIPT],
        id="javascript-with-name-escape",
    ),
    pytest.param(
        _pdf_with_object_stream(b"<< /Type /Action /S /JavaScript /JS (x) >>"),
        [RevisionFlag.PDF_JAVASCRIPT],
        id="javascript-in-object-stream",
    ),
    pytest.param(
        _pdf_with(b"/AA << /O 9 0 R >>"), [RevisionFlag.PDF_AUTO_ACTION], id="additional-actions"
    ),
]


@pytest.mark.parametrize(("content", "flags"), ACTIVE_PDFS)
def test_pdf_with_active_content_is_accepted_and_flagged(
    world: Any, q1: Any, content: bytes, flags: list[str]
) -> None:
    ev = services.evidence_upload(
        actor=world.users["tim_kerja"],
        assessment=world.own,
        question=q1,
        uploaded_file=upload("aksi.pdf", content),
    )
    rev = EvidenceRevision.objects.get(evidence=ev)
    assert rev.flags == flags


def test_plain_pdf_and_image_streams_are_not_flagged() -> None:
    """Names inside (binary) streams are not read: "/JS" in image data is not JavaScript."""
    image = b"\x00/JS \x00/AA)/OpenAction " * 50
    content = pdf_bytes().replace(
        b"xref\n",
        b"6 0 obj\n<< /Length " + str(len(image)).encode() + b" >>\nstream\n" + image
        + b"\nendstream\nendobj\nxref\n",
        1,
    )  # fmt: skip
    assert validate_upload(upload("bersih.pdf", content)).flags == ()


def test_replace_records_the_flags_of_the_new_revision(world: Any, q1: Any) -> None:
    actor = world.users["tim_kerja"]
    ev = services.evidence_upload(
        actor=actor, assessment=world.own, question=q1, uploaded_file=upload("a.pdf", pdf_bytes())
    )
    rev = services.evidence_replace(
        actor=actor,
        evidence=ev,
        uploaded_file=upload("a.pdf", _pdf_with(b"/OpenAction 3 0 R")),
    )
    rev.refresh_from_db()
    assert rev.flags == [RevisionFlag.PDF_AUTO_ACTION]


def test_flag_shows_on_the_question_page_for_the_reviewer(world: Any, q1: Any) -> None:
    services.evidence_upload(
        actor=world.users["tim_kerja"],
        assessment=world.own,
        question=q1,
        uploaded_file=upload("aksi.pdf", _pdf_with(b"/OpenAction << /S /JavaScript /JS (x) >>")),
    )
    html = (
        world.client("tpi").get(f"/penilaian/{world.own.pk}/pertanyaan/{q1.code}/").content.decode()
    )
    assert 'class="tag tag-warning revision-flag"' in html
    assert "PDF berisi JavaScript" in html
    assert "PDF menjalankan aksi otomatis saat dibuka" in html


def test_unflagged_revision_shows_no_badge(world: Any, q1: Any) -> None:
    services.evidence_upload(
        actor=world.users["tim_kerja"],
        assessment=world.own,
        question=q1,
        uploaded_file=upload("biasa.pdf", pdf_bytes()),
    )
    html = (
        world.client("tpi").get(f"/penilaian/{world.own.pk}/pertanyaan/{q1.code}/").content.decode()
    )
    assert "revision-flag" not in html


def test_pdf_built_to_slow_the_scan_is_refused(
    world: Any, q1: Any, settings: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from evidence.validation import pdf as validation

    monkeypatch.setattr(validation, "PDF_MAX_STREAMS", 100)
    streams = b"<< /Length 1 >>\nstream\nx\nendstream\n" * 101
    content = pdf_bytes().replace(b"xref\n", b"6 0 obj\n" + streams + b"endobj\nxref\n", 1)
    message = _refused(world, q1, settings, upload("rumit.pdf", content))
    assert message == (
        "Berkas 'rumit.pdf' ditolak: susunan PDF-nya tidak wajar (terlalu banyak objek untuk "
        "diperiksa)."
    )
