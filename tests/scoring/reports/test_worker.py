"""Production mode: the same report produced by a real Celery worker through Redis.

Marked `production` (run by .ci/run with CELERY_BROKER_URL=redis://127.0.0.1:6379/0); skipped
when no Redis answers. The worker runs in a thread of the test process (celery.contrib.testing),
consuming from the real broker, so it sees the test database on SQLite and PostgreSQL alike.
"""

from __future__ import annotations

import os
import socket
import time
from collections.abc import Iterator
from typing import Any

import pytest
from celery.contrib.testing.worker import start_worker
from pypdf import PdfReader

from scoring.models import ReportJob
from scoring.reports.services import report_request
from tests.scoring.reports.conftest import answer_all
from zi_portal.celery import app

pytestmark = [pytest.mark.production, pytest.mark.django_db(transaction=True)]

BROKER = os.environ.get("CELERY_BROKER_URL") or "redis://127.0.0.1:6379/0"


def _redis_up() -> bool:
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=1):
            return True
    except OSError:
        return False


@pytest.fixture
def real_worker(_eager_celery: None) -> Iterator[Any]:
    if not BROKER.startswith("redis://") or not _redis_up():
        pytest.skip("Redis is not running on 127.0.0.1:6379")
    keys = ("task_always_eager", "broker_url", "result_backend")
    saved = {k: app.conf[k] for k in keys}
    app.conf.update(task_always_eager=False, broker_url=BROKER, result_backend=None)
    app._pool = None
    app.amqp._producer_pool = None
    import scoring.reports.tasks  # noqa: F401 - registers report_render_task with the app

    with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=20) as w:
        yield w
    app.conf.update(saved)
    app._pool = None
    app.amqp._producer_pool = None


def test_worker_renders_the_evaluation_report(world: Any, real_worker: Any) -> None:
    answer_all(world.own, side="unit", rank=1)
    job = report_request(actor=world.users["pimpinan"], kind="assessment_pdf", assessment=world.own)
    assert job.status in (ReportJob.Status.QUEUED, ReportJob.Status.RUNNING, ReportJob.Status.DONE)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        job.refresh_from_db()
        if job.status in (ReportJob.Status.DONE, ReportJob.Status.FAILED):
            break
        time.sleep(0.2)
    assert job.status == ReportJob.Status.DONE, job.error
    assert job.started_at is not None and job.finished_at is not None
    text = " ".join((PdfReader(job.file.open("rb")).pages[0].extract_text() or "").split())
    assert world.own.unit.name in text
