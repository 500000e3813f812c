"""The admin shows workflow state but never writes it: snapshots, events, score summaries, report
jobs and window extensions are view only; an assessment's workflow fields are read-only."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from scoring.models import ScoreSummary
from tests.conftest import World
from tests.factories import AssessmentEventFactory, ReportJobFactory, SnapshotFactory
from zi_portal.models import Assessment, Phase, WindowExtension

pytestmark = pytest.mark.django_db


@pytest.fixture
def root() -> Client:
    user = get_user_model().objects.create_superuser("root", "root@uji.local", "x")
    c = Client()
    c.force_login(user)
    return c


def _rows(world: World) -> dict[str, Any]:
    a = world.own
    return {
        "snapshot": SnapshotFactory(assessment=a, kind="submitted", data={"x": 1}),
        "assessmentevent": AssessmentEventFactory(
            assessment=a, action="submit", from_status="draft", to_status="submitted"
        ),
        "scoresummary": ScoreSummary.objects.create(
            assessment=a, side="unit", total="1", pengungkit="1", hasil="0"
        ),
        "reportjob": ReportJobFactory(kind="assessment_pdf", assessment=a),
    }


@pytest.mark.parametrize("model", ["snapshot", "assessmentevent", "scoresummary", "reportjob"])
def test_scoring_workflow_rows_are_view_only(world: World, root: Client, model: str) -> None:
    obj = _rows(world)[model]
    url = f"/admin/scoring/{model}/{obj.pk}/change/"
    page = root.get(url)
    assert page.status_code == 200
    assert 'name="_save"' not in page.content.decode()
    assert root.post(url, {"note": "x", "status": "done", "total": "99"}).status_code == 403
    assert root.get(f"/admin/scoring/{model}/add/").status_code == 403
    assert root.post(f"/admin/scoring/{model}/{obj.pk}/delete/", {"post": "yes"}).status_code == 403
    fresh = type(obj).objects.get(pk=obj.pk)
    assert {f.name: getattr(fresh, f.name) for f in fresh._meta.concrete_fields} == {
        f.name: getattr(obj, f.name) for f in obj._meta.concrete_fields
    }


def test_window_extensions_are_granted_on_the_assessment_page_not_the_admin(
    world: World, root: Client
) -> None:
    assert root.get("/admin/zi_portal/windowextension/add/").status_code == 403
    ext = WindowExtension.objects.create(
        cycle=world.own.cycle,
        unit=world.own.unit,
        phase=Phase.SELF_ASSESSMENT,
        new_end=world.own.cycle.self_assessment_end + datetime.timedelta(days=7),
        reason="banjir",
    )
    url = f"/admin/zi_portal/windowextension/{ext.pk}/change/"
    assert root.get(url).status_code == 200
    assert root.post(url, {"reason": "lain", "new_end": "2030-01-01"}).status_code == 403
    ext.refresh_from_db()
    assert ext.reason == "banjir"
    listing = root.get("/admin/zi_portal/windowextension/").content.decode()
    assert "Perpanjang jadwal" in listing


def test_assessment_workflow_fields_are_read_only_in_the_admin(world: World, root: Client) -> None:
    a = world.own
    url = f"/admin/zi_portal/assessment/{a.pk}/change/"
    form = root.get(url).content.decode()
    assert 'name="status"' not in form and 'name="version"' not in form
    assert 'name="recommendation"' not in form and 'name="signed_off_by"' not in form
    response = root.post(
        url,
        {
            "unit": a.unit_id,
            "cycle": a.cycle_id,
            "framework": a.framework_id,
            "created_at_0": "2026-01-01",
            "created_at_1": "00:00:00",
            "status": "evaluated",
            "version": "99",
            "recommendation": "layak",
        },
    )
    assert response.status_code == 302
    a = Assessment.objects.get(pk=a.pk)
    assert (a.status, a.version, a.recommendation) == ("draft", 1, "")
