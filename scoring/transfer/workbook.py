"""The official LKE workbook in and out of an assessment (operator tool: `manage.py lke`)."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from areas.models import Question
from evidence.models import ReviewFlag
from scoring.counts import count_max
from scoring.engine import AnswerSet
from scoring.framework import TEMPLATE_PATH
from scoring.models import Answer, AssessmentEvent, Side
from scoring.rules import SIDE_NAMES, Code, workbook_import_refusal
from scoring.selectors.scores import answer_sets_for, spec_for
from scoring.services.answers import (
    _move,
    _same_value,
    _write_answer,
    clean_answer_value,
)
from zi_portal.audit import acting_as
from zi_portal.models import Assessment
from zi_portal.refusals import Refusal, Refused

Status = Assessment.Status


class WorkbookImportError(Exception):
    """A workbook could not be imported; ``issues`` names every bad cell."""

    def __init__(self, issues: list[str]) -> None:
        self.issues = issues
        super().__init__(
            _("Workbook tidak dapat diimpor:") + "\n" + "\n".join(f"- {i}" for i in issues)
        )


# --------------------------------------------------------------------------- workbook (CLI)


def export_assessment_workbook(assessment_id: int, side: str, output: str | Path) -> None:
    """Write one side's answers into the official LKE ZI workbook (operator tool)."""
    from scoring.engine.workbook import write_workbook

    if side not in Side.values:
        raise ValueError(_("Sisi harus unit atau tpi."))
    assessment = Assessment.objects.select_related("unit", "framework").get(pk=assessment_id)
    answers: AnswerSet = answer_sets_for(assessment=assessment)[side]
    write_workbook(spec_for(assessment), answers, output, TEMPLATE_PATH)


class WorkbookImportRefused(Refused):
    """The import is not allowed now (status lock, role; the rule is scoring/rules.py:
    workbook_import_refusal, the codes are in docs/rules.md); nothing was written."""

    def __init__(self, refusal: Refusal) -> None:
        super().__init__(refusal)
        self.message = str(refusal.message)


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
    from scoring.engine.workbook import read_workbook

    if side not in Side.values:
        raise ValueError(_("Sisi harus unit atau tpi."))
    assessment = (
        Assessment.objects.select_for_update()
        .select_related("unit", "cycle", "framework")
        .get(pk=assessment_id)
    )
    refusal = workbook_import_refusal(assessment=assessment, side=side, actor=actor)
    if refusal:
        raise WorkbookImportRefused(refusal)
    spec = spec_for(assessment)
    answers, issues = read_workbook(
        input_path, spec, prior_wbk=assessment.unit.holds_wbk, count_max=count_max()
    )
    if issues:
        raise WorkbookImportError([str(i) for i in issues])
    questions = {
        q.code: q
        for q in Question.objects.filter(framework=assessment.framework).prefetch_related(
            "options", "inputs"
        )
    }
    stored = {
        a.question.code: a
        for a in Answer.objects.filter(assessment=assessment, side=side).select_related("question")
    }
    problems: list[str] = []
    planned: list[tuple[Question, str, dict[str, int], Decimal | None]] = []
    for code in spec.input_codes:
        q = questions[code]
        if code in answers.choices:
            raw: dict[str, Any] = {"choice": answers.choices[code]}
        elif code in answers.indices:
            raw = {"index_value": answers.indices[code]}
        elif code in answers.counts:
            raw = {"counts": answers.counts[code]}
        else:
            continue
        try:
            planned.append((q, *clean_answer_value(q, **raw)))
        except ValidationError as exc:
            problems.append(f"{code}: {' '.join(exc.messages)}")
    if problems:
        raise WorkbookImportError(problems)
    changes = [p for p in planned if not _same_value(stored.get(p[0].code), *p[1:])]
    if side == Side.UNIT and assessment.status == Status.REVISION:
        reopened = set(
            ReviewFlag.objects.filter(assessment=assessment, resolved_at__isnull=True).values_list(
                "question__code", flat=True
            )
        )
        locked = [q.code for q, *_rest in changes if q.code not in reopened]
        if locked:
            raise WorkbookImportRefused(
                Refusal(
                    Code.QUESTION_LOCKED_IN_REVISION,
                    _(
                        "Dalam tahap perbaikan hanya pertanyaan yang ditandai TPI yang dapat "
                        "diubah; workbook mengubah %(codes)s."
                    )
                    % {"codes": ", ".join(locked)},
                )
            )
    with acting_as(actor):
        for q, choice, counts, index in changes:
            current = stored.get(q.code)
            _write_answer(
                actor=actor,
                assessment=assessment,
                question=q,
                side=side,
                choice=choice,
                counts=counts,
                index=index,
                note=current.note if current else "",
                expected_version=current.version if current else None,
            )
        AssessmentEvent.objects.create(
            assessment=assessment,
            actor=actor,
            action="workbook_import",
            from_status=assessment.status,
            to_status=assessment.status,
            note=_("Impor workbook LKE ZI sisi %(side)s: %(n)s jawaban ditulis.")
            % {"side": SIDE_NAMES[side], "n": len(changes)},
        )
        # Like a TPI answer saved on the page: the first TPI write starts the review.
        if changes and side == Side.TPI and assessment.status == Status.SUBMITTED:
            _move(
                actor=actor, fresh=assessment, to_status=Status.IN_REVIEW, action="review_started"
            )
    return len(changes)
