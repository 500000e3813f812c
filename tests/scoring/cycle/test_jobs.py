"""The admin's start of a cycle in the background: queued, progress per chunk, the result, the
refusal of a second start while one runs, who may see the status page."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from scoring.cycle import jobs, services
from scoring.cycle.jobs import cycle_start_job_run
from scoring.models import CycleStartJob
from tests.conftest import World
from tests.factories import AnswerFactory
from zi_portal.models import Assessment

pytestmark = pytest.mark.django_db

START = reverse("scoring_cycle:start")


def test_post_queues_the_job_and_the_status_page_shows_the_counts(
    world: World, django_capture_on_commit_callbacks: Any
) -> None:
    year = world.own.cycle.year + 1
    AnswerFactory(assessment=world.own, code="A.I.1.i.a")
    client = world.client("admin")
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = client.post(START, {"year": year, "confirmed": "1"})
    job = CycleStartJob.objects.get(year=year)
    assert response.status_code == 302
    assert response["Location"] == reverse("scoring_cycle:job", args=[job.pk])
    assert (job.status, job.total, job.requested_by) == ("queued", 2, world.users["admin"])
    assert len(callbacks) == 1  # the task, queued after commit
    waiting = client.get(response["Location"])
    assert b'hx-trigger="every 2s"' in waiting.content
    callbacks[0]()  # eager Celery: the task runs here
    job.refresh_from_db()
    assert (job.status, job.processed, job.created, job.skipped, job.answers) == (
        "done",
        2,
        2,
        0,
        1,
    )
    page = client.get(response["Location"]).content.decode()
    assert f"Siklus {year}: 2 penilaian dibuat (0 sudah ada)" in page
    assert "every 2s" not in page
    fragment = client.get(response["Location"], HTTP_HX_REQUEST="true")
    assert fragment.status_code == 286  # htmx stops polling
    # Again: nothing more is created, both counted as already there.
    with django_capture_on_commit_callbacks(execute=True):
        again = client.post(START, {"year": year, "confirmed": "1"})
    second = CycleStartJob.objects.exclude(pk=job.pk).get()
    assert again.status_code == 302
    assert (second.status, second.created, second.skipped) == ("done", 0, 2)
    assert Assessment.objects.filter(cycle__year=year).count() == 2


def test_progress_is_written_between_chunks(world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    year = world.own.cycle.year + 1
    job = CycleStartJob.objects.create(year=year, requested_by=world.users["admin"], total=2)
    seen: list[tuple[str, int, int]] = []
    real = services.cycle_start

    def spy(**kwargs: Any) -> Any:
        stored = CycleStartJob.objects.get(pk=job.pk)
        seen.append((stored.status, stored.processed, stored.created))
        return real(**kwargs)

    monkeypatch.setattr(jobs, "CHUNK", 1)
    monkeypatch.setattr(services, "cycle_start", spy)
    cycle_start_job_run(job_pk=job.pk)
    # One unit per chunk: the stored progress grows before each next chunk runs.
    assert seen == [("running", 0, 0), ("running", 1, 1), ("running", 2, 2)]
    job.refresh_from_db()
    assert (job.status, job.created, job.total) == ("done", 2, 2)


def test_running_start_of_the_same_year_is_refused(world: World) -> None:
    year = world.own.cycle.year + 1
    CycleStartJob.objects.create(year=year, status="running", requested_by=world.users["admin"])
    response = world.client("admin").post(START, {"year": year, "confirmed": "1"})
    assert (response.status_code, response["X-Refusal-Code"]) == (403, "cycle_start_running")
    assert CycleStartJob.objects.filter(year=year).count() == 1
    assert not Assessment.objects.filter(cycle__year=year).exists()


def test_a_failure_is_shown_with_its_reason(world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    year = world.own.cycle.year + 1
    job = CycleStartJob.objects.create(year=year, requested_by=world.users["admin"])

    def broken(**kwargs: Any) -> Any:
        raise RuntimeError("disk full")

    monkeypatch.setattr(services, "cycle_start", broken)
    cycle_start_job_run(job_pk=job.pk)
    job.refresh_from_db()
    assert (job.status, job.error) == ("failed", "RuntimeError: disk full")
    page = world.client("admin").get(reverse("scoring_cycle:job", args=[job.pk]))
    assert "RuntimeError: disk full" in page.content.decode()
    assert b'role="alert"' in page.content


@pytest.mark.parametrize(
    ("persona", "status"),
    [("admin", 200), ("tim_kerja", 404), ("tpi", 404), ("pimpinan_instansi", 404)],
)
def test_status_page_is_for_the_admin_who_started_it(
    world: World, persona: str, status: int
) -> None:
    job = CycleStartJob.objects.create(year=2099, requested_by=world.users["admin"])
    url = reverse("scoring_cycle:job", args=[job.pk])
    assert world.client(persona).get(url).status_code == status
    assert world.client(persona).post(url).status_code in (403, 405)  # read-only page


def test_another_admins_job_is_not_found(world: World) -> None:
    job = CycleStartJob.objects.create(year=2099, requested_by=world.users["tpi"])
    response = world.client("admin").get(reverse("scoring_cycle:job", args=[job.pk]))
    assert response.status_code == 404


def test_a_dead_job_does_not_block_a_new_start(world: World) -> None:
    from datetime import timedelta

    from django.utils import timezone

    year = world.own.cycle.year + 1
    CycleStartJob.objects.create(
        year=year,
        status="running",
        requested_by=world.users["admin"],
        created_at=timezone.now() - timedelta(hours=2),
    )
    response = world.client("admin").post(START, {"year": year, "confirmed": "1"})
    assert response.status_code == 302
    assert CycleStartJob.objects.filter(year=year).count() == 2


def test_a_broker_that_cannot_be_reached_fails_the_job(
    world: World, monkeypatch: pytest.MonkeyPatch, django_capture_on_commit_callbacks: Any
) -> None:
    from scoring.cycle import tasks

    def down(*args: Any, **kwargs: Any) -> None:
        raise ConnectionError("redis down")

    monkeypatch.setattr(tasks.cycle_start_task, "delay", down)
    year = world.own.cycle.year + 1
    with django_capture_on_commit_callbacks(execute=True):
        world.client("admin").post(START, {"year": year, "confirmed": "1"})
    job = CycleStartJob.objects.get(year=year)
    assert job.status == "failed"
    assert "Antrean tugas tidak dapat dihubungi" in job.error
    assert not Assessment.objects.filter(cycle__year=year).exists()
