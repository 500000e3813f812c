"""The official LKE workbook in and out of an assessment (operator tool: `manage.py lke`).

The import plans and applies in one transaction (scoring/transfer/workbook_plan.py, which the web
pages use in two steps: preview, then apply).
"""

from __future__ import annotations

from pathlib import Path

from django.contrib.auth.models import User
from django.db import transaction
from django.utils.translation import gettext as _

from scoring.models import Side
from scoring.rules import Code, workbook_import_refusal
from scoring.transfer.workbook_plan import (
    WorkbookImportError,
    WorkbookImportRefused,
    WorkbookImportStale,
    _locked_message,
    apply_workbook_import,
    plan_workbook_import,
)
from zi_portal.models import Assessment
from zi_portal.refusals import Refusal

__all__ = [
    "WorkbookImportError",
    "WorkbookImportRefused",
    "WorkbookImportStale",
    "export_assessment_workbook",
    "import_assessment_workbook",
    "workbook_import_refusal",
]


def export_assessment_workbook(assessment_id: int, side: str, output: str | Path) -> None:
    """Write one side's answers, notes and evidence links into the official LKE ZI workbook."""
    from scoring.reports.xlsx import lke_workbook_bytes

    if side not in Side.values:
        raise ValueError(_("Sisi harus unit atau tpi."))
    assessment = Assessment.objects.select_related("unit", "framework").get(pk=assessment_id)
    Path(output).write_bytes(lke_workbook_bytes(assessment=assessment, side=side))


@transaction.atomic
def import_assessment_workbook(
    *, actor: User | None, assessment_id: int, side: str, input_path: str | Path
) -> int:
    """Read a filled LKE workbook into one side's answers; returns how many were written.

    actor None is a system import (the CLI without --user). Either way the assessment row is
    locked and the side's status lock applies (WorkbookImportRefused otherwise); in revision only
    the questions the TPI flagged may change. Every bad cell is reported at once and nothing is
    written then. Answers equal to the stored ones are left alone, so a round trip writes nothing
    new. Each answer goes through the answer service's writer (versions, audit entries with the
    actor) and the import itself is one "workbook_import" workflow event.
    """
    if side not in Side.values:
        raise ValueError(_("Sisi harus unit atau tpi."))
    assessment = (
        Assessment.objects.select_for_update()
        .select_related("unit", "cycle", "framework")
        .get(pk=assessment_id)
    )
    with Path(input_path).open("rb") as fh:
        plan = plan_workbook_import(actor=actor, assessment=assessment, side=side, source=fh)
    bad = [p.message for p in plan.problems if not p.locked]
    if bad:
        raise WorkbookImportError(bad)
    locked = [p.code for p in plan.problems if p.locked]
    if locked:
        raise WorkbookImportRefused(
            Refusal(Code.QUESTION_LOCKED_IN_REVISION, _locked_message(locked))
        )
    return apply_workbook_import(actor=actor, plan=plan)
