"""Celery tasks of the scoring app: they take ids and call one service, nothing more."""

from __future__ import annotations

import logging
from typing import Any

from celery.contrib.django.task import DjangoTask
from kombu.exceptions import OperationalError as KombuOperationalError

from scoring.reports.services import (
    QUEUE_DOWN,
    report_job_fail,
    report_job_run,
    report_jobs_expire,
)
from zi_portal.celery import app

logger = logging.getLogger(__name__)

# What publishing a message raises when Redis is down or unreachable; anything else that stops
# the message from being sent leaves the job just as unqueued, so it is treated the same way.
BROKER_ERRORS: tuple[type[BaseException], ...] = (KombuOperationalError, ConnectionError, OSError)


class ReportTask(DjangoTask):
    """A task whose first argument is a ReportJob id; a message that cannot be published fails
    that job with a readable reason instead of raising into the request (or the on_commit hook
    behind delay_on_commit)."""

    def delay(self, *args: Any, **kwargs: Any) -> Any:
        try:
            return super().delay(*args, **kwargs)
        except BROKER_ERRORS:
            logger.warning("report job %s could not be queued: broker unreachable", args[0])
        except Exception:
            logger.exception("report job %s could not be queued", args[0])
        report_job_fail(job_pk=int(args[0]), message=str(QUEUE_DOWN))
        return None


@app.task(base=ReportTask, name="scoring.report_render", ignore_result=True)
def report_render_task(job_pk: int) -> None:
    """Render one report job (PDF, workbook or TPN pack) and store its file."""
    report_job_run(job_pk=job_pk)


@app.task(name="scoring.report_jobs_expire", ignore_result=True)
def report_jobs_expire_task() -> int:
    """Fail the jobs that ran out of time (periodic: CELERY_BEAT_SCHEDULE in settings)."""
    return report_jobs_expire()
