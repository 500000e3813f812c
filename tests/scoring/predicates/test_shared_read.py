"""Issue 15: the unit dashboard reads the unit's predicate history once and its panels (the
predicate history, the prerequisites with "WBK already held") derive from that one read what
`active_grants` reads from the database."""

from __future__ import annotations

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from scoring.lifecycle.selectors import prerequisite_rows
from scoring.predicates.models import Kind, Predicate
from scoring.predicates.selectors import active_grants, grants_among, unit_predicates
from tests.conftest import World

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
DAY = datetime.timedelta(days=1)


def _row(world: World, kind: str, decree: datetime.date | None, **kw: object) -> Predicate:
    return Predicate.objects.create(
        unit=world.own.unit,
        kind=kind,
        decree_number="",
        decree_date=decree,
        before_portal=decree is None,
        **kw,
    )


def _history(world: World) -> None:
    _row(world, Kind.WBK, None)  # from before the portal
    _row(world, Kind.WBK, TODAY - 400 * DAY)
    _row(world, Kind.NOT_GRANTED, TODAY - 30 * DAY)
    _row(world, Kind.WBBM, TODAY + 10 * DAY)  # decreed in the future: not held yet
    revoked_at = timezone.make_aware(datetime.datetime.combine(TODAY - 5 * DAY, datetime.time(9)))
    _row(world, Kind.WBBM, TODAY - 100 * DAY, revoked_at=revoked_at, revoke_reason="uji")


@pytest.mark.parametrize("back", [-20, -10, 0, 5, 6, 100, 101, 400, 401, 2000])
def test_grants_among_the_rows_read_once_equal_active_grants(world: World, back: int) -> None:
    _history(world)
    rows = unit_predicates(world.own.unit)
    on = TODAY - back * DAY
    assert [p.pk for p in grants_among(rows, on)] == [
        p.pk for p in active_grants(world.own.unit, on)
    ]


def test_no_rows_no_grant(world: World) -> None:
    assert grants_among(unit_predicates(world.own.unit)) == []


def test_prerequisites_take_wbk_held_from_the_rows(world: World) -> None:
    _row(world, Kind.WBK, TODAY - 400 * DAY)
    read = [r.status for r in prerequisite_rows(assessment=world.own, predicate="WBBM")]
    given = prerequisite_rows(assessment=world.own, predicate="WBBM", held=True)
    assert [r.status for r in given] == read
    assert [
        r.status for r in prerequisite_rows(assessment=world.own, predicate="WBBM", held=False)
    ] != read


def test_dashboard_reads_the_predicates_once_and_targets_wbbm_for_a_wbk_holder(
    world: World,
) -> None:
    _row(world, Kind.WBK, TODAY - 400 * DAY)
    client = world.client("tim_kerja")
    path = reverse("reports:dashboard", args=[world.own.pk])
    client.get(path)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(path)
    text = response.content.decode()
    assert response.status_code == 200
    assert 'data-current="WBK"' in text
    assert re.search(r'class="verdict prereq-panel" data-predicate="WBBM"', text)
    reads = [
        q["sql"] for q in ctx.captured_queries if 'FROM "scoring_predicates_predicate"' in q["sql"]
    ]
    assert len(reads) == 1
