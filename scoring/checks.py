"""System check (with `manage.py check --deploy`): assessments without a stored score summary.

The summaries are written through by the services (scoring.summaries); an assessment without
one on either side was made some other way (before the write-through, by the bench seed, a
raw import). The pages compute it once on first read, but `scores_verify --rebuild` is the
operator's fix. One COUNT over the assessments with two index probes each.
"""

from __future__ import annotations

from typing import Any

from django.core.checks import CheckMessage, Warning, register
from django.db import DatabaseError
from django.db.models import Exists, OuterRef, Q

from scoring.models import ScoreSummary, Side
from scoring.selectors.scores import SUMMARY_REVISION
from zi_portal.models import Assessment


def assessments_without_summary() -> int:
    def current(side: str) -> Exists:
        return Exists(
            ScoreSummary.objects.filter(
                assessment_id=OuterRef("pk"), side=side, revision=SUMMARY_REVISION
            )
        )

    return Assessment.objects.filter(~Q(current(Side.UNIT)) | ~Q(current(Side.TPI))).count()


@register("scoring", deploy=True)
def summaries_check(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    try:
        missing = assessments_without_summary()
    except DatabaseError:  # not migrated yet: `migrate` comes first, then this check
        return []
    if not missing:
        return []
    return [
        Warning(
            f"{missing} penilaian belum punya ringkasan nilai tersimpan (atau revisinya lama).",
            hint="Jalankan: python manage.py scores_verify --rebuild",
            id="scoring.W001",
        )
    ]
