"""The dashboard's gap analysis gives the survey side from the unit's latest period: the points
each index lacks for the predicate's minimum and the items to work on first (issue 14)."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from scoring.surveys.instrument import instrument
from scoring.surveys.models import SurveyPeriod, SurveyResponse
from tests.conftest import World

pytestmark = pytest.mark.django_db


def _period(world: World, label: str, days: int, answers: dict[str, int], n: int) -> None:
    start = timezone.localdate() + datetime.timedelta(days=days)
    period = SurveyPeriod.objects.create(
        unit=world.own.unit,
        label=label,
        starts_on=start,
        ends_on=start + datetime.timedelta(days=20),
        code=f"gap{label[-1]}xxxx",
        instrument_version=instrument().version,
    )
    SurveyResponse.objects.bulk_create(
        SurveyResponse(period=period, answers=answers) for _ in range(n)
    )


def test_gap_names_points_short_and_items_from_the_latest_period(world: World) -> None:
    keys = instrument().all_item_keys
    # An older period with every answer 4 must not be the one used.
    _period(world, "2026-T3", -120, dict.fromkeys(keys, 4), 40)
    # Latest: SPAK items 3,3,3,3 and calo 2 -> IPAK 2.80 -> 12.25 of 17.5 points; the WBK and
    # WBBM minimum 3.60 is 15.75 points: 3.50 short. SPKP all 4 -> IPKP 4.00, reached.
    latest = {**dict.fromkeys(keys, 3), "spak_calo": 2, **{k: 4 for k in keys if "spkp" in k}}
    _period(world, "2026-T4", -10, latest, 12)
    html = (
        world.client("tim_kerja")
        .get(reverse("reports:dashboard", args=[world.own.pk]))
        .content.decode()
    )
    calo = next(i for i in instrument().survey("spak").items if i.key == "spak_calo").label
    assert "IPAK 2,80 (2026-T4): kurang 3,50 poin pada B.I.a untuk minimum WBK 3,60." in html
    assert "IPAK 2,80 (2026-T4): kurang 3,50 poin pada B.I.a untuk minimum WBBM 3,60." in html
    assert f"Perbaiki lebih dulu: {calo}." in html
    assert "IPKP 4,00 (2026-T4) sudah mencapai minimum WBK 3,20." in html
    assert "Hanya 12 responden." in html
    assert "2026-T3)" not in html


def test_no_survey_side_without_responses(world: World) -> None:
    html = (
        world.client("tim_kerja")
        .get(reverse("reports:dashboard", args=[world.own.pk]))
        .content.decode()
    )
    assert "survey-gap" not in html


def test_survey_side_and_results_files_in_english(world: World) -> None:
    keys = instrument().all_item_keys
    _period(world, "2026-T4", -10, dict.fromkeys(keys, 3), 40)
    client = world.client("tim_kerja")
    client.cookies["django_language"] = "en"
    html = client.get(reverse("reports:dashboard", args=[world.own.pk])).content.decode()
    assert "Survey side (latest period, internal estimate):" in html
    assert "IPAK 3.00 (2026-T4): 2.63 points short on B.I.a for the WBK minimum of 3.60." in html
    period = SurveyPeriod.objects.get()
    page = client.get(reverse("surveys:period", args=[period.pk])).content.decode()
    assert "Survey results files" in page and "Make PDF" in page and "Make Excel" in page
