"""Demo data for a first `make run`: one instansi, three units, one account per persona."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractUser
from django.db import transaction
from django.utils import timezone

from areas.models import Area, Framework
from areas.services import framework_load, framework_read_fixture
from zi_portal.models import Assessment, Cycle, Membership, ReviewerAssignment, Role, Unit

DEMO_PASSWORD = "zi-demo-2026"  # noqa: S105 - printed for local demo accounts only (DEBUG)


@dataclass(frozen=True)
class DemoAccount:
    username: str
    name: str
    persona: str


DEMO_ACCOUNTS = [
    DemoAccount("timkerja1", "Rina Wulandari", "Tim kerja Unit Layanan Terpadu (semua area)"),
    DemoAccount("timkerja2", "Budi Santoso", "Tim kerja Kantor Wilayah Timur (area I dan II)"),
    DemoAccount("tpi", "Dewi Lestari", "Penilai TPI untuk unit 1 dan 2"),
    DemoAccount("pimpinan1", "Ahmad Fauzi", "Pimpinan Unit Layanan Terpadu"),
    DemoAccount("pimpinaninstansi", "Siti Rahmawati", "Pimpinan instansi"),
    DemoAccount("admin", "Admin Instansi", "Admin instansi (juga Django admin)"),
    DemoAccount("outsider", "Tamu Tanpa Akses", "Tanpa keanggotaan"),
]


def cycle_for_year(year: int) -> Cycle:
    cycle, _ = Cycle.objects.get_or_create(
        year=year,
        defaults={
            "name": f"Pembangunan ZI {year}",
            "self_assessment_start": datetime.date(year, 1, 2),
            "self_assessment_end": datetime.date(year, 12, 31),
            "review_start": datetime.date(year, 3, 1),
            "review_end": datetime.date(year, 12, 31),
            "submission_deadline": datetime.date(year, 5, 31),
        },
    )
    return cycle


def _user(username: str, name: str, *, staff: bool = False) -> AbstractUser:
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
    if created or staff:
        user.set_password(DEMO_PASSWORD)
        user.is_staff = staff
        user.is_superuser = staff
        user.save()
    return user


@transaction.atomic
def demo_seed(*, year: int | None = None) -> list[Assessment]:
    """Create (idempotently) the demo instansi, units, cycle, assessments and accounts."""
    if not Framework.objects.filter(code="permenpanrb-90-2021").exists():
        framework_load(data=framework_read_fixture())
    framework = Framework.objects.get(code="permenpanrb-90-2021")
    year = year or timezone.localdate().year
    cycle = cycle_for_year(year)
    instansi, _ = Unit.objects.get_or_create(
        code="KEMENDEMO",
        defaults={"name": "Kementerian Demo Pelayanan Publik", "slug": "kementerian-demo"},
    )
    specs = [
        ("ULT-01", "Unit Layanan Terpadu", "unit-layanan-terpadu"),
        ("KWT-02", "Kantor Wilayah Timur", "kantor-wilayah-timur"),
        ("BDK-03", "Balai Diklat Keuangan", "balai-diklat-keuangan"),
    ]
    units = []
    for code, name, slug in specs:
        unit, _ = Unit.objects.get_or_create(
            code=code, defaults={"name": name, "slug": slug, "parent": instansi}
        )
        units.append(unit)
    assessments = [
        Assessment.objects.get_or_create(unit=u, cycle=cycle, framework=framework)[0] for u in units
    ]
    users = {
        a.username: _user(a.username, a.name, staff=a.username == "admin") for a in DEMO_ACCOUNTS
    }

    def member(username: str, unit: Unit, role: str) -> Membership:
        return Membership.objects.get_or_create(user=users[username], unit=unit, role=role)[0]

    member("timkerja1", units[0], Role.TIM_KERJA)
    restricted = member("timkerja2", units[1], Role.TIM_KERJA)
    restricted.areas.set(Area.objects.filter(framework=framework, no__in=[1, 2]))
    member("pimpinan1", units[0], Role.PIMPINAN_UNIT)
    member("pimpinaninstansi", instansi, Role.PIMPINAN_INSTANSI)
    member("admin", instansi, Role.ADMIN)
    for unit in units[:2]:
        ReviewerAssignment.objects.get_or_create(reviewer=users["tpi"], unit=unit, cycle=cycle)
    return assessments
