"""Celery task of the inbox: the daily digest (periodic: CELERY_BEAT_SCHEDULE in settings)."""

from __future__ import annotations

from scoring.inbox.digest import digest_send_all
from zi_portal.celery import app


@app.task(name="scoring.inbox_digest_send", ignore_result=True)
def digest_send_task() -> int:
    """Send today's digests of pending tasks; a second run the same day sends nothing."""
    return digest_send_all()
