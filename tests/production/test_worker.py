"""Report jobs through a real Celery worker and Redis, and what happens when either dies.

Each test starts its own worker as a subprocess against this test's database (transactional, so
the worker sees committed rows) and stops it by its own process handle.
"""

from __future__ import annotations

import signal
import time
from typing import Any

import pytest
from django.conf import settings as django_settings
from django.urls import reverse

from scoring.models import ReportJob
from scoring.reports.tasks import report_jobs_expire_task
from tests.conftest import World
from tests.production.conftest import (
    S3,
    Proc,
    need,
    port_open,
    redis_up,
    start_worker,
    wait_for,
)

pytestmark = [pytest.mark.production, pytest.mark.django_db(transaction=True)]

DONE_TIMEOUT = 90


def main_broker() -> str:
    url = django_settings.CELERY_BROKER_URL or "redis://127.0.0.1:6379/0"
    need(redis_up(url), f"Redis broker {url} is not reachable")
    return url


def request_pdf(world: World) -> ReportJob:
    client = world.client("tim_kerja")
    resp = client.post(
        reverse("reports:request", kwargs={"pk": world.own.pk}),
        {"kind": ReportJob.Kind.ASSESSMENT_PDF},
    )
    assert resp.status_code in (200, 302), resp.content[:300]
    return ReportJob.objects.filter(assessment=world.own).latest("created_at")


def wait_status(job: ReportJob, *statuses: str, timeout: float, worker: Proc | None = None
                ) -> ReportJob:
    def reached() -> bool:
        job.refresh_from_db()
        return job.status in statuses

    try:
        wait_for(reached, timeout=timeout, what=f"job {job.pk} to become {statuses}", step=0.2)
    except AssertionError:
        log = worker.output()[-4000:] if worker else ""
        raise AssertionError(f"job {job.pk} still {job.status} ({job.error}); worker log:\n{log}"
                             ) from None
    return job


def status_page(world: World, job: ReportJob) -> str:
    resp = world.client("tim_kerja").get(reverse("reports:job", kwargs={"job_pk": job.pk}),
                                         HTTP_HX_REQUEST="true")
    assert resp.status_code in (200, 286)
    job.refresh_from_db()
    return resp.content.decode()


def test_real_worker_renders_the_assessment_pdf_into_s3(
    world: World, s3_storage: S3, procs: Any, use_broker: Any
) -> None:
    broker = main_broker()
    use_broker(broker)
    worker = start_worker(procs, broker=broker, s3=s3_storage)
    job = request_pdf(world)
    assert job.status in (ReportJob.Status.QUEUED, ReportJob.Status.RUNNING,
                          ReportJob.Status.DONE)
    wait_status(job, ReportJob.Status.DONE, ReportJob.Status.FAILED, timeout=DONE_TIMEOUT,
                worker=worker)
    assert job.status == ReportJob.Status.DONE, job.error
    assert job.progress == 100
    assert f"media/{job.file.name}" in s3_storage.object_keys()
    assert "report_render" in worker.output()  # the worker, not this process, ran it
    resp = world.client("tim_kerja").get(reverse("reports:job-download",
                                                 kwargs={"job_pk": job.pk}))
    assert resp.status_code == 200
    body = b"".join(resp.streaming_content)  # type: ignore[attr-defined]
    assert body.startswith(b"%PDF-")
    assert resp["Content-Disposition"].startswith("attachment")
    assert world.client("outsider").get(
        reverse("reports:job-download", kwargs={"job_pk": job.pk})).status_code == 404


def test_worker_killed_mid_render_ends_failed_then_retry_succeeds(
    world: World, s3_storage: S3, procs: Any, use_broker: Any, settings: Any
) -> None:
    broker = main_broker()
    use_broker(broker)
    slow = start_worker(procs, broker=broker, s3=s3_storage, name="slow", slow_render=60)
    job = request_pdf(world)
    wait_status(job, ReportJob.Status.RUNNING, timeout=DONE_TIMEOUT, worker=slow)
    wait_for(lambda: (job.refresh_from_db() or job.progress) >= 40, timeout=30,
             what="the render to start")
    slow.kill(signal.SIGKILL)
    assert not slow.alive()
    job.refresh_from_db()
    assert job.status == ReportJob.Status.RUNNING  # what a dead worker leaves behind

    settings.REPORT_JOB_TIMEOUT_SECONDS = 1
    started = job.started_at
    assert started is not None
    time.sleep(1.2)  # past the (shortened) job timeout
    html = status_page(world, job)
    # The poll shows the job out of time without writing; the periodic expiry task fails it.
    assert "waktu habis" in html
    assert job.status == ReportJob.Status.RUNNING
    assert report_jobs_expire_task.apply().get() >= 1
    job.refresh_from_db()
    assert job.status == ReportJob.Status.FAILED
    assert "waktu habis" in job.error

    settings.REPORT_JOB_TIMEOUT_SECONDS = 600
    worker = start_worker(procs, broker=broker, s3=s3_storage)
    resp = world.client("tim_kerja").post(reverse("reports:job-retry",
                                                  kwargs={"job_pk": job.pk}))
    assert resp.status_code in (200, 302)
    wait_status(job, ReportJob.Status.DONE, ReportJob.Status.FAILED, timeout=DONE_TIMEOUT,
                worker=worker)
    assert job.status == ReportJob.Status.DONE, job.error
    assert job.attempts == 2


def test_redis_down_while_a_report_is_requested(
    world: World, s3_storage: S3, procs: Any, use_broker: Any, spare_redis: Any
) -> None:
    redis = spare_redis()
    use_broker(redis.url)
    assert redis_up(redis.url)
    assert redis.proc is not None
    redis.proc.stop()
    wait_for(lambda: not port_open(redis.port), timeout=10, what="redis to stop")

    t0 = time.monotonic()
    job = request_pdf(world)
    elapsed = time.monotonic() - t0
    print(f"report request with Redis down answered in {elapsed:.1f}s")
    assert elapsed < 20, f"the request hung {elapsed:.1f}s on the dead broker"
    assert job.status == ReportJob.Status.FAILED
    assert "Antrean laporan tidak dapat dihubungi" in job.error
    # The portal keeps serving, and says what happened.
    client = world.client("tim_kerja")
    assert client.get(reverse("home")).status_code == 200
    assert client.get(reverse("scoring:assessment", kwargs={"pk": world.own.pk})
                      ).status_code == 200
    assert "tidak dapat dihubungi" in status_page(world, job)

    # Redis is back: the job can be retried and a worker renders it.
    spare_redis()
    worker = start_worker(procs, broker=redis.url, s3=s3_storage)
    resp = client.post(reverse("reports:job-retry", kwargs={"job_pk": job.pk}))
    assert resp.status_code in (200, 302)
    wait_status(job, ReportJob.Status.DONE, ReportJob.Status.FAILED, timeout=DONE_TIMEOUT,
                worker=worker)
    assert job.status == ReportJob.Status.DONE, job.error
