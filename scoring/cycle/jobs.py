"""The admin's start of a cycle in the background: cycle_start_job_create (refuses a second start
of the same year while one is queued or running; the view then queues it with
scoring.cycle.tasks.cycle_start_enqueue) and
cycle_start_job_run (the worker's side: the cycle_start service in chunks of CHUNK units, each
chunk its own transaction, the job's progress written between chunks so the status page sees
it). A failed run leaves what earlier chunks created; starting again carries on from there,
because cycle_start creates nothing twice. The command `manage.py cycle_start` stays synchronous.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone

from areas.models import Framework
from scoring.cycle import rules as cycle_rules
from scoring.cycle import services
from scoring.models import CycleStartJob
from zi_portal.refusals import Refused, refuse_if

CHUNK = 25


@transaction.atomic
def cycle_start_job_create(
    *, actor: Any, year: int, framework: Framework | None = None
) -> CycleStartJob:
    refuse_if(cycle_rules.cycle_start_refusal(user=actor, year=year, framework=framework))
    # Lock the year's jobs so two admins' clicks cannot both pass the running check.
    list(CycleStartJob.objects.select_for_update().filter(year=year))
    refuse_if(cycle_rules.cycle_running_refusal(year=year))
    job = CycleStartJob.objects.create(
        year=year,
        framework=framework,
        requested_by=actor,
        total=services.cycle_units_count(actor=actor, year=year),
    )
    return job


def cycle_start_job_run(*, job_pk: int) -> CycleStartJob:
    job = CycleStartJob.objects.select_related("framework", "requested_by").get(pk=job_pk)
    if job.status not in ("queued", "running"):
        return job
    CycleStartJob.objects.filter(pk=job.pk).update(status="running")
    created = documents = answers = 0
    try:
        while True:
            result = services.cycle_start(
                actor=job.requested_by, year=job.year, framework=job.framework, limit=CHUNK
            )
            created += len(result.created)
            documents += result.documents
            answers += result.answers
            processed = result.skipped + len(result.created)
            _save(job, processed=processed, created=created, documents=documents, answers=answers)
            if not result.created:
                break
    except Refused as exc:
        return _fail(job, str(exc))
    except Exception as exc:
        return _fail(job, f"{type(exc).__name__}: {exc}")
    job.status, job.finished_at = "done", timezone.now()
    job.total = max(job.total, processed)
    job.skipped = processed - created
    job.save(update_fields=["status", "finished_at", "total", "skipped"])
    return job


def _save(job: CycleStartJob, **counts: int) -> None:
    for name, value in counts.items():
        setattr(job, name, value)
    CycleStartJob.objects.filter(pk=job.pk).update(**counts)


def cycle_start_job_fail(*, job_pk: int, message: str) -> None:
    """The job could not be queued (broker down): failed, with the reason, so it blocks nothing."""
    _fail(CycleStartJob.objects.get(pk=job_pk), message)


def _fail(job: CycleStartJob, message: str) -> CycleStartJob:
    job.status, job.error, job.finished_at = "failed", message, timezone.now()
    job.save(update_fields=["status", "error", "finished_at"])
    return job
