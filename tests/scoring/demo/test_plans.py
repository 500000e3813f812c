"""The demo's rencana aksi (scoring/demo/plans.py): unit 1's plan has items in every status,
some linked to its documents, some from the dashboard's gap steps with the step's points, notes
and comments; unit 2 (the draft) has the same statuses by its own team; seeding again writes
nothing."""

from __future__ import annotations

from typing import Any

import pytest
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType

from scoring.demo.plans import seed_plans
from scoring.demo.seed import demo_seed
from scoring.plans.models import PlanEvidence, PlanItem, PlanNote, Status

pytestmark = pytest.mark.django_db


def test_the_demo_plan(framework: Any, django_capture_on_commit_callbacks: Any) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        assessments = demo_seed()
    unit1, unit2 = assessments[0], assessments[1]
    items = list(PlanItem.objects.filter(assessment=unit1))
    assert {i.status for i in items} == set(Status.values)
    cancelled = [i for i in items if i.status == Status.CANCELLED]
    assert all(i.cancel_reason for i in cancelled)
    assert all(i.done_at for i in items if i.status == Status.DONE)
    from_gap = [i for i in items if i.points is not None]
    assert len(from_gap) >= 2 and all(i.question_id and i.target_answer for i in from_gap)
    links = PlanEvidence.objects.filter(item__assessment=unit1)
    assert links.count() >= 2
    assert all(link.evidence.assessment_id == unit1.pk for link in links)
    assert PlanNote.objects.filter(item__assessment=unit1, kind="progress").count() >= 3
    assert PlanNote.objects.filter(item__assessment=unit1, kind="comment").count() >= 2
    # Unit 2 is the draft a new tim kerja works in: the same statuses, its own team's notes.
    assert {i.status for i in PlanItem.objects.filter(assessment=unit2)} == set(Status.values)
    assert PlanNote.objects.filter(item__assessment=unit2, author__username="koordinator2").exists()
    # Written through the services: every item has its audit rows with the tim kerja as actor.
    ct = ContentType.objects.get_for_model(PlanItem)
    created = LogEntry.objects.filter(content_type=ct, action=LogEntry.Action.CREATE)
    assert created.count() == PlanItem.objects.count()
    assert all(e.actor is not None for e in created)
    # Idempotent: a second seed (and a second call) writes nothing.
    before = (PlanItem.objects.count(), PlanNote.objects.count(), PlanEvidence.objects.count())
    demo_seed()
    seed_plans(assessments, {})
    assert (
        PlanItem.objects.count(),
        PlanNote.objects.count(),
        PlanEvidence.objects.count(),
    ) == before
