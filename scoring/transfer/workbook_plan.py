"""Importing a filled LKE workbook in two steps: plan (read, compare, write nothing) and apply.

``plan_workbook_import`` reads the workbook against the assessment's framework and lists every
answer that would change (code, question, before and after as the pages show answers, the stored
answer version the change was planned from) and every problem by cell (``LKE ZI!K9``). Blank
answer cells leave the stored answer alone; values equal to the stored ones are no change; the
notes (column O) and links (column P) are never read.

``apply_workbook_import`` writes exactly the planned changes through the answer service's writer
(optimistic versions, audit entries with the actor) and records one "workbook_import" workflow
event. It re-checks the rule on the locked assessment row and the version of every answer: when
any answer changed since the plan, nothing is written (WorkbookImportStale names them).

The web pages (scoring/views/workbook.py) carry a plan between preview and apply as a signed
payload (``plan_to_payload`` / ``plan_from_payload``); the CLI (`manage.py lke import`) plans and
applies in one transaction (scoring/transfer/workbook.py).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import IO, Any

from django.contrib.auth.models import User
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from areas.models import Question
from evidence.models import ReviewFlag
from scoring.counts import count_max
from scoring.engine.spec import FrameworkSpec
from scoring.engine.workbook import SHEET, read_workbook
from scoring.models import Answer, AssessmentEvent, Side
from scoring.rules import SIDE_NAMES, Code, workbook_import_refusal
from scoring.selectors.answers import answer_text
from scoring.selectors.scores import spec_for
from scoring.services.answers import _move, _same_value, _write_answer, clean_answer_value
from scoring.summaries import summary_refresh
from zi_portal.audit import acting_as
from zi_portal.models import Assessment
from zi_portal.refusals import Refusal, Refused

Status = Assessment.Status
PAYLOAD_SALT = "scoring.workbook-import"
PAYLOAD_MAX_AGE = 60 * 60  # seconds a preview may wait for its "apply"


class WorkbookImportError(Exception):
    """A workbook could not be imported; ``issues`` names every bad cell."""

    def __init__(self, issues: list[str]) -> None:
        self.issues = issues
        super().__init__(
            _("Workbook tidak dapat diimpor:") + "\n" + "\n".join(f"- {i}" for i in issues)
        )


class WorkbookImportRefused(Refused):
    """The import is not allowed now (status lock, role; the rule is scoring/rules.py:
    workbook_import_refusal, the codes are in docs/rules.md); nothing was written."""

    def __init__(self, refusal: Refusal, *, assessment: Assessment | None = None) -> None:
        super().__init__(refusal, assessment=assessment)
        self.message = str(refusal.message)


class WorkbookImportStale(Exception):
    """Answers changed between the preview and the apply; nothing was written."""

    def __init__(self, codes: list[str]) -> None:
        self.codes = codes
        super().__init__(
            _(
                "Jawaban %(codes)s sudah diubah orang lain sejak pratinjau dibuat; tidak ada yang "
                "ditulis. Unggah ulang lembar kerja untuk melihat perubahan terbaru."
            )
            % {"codes": ", ".join(codes)}
        )


@dataclass(frozen=True)
class PlannedChange:
    """One answer the workbook changes; ``version`` is the stored one (None: no answer yet)."""

    code: str
    label: str
    cell: str
    before: str
    after: str
    version: int | None
    choice: str = ""
    counts: dict[str, int] = field(default_factory=dict)
    index: str | None = None


@dataclass(frozen=True)
class PlanProblem:
    """One problem, by cell where it has one; ``locked`` marks a change refused in revision."""

    message: str
    cell: str = ""
    code: str = ""
    locked: bool = False


@dataclass(frozen=True)
class ImportPlan:
    assessment_id: int
    side: str
    changes: tuple[PlannedChange, ...] = ()
    problems: tuple[PlanProblem, ...] = ()

    @property
    def can_apply(self) -> bool:
        return bool(self.changes) and not self.problems


def _cell(row: int) -> str:
    return f"{SHEET}!K{row}"


def _raw_values(spec: FrameworkSpec, answers: Any, code: str) -> dict[str, Any] | None:
    if code in answers.choices:
        return {"choice": answers.choices[code]}
    if code in answers.indices:
        return {"index_value": answers.indices[code]}
    if code in answers.counts:
        return {"counts": answers.counts[code]}
    return None


def _answer_cell(spec: FrameworkSpec, code: str, given: dict[str, Any]) -> str:
    """The cell a value problem points at: the first unfilled count of a % row, else the row."""
    q = spec.questions.get(code)
    if q is not None and q.input_rows:
        filled = given.get("counts") or {}
        missing = [row for key, row in q.input_rows.items() if key not in filled]
        return _cell(missing[0] if missing else q.lke_row)
    row = q.lke_row if q is not None else spec.hasil[code].lke_row
    return _cell(row)


def _shown(question: Question, choice: str, counts: dict[str, int], index: Decimal | None) -> str:
    labels = {i.key: i.label for i in question.inputs.all()}
    return answer_text(
        Answer(question=question, choice=choice, counts=counts, index_value=index), labels=labels
    )


def _reopened(assessment: Assessment) -> set[str]:
    return set(
        ReviewFlag.objects.filter(assessment=assessment, resolved_at__isnull=True).values_list(
            "question__code", flat=True
        )
    )


def _locked_message(codes: list[str]) -> str:
    return _(
        "Dalam tahap perbaikan hanya pertanyaan yang ditandai TPI yang dapat diubah; workbook "
        "mengubah %(codes)s."
    ) % {"codes": ", ".join(codes)}


def plan_workbook_import(
    *, actor: User | None, assessment: Assessment, side: str, source: IO[bytes]
) -> ImportPlan:
    """What importing ``source`` into ``side`` would change; writes nothing.

    Refused (WorkbookImportRefused) when the side is locked or the actor may not write it.
    """
    if side not in Side.values:
        raise ValueError(_("Sisi harus unit atau tpi."))
    refusal = workbook_import_refusal(assessment=assessment, side=side, actor=actor)
    if refusal:
        raise WorkbookImportRefused(refusal, assessment=assessment)
    spec = spec_for(assessment)
    answers, issues = read_workbook(
        source, spec, prior_wbk=assessment.unit.holds_wbk, count_max=count_max()
    )
    problems = [PlanProblem(str(i), i.cell or "", i.code or "") for i in issues]
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
    changes: list[PlannedChange] = []
    for code in spec.input_codes:
        raw = _raw_values(spec, answers, code)
        if raw is None:
            continue
        q = questions[code]
        cell = _answer_cell(spec, code, raw)
        try:
            choice, counts, index = clean_answer_value(q, **raw)
        except ValidationError as exc:
            problems.append(PlanProblem(f"{cell} ({code}): {' '.join(exc.messages)}", cell, code))
            continue
        current = stored.get(code)
        if _same_value(current, choice, counts, index):
            continue
        before = answer_text(current, labels={i.key: i.label for i in q.inputs.all()})
        changes.append(
            PlannedChange(
                code=code,
                label=q.text,
                cell=cell,
                before=before,
                after=_shown(q, choice, counts, index),
                version=current.version if current else None,
                choice=choice,
                counts=counts,
                index=None if index is None else str(index),
            )
        )
    if side == Side.UNIT and assessment.status == Status.REVISION:
        reopened = _reopened(assessment)
        locked = [c for c in changes if c.code not in reopened]
        for c in locked:
            problems.append(PlanProblem(_locked_message([c.code]), c.cell, c.code, locked=True))
    return ImportPlan(assessment.pk, side, tuple(changes), tuple(problems))


# --------------------------------------------------------------------------- apply


@transaction.atomic
def apply_workbook_import(*, actor: User | None, plan: ImportPlan) -> int:
    """Write exactly the planned changes; returns how many answers were written.

    The assessment row is locked and the rule re-checked; in revision an unflagged question
    refuses the whole import (question_locked_in_revision). An answer whose stored version is
    not the planned one refuses the whole import too (WorkbookImportStale): nothing is written.
    """
    assessment = (
        Assessment.objects.select_for_update()
        .select_related("unit", "cycle", "framework")
        .get(pk=plan.assessment_id)
    )
    side = plan.side
    refusal = workbook_import_refusal(assessment=assessment, side=side, actor=actor)
    if refusal:
        raise WorkbookImportRefused(refusal, assessment=assessment)
    if plan.problems:
        raise WorkbookImportError([p.message for p in plan.problems])
    if side == Side.UNIT and assessment.status == Status.REVISION:
        reopened = _reopened(assessment)
        locked = [c.code for c in plan.changes if c.code not in reopened]
        if locked:
            raise WorkbookImportRefused(
                Refusal(Code.QUESTION_LOCKED_IN_REVISION, _locked_message(locked))
            )
    codes = [c.code for c in plan.changes]
    questions = {
        q.code: q
        for q in Question.objects.filter(
            framework=assessment.framework, code__in=codes
        ).prefetch_related("options", "inputs")
    }
    stored = {
        a.question.code: a
        for a in Answer.objects.select_for_update(of=("self",))
        .filter(assessment=assessment, side=side, question__code__in=codes)
        .select_related("question")
    }
    stale = [
        c.code
        for c in plan.changes
        if (stored[c.code].version if c.code in stored else None) != c.version
    ]
    if stale or set(codes) - set(questions):
        raise WorkbookImportStale(stale or sorted(set(codes) - set(questions)))
    with acting_as(actor):
        for c in plan.changes:
            q = questions[c.code]
            choice, counts, index = clean_answer_value(
                q, choice=c.choice or None, counts=c.counts or None, index_value=c.index
            )
            current = stored.get(c.code)
            _write_answer(
                actor=actor,
                assessment=assessment,
                question=q,
                side=side,
                choice=choice,
                counts=counts,
                index=index,
                note=current.note if current else "",
                expected_version=c.version,
            )
        AssessmentEvent.objects.create(
            assessment=assessment,
            actor=actor,
            action="workbook_import",
            from_status=assessment.status,
            to_status=assessment.status,
            note=_("Impor workbook LKE ZI sisi %(side)s: %(n)s jawaban ditulis.")
            % {"side": SIDE_NAMES[side], "n": len(plan.changes)},
        )
        # Like a TPI answer saved on the page: the first TPI write starts the review.
        if plan.changes and side == Side.TPI and assessment.status == Status.SUBMITTED:
            _move(
                actor=actor, fresh=assessment, to_status=Status.IN_REVIEW, action="review_started"
            )
    if plan.changes:
        summary_refresh(assessment=assessment, side=side, locked=True)
    return len(plan.changes)


# --------------------------------------------------------------------------- the signed payload


def plan_to_payload(plan: ImportPlan, *, user_id: int) -> str:
    """The changes of a plan, signed for one user (a hidden field between preview and apply)."""
    changes = [
        [c.code, c.version, c.choice, c.counts, c.index, c.before, c.after] for c in plan.changes
    ]
    data = {"a": plan.assessment_id, "s": plan.side, "u": user_id, "c": changes}
    return signing.dumps(data, salt=PAYLOAD_SALT, compress=True)


def plan_from_payload(payload: str, *, assessment_id: int, user_id: int) -> ImportPlan | None:
    """The plan a payload signed for this user and assessment carries; None when it is not one
    (tampered, expired, another user's or another assessment's)."""
    try:
        data = signing.loads(payload, salt=PAYLOAD_SALT, max_age=PAYLOAD_MAX_AGE)
    except signing.BadSignature:
        return None
    if data.get("a") != assessment_id or data.get("u") != user_id:
        return None
    changes = tuple(
        PlannedChange(
            code=code,
            label="",
            cell="",
            before=before,
            after=after,
            version=version,
            choice=choice,
            counts={str(k): int(v) for k, v in counts.items()},
            index=index,
        )
        for code, version, choice, counts, index, before, after in data["c"]
    )
    return ImportPlan(assessment_id, str(data["s"]), changes)
