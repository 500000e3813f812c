"""Shared fixtures: the framework, an instansi with an own and an other unit, and the personas.

Personas (Healthchecks' alice/bob/charlie idea, CISO Assistant's role x scope matrix):
tim_kerja, tim_kerja_restricted (areas I and II only), tpi, pimpinan, pimpinan_instansi, admin,
outsider. "own" is unit 1 (where tim_kerja and pimpinan sit); "other" is a unit of another
instansi that none of them may see.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from django.utils import translation

from areas.models import Area, Framework
from areas.services import framework_load, framework_read_fixture
from tests.factories import (
    AssessmentFactory,
    CycleFactory,
    MembershipFactory,
    ReviewerAssignmentFactory,
    UnitFactory,
    UserFactory,
)
from zi_portal.models import Assessment, Role, Unit

PERSONAS = (
    "tim_kerja",
    "tim_kerja_restricted",
    "tpi",
    "pimpinan",
    "pimpinan_instansi",
    "admin",
    "outsider",
)

# Who may see an assessment of each scope: own unit (tim kerja, the assigned TPI, pimpinan unit
# and the instansi's leadership), a sibling unit of the same instansi (instansi leadership only),
# a unit of another instansi (nobody). Every permission matrix reads this one table.
SEES: dict[str, set[str]] = {
    "own": {"tim_kerja", "tim_kerja_restricted", "tpi", "pimpinan", "pimpinan_instansi", "admin"},
    "sibling": {"pimpinan_instansi", "admin"},
    "other": set(),
}


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup: None, django_db_blocker: Any) -> None:
    """Load the framework once per test database; each test's transaction leaves it intact."""
    with django_db_blocker.unblock():
        framework_load(data=framework_read_fixture())


@pytest.fixture(autouse=True)
def _default_language() -> Iterator[None]:
    """Each test starts and ends in Indonesian: a request in English (the test client keeps the
    thread's language after it) must not change the language of the next test."""
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def _media_in_tmp(settings: Any, tmp_path: Any) -> None:
    """Uploaded files of a test go to its own temporary folder."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "media")},
        },
    }


@pytest.fixture
def framework(db: None) -> Framework:
    fw = Framework.objects.filter(code="permenpanrb-90-2021").first()
    if fw is None:
        framework_load(data=framework_read_fixture())
        fw = Framework.objects.get(code="permenpanrb-90-2021")
    return fw


@dataclass
class World:
    instansi: Unit
    own: Assessment
    other: Assessment
    sibling: Assessment
    users: dict[str, Any]

    def client(self, persona: str) -> Client:
        c = Client()
        c.force_login(self.users[persona])
        return c


@pytest.fixture
def world(framework: Framework) -> World:
    cycle = CycleFactory()
    instansi = UnitFactory(name="Instansi Uji")
    own_unit = UnitFactory(name="Unit Satu", parent=instansi)
    sibling_unit = UnitFactory(name="Unit Dua", parent=instansi)
    other_instansi = UnitFactory(name="Instansi Lain")
    other_unit = UnitFactory(name="Unit Lain", parent=other_instansi)
    own = AssessmentFactory(unit=own_unit, cycle=cycle, framework=framework)
    sibling = AssessmentFactory(unit=sibling_unit, cycle=cycle, framework=framework)
    other = AssessmentFactory(unit=other_unit, cycle=cycle, framework=framework)
    users = {p: UserFactory(username=p) for p in PERSONAS}
    MembershipFactory(user=users["tim_kerja"], unit=own_unit, role=Role.TIM_KERJA)
    restricted = MembershipFactory(
        user=users["tim_kerja_restricted"], unit=own_unit, role=Role.TIM_KERJA
    )
    restricted.areas.set(Area.objects.filter(framework=framework, no__in=[1, 2]))
    ReviewerAssignmentFactory(reviewer=users["tpi"], unit=own_unit, cycle=cycle)
    MembershipFactory(user=users["pimpinan"], unit=own_unit, role=Role.PIMPINAN_UNIT)
    MembershipFactory(user=users["pimpinan_instansi"], unit=instansi, role=Role.PIMPINAN_INSTANSI)
    MembershipFactory(user=users["admin"], unit=instansi, role=Role.ADMIN)
    return World(instansi=instansi, own=own, other=other, sibling=sibling, users=users)


@pytest.fixture
def personas(world: World) -> dict[str, Any]:
    return world.users
