"""The demo's persona accounts: who they are, where they belong and what each should try first.

One password for all of them (printed only when DEBUG is on). The `try_first` line is what
`manage.py seed_demo` prints beside each account, in Bahasa Indonesia: the first thing that
persona can do in the demo state scoring/demo/rounds.py leaves behind.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractUser

DEMO_PASSWORD = "zi-demo-2026"  # noqa: S105 - printed for local demo accounts only (DEBUG)

# The questions the TPI flagged in unit 3 and the ones left for timkerja2 in unit 2; the
# account list names them, so they live here beside it (rounds.py uses the same constants).
UNIT3_FLAGS = ("A.I.2.iii.a", "A.I.5.iii.a")
UNIT2_LEFT = ("A.I.1.iii.c", "A.I.1.iv.a", "A.I.1.iv.b", "A.I.1.iv.c", "A.I.1.iv.d")


@dataclass(frozen=True)
class DemoAccount:
    username: str
    name: str
    persona: str
    try_first: str = ""


DEMO_ACCOUNTS = [
    DemoAccount(
        "timkerja1",
        "Rina Wulandari",
        "Tim kerja Unit Layanan Terpadu (semua area)",
        "buka tab Riwayat Unit Layanan Terpadu: satu putaran lengkap (diajukan, dikembalikan "
        "dengan 2 catatan, diperbaiki, diajukan ulang, dievaluasi TPI: layak, diusulkan ke TPN)",
    ),
    DemoAccount(
        "pimpinan1",
        "Ahmad Fauzi",
        "Pimpinan Unit Layanan Terpadu",
        "buka Dasbor Unit Layanan Terpadu dan unduh Laporan Hasil Evaluasi (PDF) yang sudah jadi; "
        "lalu setujui laporan monev triwulan lalu (Rencana aksi > Monev)",
    ),
    DemoAccount(
        "timkerja2",
        "Budi Santoso",
        "Tim kerja Kantor Wilayah Timur (area I dan II)",
        f"jawab {len(UNIT2_LEFT)} pertanyaan yang tersisa di Area I ({', '.join(UNIT2_LEFT)}), "
        "lalu minta pimpinan2 menyetujui dan ajukan ke TPI",
    ),
    DemoAccount(
        "koordinator2",
        "Yusuf Hidayat",
        "Koordinator tim kerja Kantor Wilayah Timur (semua area dan hasil)",
        "buka Dasbor Kantor Wilayah Timur (langkah tercepat menuju WBK); setelah pimpinan2 "
        "menyetujui, Anda juga boleh mengajukan ke TPI",
    ),
    DemoAccount(
        "pimpinan2",
        "Maria Simanjuntak",
        "Pimpinan Kantor Wilayah Timur",
        "setelah timkerja2 menjawab pertanyaan yang tersisa, beri persetujuan pengajuan",
    ),
    DemoAccount(
        "timkerja3",
        "Andi Saputra",
        "Tim kerja Balai Diklat Keuangan (semua area)",
        f"perbaiki 2 pertanyaan yang ditandai TPI ({', '.join(UNIT3_FLAGS)}), minta pimpinan3 "
        "menyetujui, lalu ajukan ulang ke TPI",
    ),
    DemoAccount(
        "pimpinan3",
        "Lestari Handayani",
        "Pimpinan Balai Diklat Keuangan",
        "setelah timkerja3 memperbaiki 2 pertanyaan yang ditandai TPI, beri persetujuan ulang",
    ),
    DemoAccount(
        "tpi",
        "Dewi Lestari",
        "Penilai TPI untuk ketiga unit",
        "baca hasil evaluasi Unit Layanan Terpadu; setelah Balai Diklat Keuangan mengajukan "
        "ulang, periksa 2 perbaikannya dan selesaikan evaluasi",
    ),
    DemoAccount(
        "pimpinaninstansi",
        "Siti Rahmawati",
        "Pimpinan instansi",
        "buka Ikhtisar instansi (/instansi/): skor dan status ketiga unit",
    ),
    DemoAccount(
        "admin",
        "Admin Instansi",
        "Admin instansi (juga Django admin)",
        "buka Usulan ke TPN (/usulan-tpn/): kuota, prasyarat tiap unit (LHKASN Balai Diklat "
        "belum dicatat); catat pra-evaluasi Unit Layanan Terpadu di halaman penilaiannya",
    ),
    DemoAccount(
        "outsider",
        "Tamu Tanpa Akses",
        "Tanpa keanggotaan",
        "masuk dan lihat bahwa tidak ada penilaian yang tampil",
    ),
]


def demo_user(username: str, name: str, *, staff: bool = False) -> AbstractUser:
    """The account (created with the demo password the first time; the admin is staff)."""
    User = get_user_model()
    first, _, last = name.partition(" ")
    user, created = User.objects.get_or_create(
        username=username,
        defaults={
            "first_name": first,
            "last_name": last,
            "email": f"{username}@demo.zi-portal.local",
        },
    )
    if created or (staff and not (user.is_staff and user.is_superuser)):
        user.set_password(DEMO_PASSWORD)
        user.is_staff = staff
        user.is_superuser = staff
        user.save()
    return user


def demo_users() -> dict[str, AbstractUser]:
    return {
        a.username: demo_user(a.username, a.name, staff=a.username == "admin")
        for a in DEMO_ACCOUNTS
    }
