"""cycle_start on the demo: files not copied, documents linked, answers "to confirm"."""

from __future__ import annotations

import hashlib
from typing import Any

import pytest
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from evidence.models import Evidence, EvidenceRevision
from scoring.cycle.services import CARRIED, CONFIRMED, answers_confirm, cycle_start
from scoring.demo.seed import demo_seed
from scoring.models import Answer, AssessmentEvent, Side, Snapshot
from scoring.selectors.scores import assessment_scores, score_summaries_for
from zi_portal.models import Assessment, Cycle
from zi_portal.refusals import Refused

pytestmark = pytest.mark.django_db


def _stored_files() -> int:
    def walk(path: str) -> int:
        dirs, files = default_storage.listdir(path)
        return len(files) + sum(walk(f"{path}/{d}" if path else d) for d in dirs)

    return walk("")


@pytest.fixture
def demo(framework: Any, django_capture_on_commit_callbacks: Any) -> list[Assessment]:
    with django_capture_on_commit_callbacks(execute=True):
        return demo_seed()


def test_cycle_start_on_the_demo(demo: list[Assessment], capsys: Any) -> None:
    unit1 = demo[0]
    year = unit1.cycle.year
    files_before = _stored_files()
    assert files_before > 0
    scores_before = {s: r.to_dict() for s, r in assessment_scores(assessment=unit1).items()}
    snapshots_before = list(Snapshot.objects.filter(assessment=unit1).values_list("pk", "data"))
    old_docs = {e.pk: e for e in Evidence.objects.filter(assessment=unit1, deleted_at__isnull=True)}
    old_unit_answers = Answer.objects.filter(assessment=unit1, side=Side.UNIT).count()
    assert old_unit_answers == 113

    call_command("cycle_start", year=year + 1)
    assert "3 assessments created" in capsys.readouterr().out

    cycle = Cycle.objects.get(year=year + 1)
    assert cycle.self_assessment_start == unit1.cycle.self_assessment_start.replace(year=year + 1)
    new = Assessment.objects.get(unit=unit1.unit, cycle=cycle)
    assert (new.framework_id, new.status) == (unit1.framework_id, "draft")
    # No file was written; every live document of the previous year is linked by its stored name.
    assert _stored_files() == files_before
    linked = list(Evidence.objects.filter(assessment=new).select_related("current_revision"))
    assert len(linked) == len(old_docs)
    old_files = {
        (r.file.name, r.sha256, r.number)
        for r in EvidenceRevision.objects.filter(evidence__in=old_docs.values())
    }
    new_files = {
        (r.file.name, r.sha256, r.number)
        for r in EvidenceRevision.objects.filter(evidence__in=linked)
    }
    assert new_files == old_files
    assert {(e.title, e.current_revision.sha256 if e.current_revision else "") for e in linked} == {
        (e.title, e.current_revision.sha256 if e.current_revision else "")
        for e in old_docs.values()
    }
    assert sorted(
        q for e in linked for q in e.attachments.values_list("question__code", flat=True)
    ) == sorted(
        q for e in old_docs.values() for q in e.attachments.values_list("question__code", flat=True)
    )
    # All 113 unit inputs are carried "to confirm"; the TPI side starts empty.
    carried = Answer.objects.filter(assessment=new)
    assert carried.filter(side=Side.UNIT, needs_confirmation=True).count() == 113
    assert not carried.filter(side=Side.TPI).exists()
    unit_score = assessment_scores(assessment=new)[Side.UNIT]
    assert (unit_score.answered, unit_score.total, unit_score.complete) == (0, 0, False)
    assert score_summaries_for([new])[new.pk].answered == 0
    event = AssessmentEvent.objects.get(assessment=new, action=CARRIED)
    assert "113" in event.note

    # Downloads of a linked document: the same bytes, through the same permission checks.
    doc = next(e for e in linked if e.current_revision and e.current_revision.file.name)
    rev = doc.current_revision
    assert rev is not None
    url = reverse("evidence:download", args=[new.pk, doc.pk, rev.pk])
    member = next(m.user for m in new.unit.memberships.filter(role="tim_kerja"))
    client = Client()
    client.force_login(member)
    got = client.get(url)
    assert got.status_code == 200
    assert hashlib.sha256(got.getvalue()).hexdigest() == rev.sha256
    stranger = next(m.user for m in demo[1].unit.memberships.filter(role="tim_kerja"))
    client.force_login(stranger)
    assert client.get(url).status_code == 404

    # Confirming one question makes it count.
    question = carried.filter(side=Side.UNIT).select_related("question")[0].question
    tim = next(m.user for m in new.unit.memberships.filter(role="tim_kerja", areas__isnull=True))
    assert answers_confirm(actor=tim, assessment=new, questions=[question]) == 1
    assert assessment_scores(assessment=new)[Side.UNIT].answered == 1
    assert score_summaries_for([new])[new.pk].answered == 1
    assert AssessmentEvent.objects.get(assessment=new, action=CONFIRMED).note == question.code
    with pytest.raises(Refused) as refused:
        answers_confirm(actor=tim, assessment=new, questions=[question])
    assert refused.value.refusal.code == "cycle_nothing_to_confirm"

    # The previous assessment is untouched.
    after = {s: r.to_dict() for s, r in assessment_scores(assessment=unit1).items()}
    assert after == scores_before
    assert (
        list(Snapshot.objects.filter(assessment=unit1).values_list("pk", "data"))
        == snapshots_before
    )
    assert Answer.objects.filter(assessment=unit1, needs_confirmation=True).count() == 0

    # Idempotent: running it again creates nothing more.
    counts = (Assessment.objects.count(), Evidence.objects.count(), Answer.objects.count())
    result = cycle_start(actor=None, year=year + 1)
    assert (result.created, result.skipped, result.cycle_created) == ([], 3, False)
    assert (Assessment.objects.count(), Evidence.objects.count(), Answer.objects.count()) == counts


def test_refused_without_a_previous_cycle(demo: list[Assessment]) -> None:
    with pytest.raises(Refused) as refused:
        cycle_start(actor=None, year=demo[0].cycle.year - 5)
    assert refused.value.refusal.code == "cycle_no_previous"
