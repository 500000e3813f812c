"""What the unit changed between the previous submission and the latest one, per question.

Public reads (the assessment page, the question page, finalising and the task inbox use them):

- ``submission_changes(assessment=...)``: every changed question of the latest round, with the
  unit's answer before and after (as the pages show answers: the option, the index in the active
  language, counts with their labels), the documents added, replaced (v1 -> v2) or removed, and
  the flags of the round with the unit's reply.
- ``changed_questions(assessment)``: the changed questions, in worksheet order.
- ``unreviewed_changes(assessment)``: the changed questions the TPI has not answered since the
  latest submission (a TPI answer saved before it does not count).
- ``question_changes(assessment=..., question=...)``: one question's change, or None.
- ``open_flags(assessment)``: every open flag; ``flags_to_fix`` the open flags the unit has in
  revision; ``flags_to_accept`` the open flags that came back with a resubmission and wait for
  the TPI.

A round is the time between two snapshots of kind submitted. Answers come from the snapshots;
documents from their rows by time (attached, created, deleted, revision uploaded), since a
document is never detached, only deleted. Before a resubmission (draft, first submission, or
while the unit revises) there is no round to compare and every list is empty. Callers pass an
assessment obtained through zi_portal.selectors.assessment_get_for_user. Each read is a fixed
number of queries.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from areas.models import Question
from evidence.models import EvidenceAttachment, EvidenceRevision, ReviewFlag
from scoring.models import Answer, Side, Snapshot
from scoring.selectors.answers import answer_text
from zi_portal.models import Assessment

Status = Assessment.Status
# The statuses in which the latest submission is the one the TPI reviews (or reviewed).
AFTER_SUBMISSION = {
    Status.SUBMITTED,
    Status.IN_REVIEW,
    Status.EVALUATED,
    Status.PROPOSED,
    Status.CLOSED,
}


@dataclass(frozen=True)
class DocumentChange:
    kind: str  # added | replaced | removed
    evidence_id: int
    title: str
    from_revision: int | None = None
    to_revision: int | None = None

    @property
    def label(self) -> str:
        if self.kind == "added":
            return _("ditambahkan")
        if self.kind == "removed":
            return _("dihapus")
        return _("diganti (v%(old)s → v%(new)s)") % {
            "old": self.from_revision,
            "new": self.to_revision,
        }


@dataclass
class QuestionChange:
    question: Question
    answer_before: str
    answer_after: str
    answer_changed: bool
    note_before: str
    note_after: str
    note_changed: bool
    documents: list[DocumentChange] = field(default_factory=list)
    flags: list[ReviewFlag] = field(default_factory=list)
    replied: bool = False
    tpi_reviewed: bool = False  # a TPI answer saved since the latest submission

    @property
    def code(self) -> str:
        return self.question.code

    @property
    def changed(self) -> bool:
        return self.answer_changed or self.note_changed or bool(self.documents) or self.replied


@dataclass
class SubmissionChanges:
    previous: Snapshot | None
    latest: Snapshot | None
    questions: list[QuestionChange]

    @property
    def count(self) -> int:
        return len(self.questions)

    @property
    def codes(self) -> list[str]:
        return [c.code for c in self.questions]

    @property
    def unreviewed(self) -> list[QuestionChange]:
        return [c for c in self.questions if not c.tpi_reviewed]

    def by_question(self) -> dict[int, QuestionChange]:
        return {c.question.pk: c for c in self.questions}


EMPTY_NOTE = ""


def _rounds(assessment: Assessment) -> tuple[Snapshot | None, Snapshot | None]:
    """(previous, latest) submitted snapshots, or (None, None) when there is no round."""
    if assessment.status not in AFTER_SUBMISSION:
        return None, None
    snaps = list(
        Snapshot.objects.filter(assessment=assessment, kind=Snapshot.Kind.SUBMITTED).order_by(
            "-created_at", "-pk"
        )[:2]
    )
    if len(snaps) < 2:
        return None, None
    return snaps[1], snaps[0]


def _as_answer(data: dict[str, Any] | None, question: Question) -> Answer | None:
    """A snapshot's answer as an unsaved Answer, so it reads as the pages read answers."""
    if not data:
        return None
    index = data.get("index")
    return Answer(
        question=question,
        choice=data.get("choice") or "",
        counts=data.get("counts") or {},
        index_value=None if index in (None, "") else Decimal(str(index)),
    )


def _value_of(data: dict[str, Any] | None) -> tuple[Any, ...]:
    if not data:
        return (None, None, None)
    counts = {k: int(v) for k, v in (data.get("counts") or {}).items()}
    index = data.get("index")
    return (
        data.get("choice") or None,
        counts or None,
        None if index in (None, "") else Decimal(str(index)),
    )


DocState = dict[int, dict[int, int]]  # question id -> {evidence id: revision number}


def _documents_at(
    moments: list[datetime.datetime],
    attachments: list[EvidenceAttachment],
    revisions: dict[int, list[tuple[datetime.datetime, int]]],
) -> list[DocState]:
    """The documents serving each question at each moment, with the revision then current."""
    states: list[DocState] = [defaultdict(dict) for _ in moments]
    for att in attachments:
        ev = att.evidence
        for i, t in enumerate(moments):
            if att.attached_at > t or ev.created_at > t:
                continue
            if ev.deleted_at is not None and ev.deleted_at <= t:
                continue
            numbers = [n for at, n in revisions.get(ev.pk, []) if at <= t]
            states[i][att.question_id][ev.pk] = max(numbers, default=0)
    return states


def _document_changes(
    before: dict[int, int], after: dict[int, int], titles: dict[int, str]
) -> list[DocumentChange]:
    out: list[DocumentChange] = []
    for ev_id in sorted(set(before) | set(after)):
        old, new = before.get(ev_id), after.get(ev_id)
        if old is None:
            out.append(DocumentChange("added", ev_id, titles[ev_id], None, new))
        elif new is None:
            out.append(DocumentChange("removed", ev_id, titles[ev_id], old, None))
        elif old != new:
            out.append(DocumentChange("replaced", ev_id, titles[ev_id], old, new))
    return out


def _round_flags(
    assessment: Assessment, previous: Snapshot, latest: Snapshot
) -> dict[int, list[ReviewFlag]]:
    """The flags the unit had in the revision before the latest submission, per question."""
    rows = (
        ReviewFlag.objects.filter(
            assessment=assessment,
            returned_at__isnull=False,
            returned_at__lt=latest.created_at,
        )
        .exclude(resolved_at__lte=previous.created_at)
        .select_related("created_by", "replied_by", "resolved_by")
        .order_by("created_at", "pk")
    )
    out: dict[int, list[ReviewFlag]] = defaultdict(list)
    for f in rows:
        out[f.question_id].append(f)
    return out


def submission_changes(*, assessment: Assessment) -> SubmissionChanges:
    """Every question the unit changed between the previous and the latest submission."""
    previous, latest = _rounds(assessment)
    if previous is None or latest is None:
        return SubmissionChanges(previous, latest, [])
    questions = list(
        Question.objects.filter(framework_id=assessment.framework_id)
        .prefetch_related("inputs")
        .order_by("position")
    )
    attachments = list(
        EvidenceAttachment.objects.filter(evidence__assessment=assessment).select_related(
            "evidence"
        )
    )
    revisions: dict[int, list[tuple[datetime.datetime, int]]] = defaultdict(list)
    for ev_id, at, number in EvidenceRevision.objects.filter(
        evidence__assessment=assessment
    ).values_list("evidence_id", "uploaded_at", "number"):
        revisions[ev_id].append((at, number))
    titles = {att.evidence_id: att.evidence.title for att in attachments}
    docs_before, docs_after = _documents_at(
        [previous.created_at, latest.created_at], attachments, revisions
    )
    flags = _round_flags(assessment, previous, latest)
    tpi_at = dict(
        Answer.objects.filter(assessment=assessment, side=Side.TPI).values_list(
            "question_id", "answered_at"
        )
    )
    old = (previous.data.get("answers") or {}).get(Side.UNIT) or {}
    new = (latest.data.get("answers") or {}).get(Side.UNIT) or {}
    out: list[QuestionChange] = []
    for q in questions:
        a, b = old.get(q.code), new.get(q.code)
        labels = {i.key: i.label for i in q.inputs.all()}
        q_flags = flags.get(q.pk, [])
        reviewed_at = tpi_at.get(q.pk)
        change = QuestionChange(
            question=q,
            answer_before=answer_text(_as_answer(a, q), labels=labels),
            answer_after=answer_text(_as_answer(b, q), labels=labels),
            answer_changed=_value_of(a) != _value_of(b),
            note_before=(a or {}).get("note") or EMPTY_NOTE,
            note_after=(b or {}).get("note") or EMPTY_NOTE,
            note_changed=((a or {}).get("note") or "") != ((b or {}).get("note") or ""),
            documents=_document_changes(
                docs_before.get(q.pk, {}), docs_after.get(q.pk, {}), titles
            ),
            flags=q_flags,
            replied=any(
                f.replied_at is not None and previous.created_at < f.replied_at < latest.created_at
                for f in q_flags
            ),
            tpi_reviewed=reviewed_at is not None and reviewed_at >= latest.created_at,
        )
        if change.changed:
            out.append(change)
    return SubmissionChanges(previous, latest, out)


def changed_questions(assessment: Assessment) -> list[QuestionChange]:
    """The questions the unit changed since the previous submission (worksheet order)."""
    return submission_changes(assessment=assessment).questions


def unreviewed_changes(assessment: Assessment) -> list[QuestionChange]:
    """The changed questions without a TPI answer saved since the latest submission."""
    return submission_changes(assessment=assessment).unreviewed


def question_changes(*, assessment: Assessment, question: Question) -> QuestionChange | None:
    """This question's change since the previous submission, or None when it did not change."""
    return submission_changes(assessment=assessment).by_question().get(question.pk)


def open_flags(assessment: Assessment) -> list[ReviewFlag]:
    """Every open flag of the assessment, in worksheet order."""
    return list(
        ReviewFlag.objects.filter(assessment=assessment, resolved_at__isnull=True)
        .select_related("question", "created_by", "replied_by")
        .order_by("question__position", "created_at")
    )


def flags_to_fix(assessment: Assessment) -> list[ReviewFlag]:
    """The open flags the unit has to work on: those returned to it, while it revises."""
    if assessment.status != Status.REVISION:
        return []
    return [f for f in open_flags(assessment) if f.returned_at is not None]


def flags_to_accept(assessment: Assessment) -> list[ReviewFlag]:
    """The open flags that came back with a resubmission: the TPI accepts them or leaves them
    open (while it reviews)."""
    if assessment.status not in (Status.SUBMITTED, Status.IN_REVIEW):
        return []
    return [f for f in open_flags(assessment) if f.returned_at is not None]


@dataclass
class FinalisePending:
    """What finalising now would leave behind: revised questions without a TPI answer since the
    latest submission, and open flags the unit had (they stay open on the record)."""

    unreviewed: list[QuestionChange]
    flags: list[ReviewFlag]

    @property
    def any(self) -> bool:
        return bool(self.unreviewed or self.flags)

    @property
    def count(self) -> int:
        return len(self.unreviewed)

    @property
    def unreviewed_codes(self) -> list[str]:
        return [c.code for c in self.unreviewed]

    @property
    def flag_codes(self) -> list[str]:
        return [f.question.code for f in self.flags]

    def note(self) -> str:
        parts = []
        if self.unreviewed:
            parts.append(
                _(
                    "Pertanyaan yang diubah unit dan belum dijawab ulang TPI sejak pengajuan "
                    "terakhir (%(n)s): %(codes)s."
                )
                % {"n": len(self.unreviewed), "codes": ", ".join(self.unreviewed_codes)}
            )
        if self.flags:
            parts.append(
                _("Catatan perbaikan yang masih terbuka (%(n)s): %(codes)s.")
                % {"n": len(self.flags), "codes": ", ".join(self.flag_codes)}
            )
        return " ".join(parts)

    def message(self) -> str:
        confirm = _("Centang konfirmasi untuk tetap menyelesaikan evaluasi.")
        return f"{self.note()} {confirm}"


def finalise_pending(assessment: Assessment) -> FinalisePending:
    """What the finalise form asks the TPI to confirm (empty when nothing is pending)."""
    return FinalisePending(unreviewed_changes(assessment), flags_to_accept(assessment))
