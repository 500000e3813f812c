"""Celery tasks of the evidence app: they call one function, nothing more."""

from __future__ import annotations

from evidence.reminders import validity_reminders_send
from zi_portal.celery import app


@app.task(name="evidence.validity_reminders_send", ignore_result=True)
def validity_reminders_task() -> int:
    """The reminders 30 and 7 days before documents expire (daily: CELERY_BEAT_SCHEDULE)."""
    return validity_reminders_send()
