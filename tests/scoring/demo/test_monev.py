"""The demo's monev (scoring/demo/monev.py): the last complete quarter's report of units 1 and 2
made from their plans with real files; unit 2's attached to the monitoring questions and signed
off, unit 1's awaiting its pimpinan (its worksheet is evaluated, so not attachable); seeding
again writes nothing."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import User
from django.utils import timezone

from evidence.models import EvidenceAttachment
from scoring.demo.monev import demo_monev
from scoring.demo.seed import demo_seed
from scoring.plans.monev.models import MonevReport
from scoring.plans.monev.quarters import last_complete_quarter
from scoring.plans.monev.selectors import monev_page

pytestmark = pytest.mark.django_db


def test_the_demo_monev(framework: Any, django_capture_on_commit_callbacks: Any) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        assessments = demo_seed()
    unit1, unit2 = assessments[0], assessments[1]
    done = last_complete_quarter(unit1.cycle.year, timezone.localdate())
    quarter = done.no if done is not None else 1
    reports = {
        r.assessment_id: r
        for r in MonevReport.objects.select_related("pdf_job").filter(quarter=quarter)
    }
    assert set(reports) == {unit1.pk, unit2.pk}
    first, second = reports[unit1.pk], reports[unit2.pk]
    running = MonevReport.objects.exclude(quarter=quarter)
    # The running quarter's drafts (none when the last complete one is the only one begun).
    assert all(r.status == "draft" and r.evidence_id is None for r in running)
    if done is not None and done.no < 4:
        rich = running.get(assessment=unit1).data["totals"]
        assert rich["done"] >= 1 and rich["notes"] >= 1
    for report in (first, second):
        assert report.pdf_job is not None and report.pdf_job.status == "done"
        with report.pdf_job.file.open("rb") as fh:
            assert fh.read(4) == b"%PDF"
    assert (first.status, first.evidence_id) == ("draft", None)
    assert second.status == "signed_off" and second.signed_off_by.username == "pimpinan2"
    codes = set(
        EvidenceAttachment.objects.filter(evidence_id=second.evidence_id).values_list(
            "question__code", flat=True
        )
    )
    assert codes == {"A.I.1.iii.a", "A.I.1.iii.b"}
    # Unit 1's page tells timkerja1 why the report cannot be attached.
    row = monev_page(user=User.objects.get(username="timkerja1"), assessment=unit1).rows[
        first.quarter - 1
    ]
    assert row.attach_refusal is not None and row.attach_refusal.code == "unit_side_locked"
    # Idempotent.
    demo_seed()
    count = MonevReport.objects.count()
    assert demo_monev(assessments, {}) == []
    assert MonevReport.objects.count() == count
