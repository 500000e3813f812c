"""Survey periods and responses for the survey tests."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

import pytest
from django.utils import timezone

from scoring.surveys.instrument import instrument
from scoring.surveys.models import SurveyPeriod, SurveyResponse
from zi_portal.models import Unit

MakePeriod = Callable[..., SurveyPeriod]


def all_items(value: int = 4, **overrides: int) -> dict[str, int]:
    return {**dict.fromkeys(instrument().all_item_keys, value), **overrides}


@pytest.fixture
def make_period() -> MakePeriod:
    def make(unit: Unit, *, code: str = "abc123", days: int = 0, **kw: Any) -> SurveyPeriod:
        today = timezone.localdate() + datetime.timedelta(days=days)
        return SurveyPeriod.objects.create(
            unit=unit,
            label=kw.pop("label", "2026-T4"),
            starts_on=kw.pop("starts_on", today - datetime.timedelta(days=10)),
            ends_on=kw.pop("ends_on", today + datetime.timedelta(days=10)),
            code=code,
            instrument_version=instrument().version,
            **kw,
        )

    return make


def add_responses(period: SurveyPeriod, rows: list[dict[str, int]]) -> None:
    SurveyResponse.objects.bulk_create(SurveyResponse(period=period, answers=r) for r in rows)
