"""Celery task of the next cycle: it takes the job id and calls one service, nothing more."""

from __future__ import annotations

import logging

from django.db import transaction
from django.utils.translation import gettext as _

from scoring.cycle.jobs import cycle_start_job_fail, cycle_start_job_run
from scoring.reports.tasks import BROKER_ERRORS
from zi_portal.celery import app

logger = logging.getLogger(__name__)


@app.task(name="scoring.cycle_start", ignore_result=True)
def cycle_start_task(job_pk: int) -> None:
    """Start the job's cycle, writing its progress per chunk of units."""
    cycle_start_job_run(job_pk=job_pk)


def cycle_start_enqueue(job_pk: int) -> None:
    """Queue the job after the current transaction commits; a broker that cannot be reached
    fails the job with a readable reason instead of raising into the request."""

    def send() -> None:
        try:
            cycle_start_task.delay(job_pk)
        except BROKER_ERRORS:
            logger.warning("cycle start job %s could not be queued: broker unreachable", job_pk)
            cycle_start_job_fail(
                job_pk=job_pk,
                message=_("Antrean tugas tidak dapat dihubungi; coba lagi nanti."),
            )

    transaction.on_commit(send)
