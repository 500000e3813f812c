"""The unit's public ZI page (evidence/public) links the published survey results through the
evidence.public.links registry (scoring.surveys registers its provider; evidence imports no
scoring)."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client
from django.urls import reverse

from evidence.public.links import PublicLink, public_links, register_public_links
from scoring.surveys.selectors import public_results_links
from tests.conftest import World
from tests.scoring.surveys.conftest import MakePeriod

pytestmark = pytest.mark.django_db


def test_public_zi_page_links_the_latest_published_results_only(
    world: World, make_period: MakePeriod
) -> None:
    unit = world.own.unit
    page_url = reverse("public:unit", args=[unit.slug])
    old = make_period(unit, code="old11111", label="2026-T3", days=-92)
    new = make_period(unit, code="new22222", label="2026-T4")
    assert "/hasil/" not in Client().get(page_url).content.decode()  # nothing published
    old.public_results = True
    old.save()
    html = Client().get(page_url).content.decode()
    assert f'href="/s/{old.code}/hasil/"' in html and "2026-T3" in html
    new.public_results = True
    new.save()
    html = Client().get(page_url).content.decode()
    assert f'href="/s/{new.code}/hasil/"' in html and f"/s/{old.code}/hasil/" not in html
    assert "bukan survei resmi TPN" in html
    # The link leads to a page that answers without login.
    assert Client().get(f"/s/{new.code}/hasil/").status_code == 200
    # Another unit's page shows nothing of this unit.
    other = Client().get(reverse("public:unit", args=[world.sibling.unit.slug])).content.decode()
    assert "/hasil/" not in other


def test_registry_calls_each_provider_once(world: World, make_period: MakePeriod) -> None:
    register_public_links(public_results_links)  # already registered by the app: no duplicate
    period = make_period(world.own.unit, public_results=True)
    period.starts_on = period.starts_on - datetime.timedelta(days=1)
    period.save()
    links = public_links(world.own.unit)
    assert links == [
        PublicLink(
            label=f"Hasil survei SPAK/SPKP {period.label}",
            url=f"/s/{period.code}/hasil/",
            note="Estimasi internal unit, bukan survei resmi TPN.",
        )
    ]
