"""The predicate pages: the admin records and revokes through the forms, the dashboard's history
section with its re-evaluation warning, and the public ZI page's current predicate and year."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from scoring.predicates.models import Predicate
from scoring.predicates.services import predicate_grant, predicate_revoke
from tests.conftest import World
from zi_portal.models import Unit

pytestmark = pytest.mark.django_db


def _grant(world: World, kind: str = "WBK", day: datetime.date | None = None) -> Predicate:
    return predicate_grant(
        actor=world.users["admin"],
        unit=world.own.unit,
        kind=kind,
        decree_number=f"SK {kind}/1",
        decree_date=day or datetime.date(2025, 12, 10),
    )


def test_admin_records_and_revokes_through_the_pages(world: World) -> None:
    client = world.client("admin")
    unit = world.own.unit
    page = client.get(reverse("predicates:unit", args=[unit.pk]))
    assert page.status_code == 200 and b'data-confirm="' in page.content
    resp = client.post(
        reverse("predicates:grant", args=[unit.pk]),
        {"kind": "WBK", "decree_number": "SK 77/2025", "decree_date": "2025-12-10"},
    )
    assert resp.status_code == 302
    row = Predicate.objects.get(unit=unit)
    assert (row.decree_number, row.granted_by) == ("SK 77/2025", world.users["admin"])
    html = client.get(reverse("predicates:unit", args=[unit.pk])).content.decode()
    assert "SK 77/2025" in html and "10 Desember 2027" in html  # re-evaluation due
    assert reverse("predicates:revoke", args=[row.pk]) in html
    resp = client.post(reverse("predicates:revoke", args=[row.pk]), {"reason": "  "})
    assert resp.status_code == 302 and not Predicate.objects.get().is_revoked
    client.post(reverse("predicates:revoke", args=[row.pk]), {"reason": "Evaluasi ulang gagal"})
    row.refresh_from_db()
    assert row.is_revoked and row.revoke_reason == "Evaluasi ulang gagal"
    assert not Unit.objects.get(pk=unit.pk).holds_wbk


def test_a_refused_grant_is_the_403_page_with_its_code(world: World) -> None:
    resp = world.client("admin").post(
        reverse("predicates:grant", args=[world.own.unit.pk]),
        {"kind": "WBK", "decree_number": "", "decree_date": "2025-12-10"},
    )
    assert resp.status_code == 403 and resp["X-Refusal-Code"] == "predicate_decree_missing"
    assert not Predicate.objects.exists()


def test_index_lists_the_admins_units_with_the_warning(world: World) -> None:
    today = timezone.localdate()
    _grant(world, day=today.replace(year=today.year - 2) + datetime.timedelta(days=30))
    html = world.client("admin").get(reverse("predicates:index")).content.decode()
    assert world.own.unit.name in html and world.sibling.unit.name in html
    assert world.other.unit.name not in html
    assert 'data-due-state="soon"' in html


@pytest.mark.parametrize(("back", "state"), [(800, "past"), (700, "soon"), (100, "ok")])
def test_dashboard_section_shows_the_history_and_due_warning(
    world: World, back: int, state: str
) -> None:
    _grant(world, day=timezone.localdate() - datetime.timedelta(days=back))
    html = world.client("tim_kerja").get(reverse("reports:dashboard", args=[world.own.pk]))
    text = html.content.decode()
    assert html.status_code == 200 and 'data-current="WBK"' in text
    assert f'data-due-state="{state}"' in text
    assert reverse("predicates:unit", args=[world.own.unit.pk]) not in text  # not an admin


def test_dashboard_links_the_admin_to_the_predicate_page(world: World) -> None:
    html = world.client("admin").get(reverse("reports:dashboard", args=[world.own.pk]))
    assert reverse("predicates:unit", args=[world.own.unit.pk]) in html.content.decode()


def _public(world: World, client: Any) -> str:
    resp = client.get(reverse("public:unit", args=[world.own.unit.slug]))
    assert resp.status_code == 200
    return str(resp.content.decode())


def test_public_page_shows_the_current_predicate_and_its_year(world: World, client: Any) -> None:
    assert "public-predicate" not in _public(world, client)
    wbk = _grant(world, day=datetime.date(2023, 12, 4))
    html = _public(world, client)
    assert 'data-predicate="WBK"' in html and "Berpredikat Menuju WBK" in html
    assert "keputusan 2023" in html
    wbbm = _grant(world, "WBBM", day=datetime.date(2025, 12, 10))
    html = _public(world, client)
    assert 'data-predicate="WBBM"' in html and "keputusan 2025" in html
    predicate_revoke(actor=world.users["admin"], predicate=wbbm, reason="Dicabut")
    html = _public(world, client)
    assert 'data-predicate="WBK"' in html and "keputusan 2023" in html
    predicate_revoke(actor=world.users["admin"], predicate=wbk, reason="Dicabut")
    assert "public-predicate" not in _public(world, client)


def test_the_django_admin_shows_holds_wbk_read_only(world: World) -> None:
    from django.contrib.auth import get_user_model

    client = world.client("admin")
    client.force_login(get_user_model().objects.create_superuser("root", "root@example.org", "x"))
    unit = world.own.unit
    url = reverse("admin:zi_portal_unit_change", args=[unit.pk])
    html = client.get(url).content.decode()
    assert 'name="holds_wbk"' not in html and "/predikat/" in html
    resp = client.post(
        url,
        {
            "name": "Unit Satu Baru",
            "code": unit.code,
            "slug": unit.slug,
            "parent": unit.parent_id,
            "holds_wbk": "on",
            "memberships-TOTAL_FORMS": "0",
            "memberships-INITIAL_FORMS": "0",
        },
    )
    assert resp.status_code == 302  # saved: the name changed, the copy did not
    unit.refresh_from_db()
    assert unit.name == "Unit Satu Baru"
    assert not unit.holds_wbk and not Predicate.objects.exists()
