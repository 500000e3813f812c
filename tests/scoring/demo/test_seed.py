"""seed_demo makes a living portal: unit 1 answered on both sides and in review, with real
documents and comments; unit 2 half done; running it twice changes nothing."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.core import mail

from evidence.models import Comment, Evidence, EvidenceAttachment
from scoring.demo.seed import demo_seed
from scoring.models import Answer, Snapshot
from scoring.selectors.scores import assessment_scores

pytestmark = pytest.mark.django_db


def _counts(assessments: list[Any]) -> list[tuple[int, int, int, int]]:
    return [
        (
            Answer.objects.filter(assessment=a).count(),
            Evidence.objects.filter(assessment=a).count(),
            Comment.objects.filter(assessment=a).count(),
            Snapshot.objects.filter(assessment=a).count(),
        )
        for a in assessments
    ]


def test_demo_seed_fills_unit_1_and_half_of_unit_2(
    framework: Any, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        first = demo_seed()
    unit1, unit2, unit3 = first
    for a in first:
        a.refresh_from_db()
    assert (unit1.status, unit2.status, unit3.status) == ("in_review", "draft", "draft")
    assert mail.outbox == []  # seeding replays a review cycle without mailing anyone

    scores = assessment_scores(assessment=unit1)
    assert scores["unit"].complete and scores["tpi"].complete
    assert Decimal(76) <= scores["unit"].total <= Decimal(80)
    assert Decimal(72) <= scores["tpi"].total <= Decimal(76)
    assert scores["tpi"].total < scores["unit"].total
    differing = [
        t
        for t in Answer.objects.filter(assessment=unit1, side="tpi").select_related("question")
        if t.note
    ]
    assert len(differing) >= 5  # notes where the TPI differs from the unit

    files = Evidence.objects.filter(assessment=unit1, kind="file").select_related(
        "current_revision"
    )
    revisions = [ev.current_revision for ev in files if ev.current_revision is not None]
    assert len(revisions) == len(files) >= 18
    assert {"application/pdf", "image/png"} <= {r.content_type for r in revisions}
    for rev in revisions:
        with rev.file.open("rb") as fh:
            head = fh.read(8)
        assert head.startswith(b"%PDF") or head.startswith(b"\x89PNG"), rev.original_name
        assert 1000 < rev.size < 100_000
    with_docs = (
        EvidenceAttachment.objects.filter(evidence__assessment=unit1)
        .values("question")
        .distinct()
        .count()
    )
    assert 18 <= with_docs <= 30
    assert Comment.objects.filter(assessment=unit1).count() >= 3

    unit2_answers = Answer.objects.filter(assessment=unit2)
    assert set(unit2_answers.values_list("side", flat=True)) == {"unit"}
    assert 45 <= unit2_answers.count() <= 65
    assert Evidence.objects.filter(assessment=unit2).exists()

    before = _counts(first)
    second = demo_seed()
    assert [a.pk for a in second] == [a.pk for a in first]
    assert _counts(second) == before
