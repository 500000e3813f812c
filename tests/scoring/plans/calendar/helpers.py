"""Plan items made directly in the database for the calendar tests (the plan's own services are
tested in tests/scoring/plans/)."""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone

from areas.models import Indicator
from scoring.plans.models import PlanItem, Status
from zi_portal.models import Assessment


def indicator_of(assessment: Assessment, area_no: int = 1) -> Indicator:
    ind = (
        Indicator.objects.filter(part__area__framework=assessment.framework, part__area__no=area_no)
        .order_by("order", "pk")
        .first()
    )
    assert ind is not None
    return ind


def plan_item(
    assessment: Assessment,
    due: datetime.date | None,
    *,
    step: str = "Menyusun SK tim kerja",
    status: str = Status.PLANNED,
    area_no: int = 1,
    **kw: Any,
) -> PlanItem:
    now = timezone.now()
    return PlanItem.objects.create(
        assessment=assessment,
        indicator=indicator_of(assessment, area_no),
        step=step,
        due_date=due,
        status=status,
        created_at=now,
        updated_at=now,
        **kw,
    )
