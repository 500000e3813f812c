"""The official LKE workbook in and out of an assessment (operator tool: `manage.py lke`)."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from areas.models import Question
from scoring.engine import AnswerSet
from scoring.framework import TEMPLATE_PATH
from scoring.models import Answer, Side
from scoring.selectors.scores import answer_sets_for, spec_for
from scoring.services.answers import _same_value, _write_answer, clean_answer_value
from zi_portal.models import Assessment

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


@transaction.atomic
def import_assessment_workbook(assessment_id: int, side: str, input_path: str | Path) -> int:
    """Read a filled LKE workbook into one side's answers; returns how many were written.

    A system import (actor None, no permission check: the CLI is an operator tool). Every bad
    cell is reported at once and nothing is written then. Answers equal to the stored ones are
    left alone, so a round trip writes nothing new.
    """
    from scoring.engine.workbook import read_workbook

    if side not in Side.values:
        raise ValueError(_("Sisi harus unit atau tpi."))
    assessment = Assessment.objects.select_related("unit", "framework").get(pk=assessment_id)
    spec = spec_for(assessment)
    answers, issues = read_workbook(input_path, spec, prior_wbk=assessment.unit.holds_wbk)
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
    written = 0
    for q, choice, counts, index in planned:
        current = stored.get(q.code)
        if _same_value(current, choice, counts, index):
            continue
        _write_answer(
            actor=None,
            assessment=assessment,
            question=q,
            side=side,
            choice=choice,
            counts=counts,
            index=index,
            note=current.note if current else "",
            expected_version=current.version if current else None,
        )
        written += 1
    return written
