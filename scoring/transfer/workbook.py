"""The official LKE workbook in and out of an assessment (operator tool: `manage.py lke`)."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any, NamedTuple

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from areas.models import Question
from evidence.models import ReviewFlag
from evidence.rules import TPI_EDITABLE, UNIT_EDITABLE
from scoring.counts import count_max
from scoring.engine import AnswerSet
from scoring.framework import TEMPLATE_PATH
from scoring.models import Answer, AssessmentEvent, Side
from scoring.selectors.scores import answer_sets_for, spec_for
from scoring.services.answers import (
    _move,
    _same_value,
    _write_answer,
    clean_answer_value,
)
from zi_portal.access import access_for
from zi_portal.audit import acting_as
from zi_portal.models import Assessment, Role

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


# Where each side may be written: the unit's answers while it fills them in (draft, revision),
# the TPI's while it reviews (submitted, in review). The same status rule as evidence/rules.py.
SIDE_WRITABLE: dict[str, frozenset[str]] = {
    Side.UNIT: frozenset(UNIT_EDITABLE),
    Side.TPI: frozenset(TPI_EDITABLE),
}
SIDE_NAMES: dict[str, str] = {Side.UNIT: "unit", Side.TPI: "TPI"}
# Who may import into a side when a person is named: that side's own writers, or an admin.
SIDE_WRITERS: dict[str, frozenset[str]] = {
    Side.UNIT: frozenset({Role.TIM_KERJA, Role.ADMIN}),
    Side.TPI: frozenset({Role.TPI, Role.ADMIN}),
}


class ImportRefusal(NamedTuple):
    """Why an import is refused: a stable code for programs, a message for people."""

    code: str
    message: str


class WorkbookImportRefused(PermissionDenied):
    """The import is not allowed now (status lock, role); nothing was written."""

    def __init__(self, refusal: ImportRefusal) -> None:
        self.code = refusal.code
        self.message = refusal.message
        super().__init__(refusal.message)


def workbook_import_refusal(
    *, assessment: Assessment, side: str, actor: User | None = None
) -> ImportRefusal | None:
    """May a workbook be imported into this side of the assessment now? None when it may.

    The status lock applies to everyone, the system (actor None) included. A named actor must
    also be one of the side's writers (tim kerja or TPI of this unit, or an admin). The schedule
    window is not checked: an operator import is how late data gets in after an extension.
    """
    if assessment.status not in SIDE_WRITABLE[side]:
        return ImportRefusal(
            "assessment_locked_for_side",
            _(
                'Penilaian berstatus "%(status)s"; jawaban %(side)s terkunci, workbook tidak '
                "dapat diimpor."
            )
            % {"status": assessment.get_status_display(), "side": SIDE_NAMES[side]},
        )
    if actor is not None and not access_for(actor, assessment).roles & SIDE_WRITERS[side]:
        return ImportRefusal(
            "actor_may_not_write_side",
            _("%(user)s tidak berhak mengisi jawaban %(side)s penilaian ini.")
            % {"user": actor.get_username(), "side": SIDE_NAMES[side]},
        )
    return None


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
                ImportRefusal(
                    "question_locked_in_revision",
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
