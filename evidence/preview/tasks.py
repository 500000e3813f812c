"""The preview task: takes a revision id and runs build.preview_build, nothing more."""

from __future__ import annotations

import logging
from typing import Any

from celery.contrib.django.task import DjangoTask
from kombu.exceptions import OperationalError as KombuOperationalError

from evidence.preview.build import preview_build, preview_fail
from zi_portal.celery import app

logger = logging.getLogger(__name__)

BROKER_ERRORS: tuple[type[BaseException], ...] = (KombuOperationalError, ConnectionError, OSError)


class PreviewTask(DjangoTask):
    """A message that cannot be published fails that preview (reason queue_down) instead of
    raising into the upload that queued it."""

    def delay(self, *args: Any, **kwargs: Any) -> Any:
        try:
            return super().delay(*args, **kwargs)
        except BROKER_ERRORS:
            logger.warning("preview of revision %s could not be queued: broker down", args[0])
        except Exception:
            logger.exception("preview of revision %s could not be queued", args[0])
        preview_fail(revision_pk=int(args[0]), reason="queue_down")
        return None


@app.task(
    base=PreviewTask,
    name="evidence.preview_build",
    ignore_result=True,
    soft_time_limit=90,
    time_limit=120,
)
def preview_build_task(revision_pk: int) -> None:
    """Render the wanted pages and extract the text of one revision; again if readers asked
    for more pages while it ran."""
    if preview_build(revision_pk=revision_pk):
        preview_build_task.delay(revision_pk)
