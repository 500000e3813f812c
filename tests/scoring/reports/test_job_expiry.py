"""Report jobs out of time: shown failed by the reads, failed in the database only by writes
(the periodic task, the person's next request, a retry). A status poll writes nothing."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.conf import settings as django_settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from scoring.models import ReportJob
from scoring.reports.services import report_request
from scoring.reports.tasks import report_jobs_expire_task
from tests.factories import ReportJobFactory
from zi_portal.celery import app

pytestmark = pytest.mark.django_db

WRITES = ("INSERT", "UPDATE", "DELETE")


def _job(world: Any, persona: str, status: str, age_seconds: int, **kw: Any) -> ReportJob:
    at = timezone.now() - datetime.timedelta(seconds=age_seconds)
    return ReportJobFactory(
        assessment=world.own,
        requested_by=world.users[persona],
        status=status,
        progress=40 if status == "running" else 0,
        created_at=at,
        started_at=at if status == "running" else None,
        **kw,
    )


@pytest.fixture
def short_timeout(settings: Any) -> None:
    settings.REPORT_JOB_TIMEOUT_SECONDS = 60


@pytest.mark.parametrize("htmx", [True, False])
@pytest.mark.parametrize("status", ["running", "queued"])
def test_status_poll_of_a_job_out_of_time_shows_failed_and_writes_nothing(
    world: Any, short_timeout: None, htmx: bool, status: str
) -> None:
    job = _job(world, "pimpinan", status, 61)
    c = world.client("pimpinan")
    headers = {"HTTP_HX_REQUEST": "true"} if htmx else {}
    with CaptureQueriesContext(connection) as queries:
        response = c.get(f"/laporan/{job.pk}/", **headers)
    assert response.status_code == (286 if htmx else 200)
    body = response.content.decode()
    assert "waktu habis" in body and "Coba lagi" in body
    writes = [q["sql"] for q in queries.captured_queries if q["sql"].lstrip().startswith(WRITES)]
    assert writes == []
    job.refresh_from_db()
    assert job.status == status and job.error == ""


def test_dashboard_lists_a_job_out_of_time_as_failed_without_writing(
    world: Any, short_timeout: None
) -> None:
    job = _job(world, "pimpinan", "running", 61)
    c = world.client("pimpinan")
    with CaptureQueriesContext(connection) as queries:
        page = c.get(f"/penilaian/{world.own.pk}/dasbor/")
    assert page.status_code == 200
    assert "waktu habis" in page.content.decode()
    assert not [q for q in queries.captured_queries if q["sql"].lstrip().startswith(WRITES)]
    job.refresh_from_db()
    assert job.status == "running"


def test_periodic_task_fails_every_job_out_of_time(world: Any, short_timeout: None) -> None:
    stuck = _job(world, "pimpinan", "running", 61)
    waiting = _job(world, "tpi", "queued", 61)
    fresh = _job(world, "pimpinan", "running", 5)
    done = _job(world, "pimpinan", "done", 3600)
    assert report_jobs_expire_task.apply().get() == 2
    for job in (stuck, waiting, fresh, done):
        job.refresh_from_db()
    assert stuck.status == waiting.status == "failed"
    assert "waktu habis" in stuck.error and "tidak diambil" in waiting.error
    assert stuck.finished_at is not None
    assert (fresh.status, done.status) == ("running", "done")
    # Nothing left to do the second time.
    assert report_jobs_expire_task.apply().get() == 0


def test_the_periodic_task_is_scheduled() -> None:
    entry = django_settings.CELERY_BEAT_SCHEDULE["report-jobs-expire"]
    assert entry["task"] == report_jobs_expire_task.name
    assert entry["task"] in app.tasks


def test_next_request_fails_the_persons_own_jobs_out_of_time_first(
    world: Any, short_timeout: None, django_capture_on_commit_callbacks: Any
) -> None:
    mine = _job(world, "pimpinan", "running", 61)
    theirs = _job(world, "tpi", "running", 61)
    with django_capture_on_commit_callbacks(execute=True):
        report_request(actor=world.users["pimpinan"], kind="lke_xlsx", assessment=world.own)
    mine.refresh_from_db()
    theirs.refresh_from_db()
    assert mine.status == "failed" and "waktu habis" in mine.error
    assert theirs.status == "running"


def test_retry_of_a_job_shown_failed_requeues_it(
    world: Any, short_timeout: None, django_capture_on_commit_callbacks: Any
) -> None:
    job = _job(world, "pimpinan", "running", 61, kind="lke_xlsx", attempts=1)
    c = world.client("pimpinan")
    with django_capture_on_commit_callbacks(execute=True):
        response = c.post(f"/laporan/{job.pk}/ulang/", HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    job.refresh_from_db()
    assert job.attempts == 2
    assert job.status == "done", job.error
