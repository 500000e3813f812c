"""Helpers of the monev tests: plan items with chosen dates, eager report jobs."""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from typing import Any

import pytest

from areas.models import Indicator
from scoring.plans.models import PlanItem, Status
from scoring.plans.monev.quarters import JAKARTA
from zi_portal.celery import app
from zi_portal.models import Assessment


@pytest.fixture(autouse=True)
def _eager_celery() -> Iterator[None]:
    """Run report tasks in-process whatever CELERY_BROKER_URL the environment sets."""
    saved = {k: app.conf[k] for k in ("task_always_eager", "task_eager_propagates")}
    app.conf.update(task_always_eager=True, task_eager_propagates=False)
    yield
    app.conf.update(saved)


def at(year: int, month: int, day: int, hour: int = 12, minute: int = 0) -> datetime.datetime:
    """A moment in Asia/Jakarta."""
    return datetime.datetime(year, month, day, hour, minute, tzinfo=JAKARTA)


def indicator(assessment: Assessment, area_no: int) -> Indicator:
    found = (
        Indicator.objects.filter(part__area__framework=assessment.framework, part__area__no=area_no)
        .order_by("order", "pk")
        .first()
    )
    assert found is not None
    return found


def item(
    assessment: Assessment,
    *,
    area: int = 1,
    step: str = "Langkah",
    status: str = Status.PLANNED,
    created: datetime.datetime,
    due: datetime.date | None = None,
    done_at: datetime.datetime | None = None,
    **kw: Any,
) -> PlanItem:
    return PlanItem.objects.create(
        assessment=assessment,
        indicator=indicator(assessment, area),
        step=step,
        status=status,
        due_date=due,
        done_at=done_at,
        created_at=created,
        updated_at=done_at or created,
        **kw,
    )
