"""Celery tasks of the rencana aksi: they call one function, nothing more."""

from __future__ import annotations

from django.utils import timezone

from scoring.plans.services import plan_mark_late
from zi_portal.celery import app


@app.task(name="scoring.plans_mark_late", ignore_result=True)
def plan_mark_late_task() -> int:
    """Open items past their due date become late (daily: CELERY_BEAT_SCHEDULE)."""
    return plan_mark_late(today=timezone.localdate())
