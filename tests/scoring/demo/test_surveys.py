"""The demo seed gives unit 2 (Kantor Wilayah Timur) four quarters of survey responses, two of
them below the 30-respondent minimum, a rising IPAK and IPKP, and B.I.a set from the latest
quarter with its source in the answer's note (issue 14)."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from scoring.demo.seed import demo_seed
from scoring.models import Answer, Side
from scoring.surveys.models import SurveyPeriod, SurveyResponse
from scoring.surveys.selectors import period_results
from scoring.surveys.services import quarter_of

pytestmark = pytest.mark.django_db


def test_unit_2_has_four_quarters_rising_and_b_i_a_from_the_latest(framework: Any) -> None:
    assessments = demo_seed()
    unit2 = assessments[1]
    periods = list(SurveyPeriod.objects.filter(unit=unit2.unit).order_by("starts_on"))
    assert len(periods) == 4
    assert periods[-1].starts_on == quarter_of(timezone.localdate())[0]
    ns = [SurveyResponse.objects.filter(period=p).count() for p in periods]
    assert ns == [22, 34, 27, 41]
    results = [{b.survey.key: b.result for b in period_results(p)} for p in periods]
    assert [r["spak"].n for r in results] == ns
    assert ["few_respondents" in r["spak"].warnings for r in results] == [True, False, True, False]
    for key in ("spak", "spkp"):
        indices = [Decimal(r[key].index or 0) for r in results]
        assert indices == sorted(indices) and len(set(indices)) == 4, (key, indices)
    latest = results[-1]["spak"]
    answer = Answer.objects.get(assessment=unit2, question__code="B.I.a", side=Side.UNIT)
    assert latest.index is not None and latest.low is not None
    assert answer.index_value == latest.index.quantize(Decimal("0.001"), rounding=ROUND_HALF_UP)
    assert "Estimasi internal unit" in answer.note
    assert f"IPAK periode {periods[-1].label}" in answer.note
    assert "n = 41" in answer.note
    assert answer.answered_by is not None and answer.answered_by.username == "koordinator2"
    # The latest quarter's results are public and linked from the unit's public ZI page.
    assert [p.public_results for p in periods] == [False, False, False, True]
    public = Client().get(reverse("public:unit", args=[unit2.unit.slug])).content.decode()
    assert f'href="/s/{periods[-1].code}/hasil/"' in public
    # Idempotent: a second run adds no period, no response and leaves the answer as it is.
    version = answer.version
    demo_seed()
    assert SurveyPeriod.objects.filter(unit=unit2.unit).count() == 4
    assert SurveyResponse.objects.filter(period__unit=unit2.unit).count() == sum(ns)
    answer.refresh_from_db()
    assert answer.version == version
