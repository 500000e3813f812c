"""Seed-004-shaped plan workbooks for the transfer tests, built with openpyxl.

Rows are copied from seed 004 (Balai Penelitian Ternak's TARGET PRIORITAS ZONA INTEGRITAS 2021):
area header rows ("1 MANAJEMEN PERUBAHAN", "II PENATAAN TATALAKSANA"), continuation rows with
empty NO and KOMPONEN, the seed's own wording of KOMPONEN where it matches the framework's
indicator names (case, punctuation, "Tim Kerja" inside "Penyusunan Tim Kerja") and KODE INDIKATOR
where it does not ("Dokumen Rencana Pembangunan ZI", "E- Office (2)").
"""

from __future__ import annotations

import datetime
import io
from typing import Any

from openpyxl import Workbook

HEADER = (
    "NO",
    "KOMPONEN",
    "INDIKATOR",
    "LANGKAH AKSI",
    "KEWENANGAN BERDASARKAN TUSI",
    "KODE INDIKATOR",
    "KODE PERTANYAAN",
    "KELUARAN/TARGET",
    "PENANGGUNG JAWAB",
    "MULAI",
    "TENGGAT",
    "STATUS",
    "CATATAN",
)
ZI = "Instansi yang berwenang mengelola ZI"


def row(
    no: Any = None,
    component: Any = None,
    indicator: Any = None,
    step: Any = None,
    authority: Any = None,
    **portal: Any,
) -> tuple[Any, ...]:
    keys = ("code", "qcode", "output", "person", "start", "due", "status", "note")
    return (no, component, indicator, step, authority, *(portal.get(k) for k in keys))


# (row, expected indicator code of the item it creates or None for header rows)
SEED_ROWS: list[tuple[tuple[Any, ...], str | None]] = [
    (row(1, "MANAJEMEN PERUBAHAN"), None),
    (
        row(
            1,
            "Tim Kerja",
            "SK Tim Kerja ZI telah dibuat sesuai prosedur yang telah ditetapkan",
            "Penetapan SK dan Menyusun SOP pemilihan tim kerja ZI",
            ZI,
            output="SK Tim Kerja ZI",
            person="tim_kerja",
            start=datetime.datetime(2026, 1, 5),  # noqa: DTZ001 - a date cell, naive
            due="31/01/2026",
            status="Selesai",
        ),
        "A.I.1.i",
    ),
    (
        row(
            step="Pemilihan calon anggota Tim Kerja ZI sesuai prosedur pembentukan Tim ZI",
            authority=ZI,
            person="Bu Rina (Kasubbag TU)",
            status="In progress",
            note="Calon dari tiap bagian sudah diusulkan",
        ),
        "A.I.1.i",
    ),
    (row(step="Terbentuknya Tim Kerja ZI"), "A.I.1.i"),
    (
        row(
            2,
            "Dokumen Rencana Pembangunan ZI",
            "Dokumen rencana kerja pembangunan ZI telah dibuat dan disosialisasikan",
            "Penyusunan dokumen rencana kerja pembangunan ZI, menentukan rencana aksi tahun "
            "2019, mensosialisasikan kepada seluruh pegawai, sosialisasi melalui website",
            ZI,
            code="A.I.1.ii",
            due=datetime.date(2026, 3, 31),
        ),
        "A.I.1.ii",
    ),
    (
        row(
            3,
            "Pemantauan dan Evaluasi pembangunan WBK/WBBM",
            "Pemantauan dan Evaluasi pembangunan WBK/WBBM secara berkala per semester",
            "Rapat Evaluasi pembangunan WBK/WBBM setiap 6 bulan sekali, Tindak lanjut hasil "
            "Monev sebelumnya",
            ZI,
        ),
        "A.I.1.iii",
    ),
    (
        row(
            4,
            "Perubahan pola pikir dan budaya kerja",
            "Pimpinan berperan sebagai role model dalam pelaksanaan pembangunan WBK/WBBM",
            "Pimpinan memberi teladan dengan mengisi / mencatat kehadiran setiap hari seperti "
            "pegawai lain.",
            ZI,
        ),
        "A.I.1.iv",
    ),
    (
        row(
            None,
            None,
            "Agen perubahan sudah ditetapkan",
            "Menyusun SOP Pemilihan anggota Tim Agen Perubahan; Menetapkan SK Tim Agen perubahan",
            ZI,
        ),
        "A.I.1.iv",
    ),
    (row("II", "PENATAAN TATALAKSANA"), None),
    (
        row(
            1,
            "Prosedur operasional tetap (SOP) kegiatan utama",
            "SOP telah mengacu pada proses bisnis instansi dan dipahami seluruh pegawai. SOP "
            "telah dievaluasi.",
            "Seluruh pegawai telah memiliki SOP yang telah ditetapkan, SOP tersedia diruang "
            "pelayanan. Melaksanakan evaluasi dokumen SOP",
            ZI,
            status="planned",
        ),
        "A.I.2.i",
    ),
    (
        row(
            2,
            "E- Office (2)",
            "Operasionalisasi manajemen SDM sudah menggunakan teknologi informasi",
            "Absen finger print, Penggunaan SIM ASN pada manajemen kepegawaian, Penggunaan WA "
            "Grup untuk komunikasi internal",
            ZI,
            code="A.I.2.ii",
        ),
        "A.I.2.ii",
    ),
    (
        row(
            None,
            None,
            "Pemberian pelayanan kepada publik sudah menggunakan teknologi informasi",
            "Penggunaan aplikasi SMS center, website",
            ZI,
        ),
        "A.I.2.ii",
    ),
    (row("III", "PENATAAN SISTEM MANAJEMEN SDM"), None),
    (
        row(
            2,
            "Pola Mutasi Internal",
            "Mutasi pegawai antar jabatan sebagai upaya pengembangan karir pegawai",
            "Analisa kebutuhan pegawai di Setiap bagian",
            ZI,
            start="01-02-2026",
            due="2026-06-30",
            status="Berjalan",
        ),
        "A.I.3.ii",
    ),
    (row("V", "PENGUATAN PENGAWASAN"), None),
    (
        row(
            1,
            "Pengendalian Gratifikasi",
            "<i>public campaign</i> tentang pengendalian gratifikasi telah dilakukan",
            "Menetapkan SK Sub UPG, Menyusun SOP, Memasang poster tentang gratifikasi di "
            "lingkungan Balai Penelitian Ternak, Mensosialisasikan gratifikasi via website",
            ZI,
            status="Dibatalkan",
            note="Digabung dengan kegiatan UPG instansi",
        ),
        "A.I.5.i",
    ),
    (
        row(
            4,
            "Whistle Blowing System",
            "<i>Whistleblowing system</i>",
            "Membuat pedoman pelaksanaan",
            "Instansi yang berwenang mengelola ZI dan dalam penyusunan pedoman WBS merupakan "
            "kewenangan Biro HUMAS Kementan sesuai Tusnya",
            qcode="A.I.5.iv.a",
        ),
        "A.I.5.iv",
    ),
    (row("VI", "PENINGKATAN KUALITAS PELAYANAN PUBLIK"), None),
    (
        row(
            3,
            "Penilaian Kepuasan Pelayanan",
            "Dilakukan survei kepuasan masyarakat terhadap pelayanan",
            "Melakukan survei kepuasan pelanggan melalui IKM per semester",
            ZI,
            code="A.I.6.iv",
            status="Done",
        ),
        "A.I.6.iv",
    ),
]


def seed_workbook(
    rows: list[tuple[Any, ...]] | None = None, *, header: tuple[str, ...] = HEADER
) -> bytes:
    """A workbook with seed 004's title rows, the header and `rows` (SEED_ROWS by default)."""
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "Target Prioritas"
    ws.append(["TARGET PRIORITAS ZONA INTEGRITAS 2021"])
    ws.append([])
    ws.append(["TARGET PRIORITAS PEMBANGUNAN ZONA INTEGRITAS TAHUN 2021"])
    ws.append([])
    ws.append(list(header))
    for r in rows if rows is not None else [r for r, _code in SEED_ROWS]:
        ws.append(list(r))
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def expected_codes() -> list[str]:
    return [code for _r, code in SEED_ROWS if code]
