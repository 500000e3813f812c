"""Demo data for a first `make run`: one instansi, three units, one account per persona, and a
portal in which every persona can act from the first login (scoring/demo/rounds.py):

- unit 1 (Unit Layanan Terpadu) evaluated after a whole round, its report ready to download;
- unit 2 (Kantor Wilayah Timur) in draft, five Area I questions left for timkerja2, then
  pimpinan2's sign-off and the submission;
- unit 3 (Balai Diklat Keuangan) returned for revision with two TPI flags for timkerja3.

Everything goes through the services (answers, workflow, evidence, reports), so the Riwayat tabs
and the audit trail look like real use. The cycle's windows are set around today, so the phases
are open. Idempotent: an assessment that already has answers is left as it is. No e-mail is sent
while seeding. The accounts and what each should try first: scoring/demo/accounts.py.
"""

from __future__ import annotations

import datetime
from typing import cast

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone

from areas.expected_documents import expected_documents_load, expected_documents_read_fixture
from areas.models import Area, Framework
from areas.services import framework_load, framework_read_fixture
from scoring.demo.accounts import DEMO_ACCOUNTS, DEMO_PASSWORD, DemoAccount, demo_users
from scoring.demo.lifecycle import demo_lifecycle
from scoring.demo.monev import demo_monev
from scoring.demo.plans import seed_plans
from scoring.demo.rounds import unit1_evaluated, unit2_draft, unit3_revision
from scoring.models import Answer
from scoring.summaries import summaries_refresh
from scoring.surveys.demo import demo_surveys
from zi_portal.models import Assessment, Cycle, Membership, ReviewerAssignment, Role, Unit

__all__ = ["DEMO_ACCOUNTS", "DEMO_PASSWORD", "DemoAccount", "cycle_for_year", "demo_seed"]

UNITS = [
    ("ULT-01", "Unit Layanan Terpadu", "unit-layanan-terpadu"),
    ("KWT-02", "Kantor Wilayah Timur", "kantor-wilayah-timur"),
    ("BDK-03", "Balai Diklat Keuangan", "balai-diklat-keuangan"),
]
# (username, unit index or None for the instansi, role, the areas of a restricted tim kerja)
MEMBERSHIPS: list[tuple[str, int | None, str, tuple[int, ...]]] = [
    ("timkerja1", 0, Role.TIM_KERJA, ()),
    ("pimpinan1", 0, Role.PIMPINAN_UNIT, ()),
    ("timkerja2", 1, Role.TIM_KERJA, (1, 2)),
    ("koordinator2", 1, Role.TIM_KERJA, ()),
    ("pimpinan2", 1, Role.PIMPINAN_UNIT, ()),
    ("timkerja3", 2, Role.TIM_KERJA, ()),
    ("pimpinan3", 2, Role.PIMPINAN_UNIT, ()),
    ("pimpinaninstansi", None, Role.PIMPINAN_INSTANSI, ()),
    ("admin", None, Role.ADMIN, ()),
]


def _windows(today: datetime.date) -> dict[str, datetime.date]:
    """Phase windows around today: self-assessment and TPI review both open for weeks yet."""
    day = datetime.timedelta(days=1)
    return {
        "self_assessment_start": today - 120 * day,
        "self_assessment_end": today + 60 * day,
        "review_start": today - 90 * day,
        "review_end": today + 120 * day,
        "submission_deadline": today + 150 * day,
    }


def cycle_for_year(year: int) -> Cycle:
    """The cycle of `year`; its windows are (re)opened around today if they already closed."""
    today = timezone.localdate()
    cycle, created = Cycle.objects.get_or_create(
        year=year, defaults={"name": f"Pembangunan ZI {year}", **_windows(today)}
    )
    if not created and min(cycle.self_assessment_end, cycle.review_end) < today:
        for field, value in _windows(today).items():
            setattr(cycle, field, value)
        cycle.save()
    return cycle


def demo_seed(*, year: int | None = None) -> list[Assessment]:
    """Create (idempotently) the demo instansi, units, cycle, assessments, accounts and rounds."""
    from scoring.notifications import muted

    with muted():
        return _seed(year=year)


@transaction.atomic
def _seed(*, year: int | None) -> list[Assessment]:
    if not Framework.objects.filter(code="permenpanrb-90-2021").exists():
        framework_load(data=framework_read_fixture())
        # A newcomer's question pages should list the expected documents, as after load_framework.
        expected_documents_load(data=expected_documents_read_fixture())
    framework = Framework.objects.get(code="permenpanrb-90-2021")
    cycle = cycle_for_year(year or timezone.localdate().year)
    instansi, _ = Unit.objects.get_or_create(
        code="KEMENDEMO",
        defaults={"name": "Kementerian Demo Pelayanan Publik", "slug": "kementerian-demo"},
    )
    units = [
        Unit.objects.get_or_create(
            code=code, defaults={"name": name, "slug": slug, "parent": instansi}
        )[0]
        for code, name, slug in UNITS
    ]
    assessments = [
        Assessment.objects.get_or_create(unit=u, cycle=cycle, framework=framework)[0] for u in units
    ]
    users = demo_users()
    for username, index, role, area_nos in MEMBERSHIPS:
        unit = instansi if index is None else units[index]
        member = Membership.objects.get_or_create(user=users[username], unit=unit, role=role)[0]
        if area_nos:
            member.areas.set(Area.objects.filter(framework=framework, no__in=area_nos))
    for unit in units:
        ReviewerAssignment.objects.get_or_create(reviewer=users["tpi"], unit=unit, cycle=cycle)
    for assessment, play in zip(
        assessments, (unit1_evaluated, unit2_draft, unit3_revision), strict=True
    ):
        if not Answer.objects.filter(assessment=assessment).exists():
            play(assessment, users)
    # Issue 14: unit 2's four quarters of survey responses; B.I.a from the latest quarter.
    demo_surveys(
        unit=units[1],
        actor=cast(User, users["koordinator2"]),
        today=timezone.localdate(),
        assessment=assessments[1],
    )
    demo_lifecycle(assessments, users)
    # Issue 13: unit 1's rencana aksi in every status (some from the gap), unit 2's short plan.
    seed_plans(assessments, users)
    # Issue 13: the monev report of the last complete quarter, from those plans.
    demo_monev(assessments, users)
    # The answers went through the services (written through already); this also covers a
    # re-run over assessments created before the summaries were written through.
    summaries_refresh(assessments=assessments)
    return assessments
