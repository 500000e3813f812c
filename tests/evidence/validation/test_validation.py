"""Uploads are judged by content: real bad files are refused with an Indonesian reason and leave
nothing behind; real good files are stored with the right hash, size and type."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile

from evidence import services
from evidence.models import Evidence, EvidenceRevision
from evidence.validation import sanitize_filename, validate_upload
from tests.evidence.conftest import (
    EXE,
    HTML,
    SVG,
    docx_bytes,
    jpg_bytes,
    stored_files,
    upload,
    xlsx_bytes,
    xlsx_with_macro_bytes,
    zip_bomb_docx,
)
from tests.factories import pdf_bytes, png_bytes

pytestmark = pytest.mark.django_db


def _plain_zip() -> bytes:
    import io
    import zipfile

    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("catatan.txt", "bukan dokumen Office")
    return buf.getvalue()


BAD_FILES = [
    (
        "laporan.pdf",
        EXE,
        "Berkas 'laporan.pdf' ditolak: isinya bukan PDF (terdeteksi: program Windows).",
    ),
    (
        "sk-tim.pdf",
        HTML,
        "Berkas 'sk-tim.pdf' ditolak: isinya bukan PDF (terdeteksi: halaman HTML).",
    ),
    ("logo.png", SVG, "Berkas 'logo.png' ditolak: isinya bukan PNG (terdeteksi: gambar SVG)."),
    ("logo.svg", SVG, "Berkas 'logo.svg' ditolak: jenis berkas .svg tidak diizinkan"),
    ("halaman.html", HTML, "Berkas 'halaman.html' ditolak: jenis berkas .html tidak diizinkan"),
    ("program.exe", EXE, "Berkas 'program.exe' ditolak: jenis berkas .exe tidak diizinkan"),
    (
        "elf.jpg",
        b"\x7fELF\x02\x01\x01" + b"\x00" * 64,
        "isinya bukan JPG (terdeteksi: program Linux)",
    ),
    ("skrip.pdf", b"#!/bin/sh\nrm -rf /\n", "isinya bukan PDF (terdeteksi: skrip)"),
    ("kosong.pdf", b"", "Berkas 'kosong.pdf' ditolak: berkas kosong."),
    ("makro.docm", docx_bytes(), "Berkas 'makro.docm' ditolak: berkas Office dengan makro (.docm)"),
    (
        "anggaran.xlsx",
        xlsx_with_macro_bytes(),
        "Berkas 'anggaran.xlsx' ditolak: berisi makro (vbaProject.bin).",
    ),
    ("foto.pdf", png_bytes(), "isinya bukan PDF (terdeteksi: gambar PNG)"),
    ("laporan.docx", pdf_bytes(), "isinya bukan DOCX (terdeteksi: PDF)"),
    (
        "tabel.xlsx",
        docx_bytes(),
        "Berkas 'tabel.xlsx' ditolak: isinya bukan XLSX (terdeteksi: dokumen Word).",
    ),
    (
        "arsip.docx",
        _plain_zip(),
        "Berkas 'arsip.docx' ditolak: isinya bukan dokumen DOCX yang sah.",
    ),
    (
        "polos.docx",
        b"PK\x03\x04" + b"rusak" * 50,
        "isinya bukan dokumen DOCX yang sah (arsip rusak)",
    ),
    ("tanpa-ekstensi", pdf_bytes(), "jenis berkas tanpa ekstensi tidak diizinkan"),
]


def _assert_nothing_stored(settings: Any) -> None:
    assert Evidence.objects.count() == 0
    assert EvidenceRevision.objects.count() == 0
    assert stored_files(settings) == []


@pytest.mark.parametrize(("name", "content", "reason"), BAD_FILES, ids=[b[0] for b in BAD_FILES])
def test_bad_file_refused_with_reason_and_nothing_stored(
    world: Any, q1: Any, settings: Any, name: str, content: bytes, reason: str
) -> None:
    with pytest.raises(ValidationError) as exc:
        services.evidence_upload(
            actor=world.users["tim_kerja"],
            assessment=world.own,
            question=q1,
            uploaded_file=upload(name, content),
        )
    assert reason in exc.value.messages[0]
    _assert_nothing_stored(settings)


def test_macro_enabled_content_type_refused(world: Any, q1: Any, settings: Any) -> None:
    macro_ct = (
        '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
        'content-types"><Override PartName="/word/document.xml" ContentType="application/'
        'vnd.ms-word.document.macroEnabled.main+xml"/></Types>'
    )
    with pytest.raises(ValidationError, match="berisi makro"):
        validate_upload(upload("surat.docx", docx_bytes(content_types=macro_ct)))
    _assert_nothing_stored(settings)


def test_zip_bomb_docx_refused_without_reading_it_into_memory(
    world: Any, q1: Any, settings: Any, tmp_path: Path
) -> None:
    settings.EVIDENCE_MAX_UNZIPPED_MB = 2
    path = zip_bomb_docx(tmp_path / "bom.docx", megabytes=64)
    assert path.stat().st_size < 1024 * 1024  # 64 MB of zeros in well under 1 MB
    with path.open("rb") as fh:
        f = UploadedFile(file=fh, name="laporan-tahunan.docx", size=path.stat().st_size)
        with pytest.raises(ValidationError) as exc:
            services.evidence_upload(
                actor=world.users["tim_kerja"],
                assessment=world.own,
                question=q1,
                uploaded_file=f,
            )
    assert exc.value.messages[0] == (
        "Berkas 'laporan-tahunan.docx' ditolak: isinya mengembang melebihi 2 MB saat dibuka "
        "(dicurigai bom zip)."
    )
    assert Evidence.objects.count() == 0
    assert [p for p in stored_files(settings) if "evidence" in p.parts] == []


def test_high_ratio_archive_under_the_cap_is_refused(settings: Any, tmp_path: Path) -> None:
    settings.EVIDENCE_MAX_UNZIPPED_MB = 200
    path = zip_bomb_docx(tmp_path / "rasio.docx", megabytes=20)
    with path.open("rb") as fh:
        f = UploadedFile(file=fh, name="rasio.docx", size=path.stat().st_size)
        with pytest.raises(ValidationError, match="rasio kompresinya tidak wajar"):
            validate_upload(f)


def test_over_limit_file_refused(world: Any, q1: Any, settings: Any) -> None:
    settings.EVIDENCE_MAX_UPLOAD_MB = 1
    big = pdf_bytes() + b"%" + b"0" * (1024 * 1024 + 10)
    with pytest.raises(ValidationError) as exc:
        services.evidence_upload(
            actor=world.users["tim_kerja"],
            assessment=world.own,
            question=q1,
            uploaded_file=upload("besar.pdf", big),
        )
    assert exc.value.messages[0] == (
        "Berkas 'besar.pdf' ditolak: ukurannya 1,0 MB, melebihi batas 1 MB."
    )
    _assert_nothing_stored(settings)


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("../../etc/passwd.pdf", "passwd.pdf"),
        ("..\\..\\Windows\\laporan.PDF", "laporan.pdf"),
        ("Laporan Kinerja \u2013 Triwulan é 2025.pdf", "Laporan_Kinerja__Triwulan_é_2025.pdf"),
        ("sk\x00\x1f\x7fpimpinan.pdf", "skpimpinan.pdf"),
        (".htaccess", "htaccess"),
        ("...pdf", "pdf"),
        ("../", "berkas"),
        ("\uff33\uff2b.pdf", "SK.pdf"),  # full-width letters fold to ASCII
        ("a" * 300 + ".docx", "a" * 115 + ".docx"),
    ],
)
def test_sanitize_filename(raw: str, clean: str) -> None:
    assert sanitize_filename(raw) == clean


GOOD = [
    ("laporan.pdf", pdf_bytes, "application/pdf"),
    ("foto.png", png_bytes, "image/png"),
    ("foto.jpg", jpg_bytes, "image/jpeg"),
    (
        "surat.docx",
        docx_bytes,
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ),
    ("data.xlsx", xlsx_bytes, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
]


@pytest.mark.parametrize(("name", "make", "ctype"), GOOD, ids=[g[0] for g in GOOD])
def test_good_file_stored_with_hash_size_and_type(
    world: Any, q1: Any, settings: Any, name: str, make: Any, ctype: str
) -> None:
    content = make()
    ev = services.evidence_upload(
        actor=world.users["tim_kerja"],
        assessment=world.own,
        question=q1,
        uploaded_file=upload(name, content, "text/html"),  # the browser's claim is ignored
    )
    rev = ev.current_revision
    assert rev is not None
    assert rev.number == 1
    assert rev.sha256 == hashlib.sha256(content).hexdigest()
    assert rev.size == len(content)
    assert rev.content_type == ctype
    assert rev.original_name == name
    assert rev.uploaded_by == world.users["tim_kerja"]
    files = stored_files(settings)
    assert len(files) == 1
    assert files[0].read_bytes() == content
    assert list(ev.questions.all()) == [q1]


def test_real_pdf_builder_is_a_valid_pdf() -> None:
    import io

    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(pdf_bytes("Halo")))
    assert len(reader.pages) == 1
    assert "Halo" in reader.pages[0].extract_text()


def test_unicode_name_with_path_is_stored_under_a_safe_name(
    world: Any, q1: Any, settings: Any
) -> None:
    f = upload("x.pdf", pdf_bytes())
    f.name = "..\\..\\Bukti Rapat \u2013 Pimpinan é.pdf"  # backslashes survive Django's basename()
    ev = services.evidence_upload(
        actor=world.users["tim_kerja"], assessment=world.own, question=q1, uploaded_file=f
    )
    assert ev.current_revision.original_name == "Bukti_Rapat__Pimpinan_é.pdf"
    (stored,) = stored_files(settings)
    # Stored under evidence/<assessment>/ by a random key, never by the user's name.
    assert stored.relative_to(settings.MEDIA_ROOT).parts[:2] == ("evidence", str(world.own.pk))
    assert "Rapat" not in stored.name
