"""Writes of the next cycle: cycle_start (the year's cycle, one assessment per unit of the
previous cycle, its documents linked and its unit answers carried) and answers_confirm.

Documents are linked, not copied: each carried document becomes an Evidence row of the new
assessment whose revisions name the same stored files (same name, sha256 and size), so no file is
written. Nothing in the portal deletes a stored evidence file (deleting a document only marks it),
so a file named by two assessments stays while either needs it.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.db.models import OuterRef, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _

from areas.models import Framework, Question
from evidence.models import Evidence, EvidenceAttachment, EvidenceRevision
from scoring.cycle import rules as cycle_rules
from scoring.models import Answer, AssessmentEvent, Side
from scoring.summaries import summaries_refresh, summary_refresh
from zi_portal.access import access_for
from zi_portal.audit import acting_as
from zi_portal.models import Assessment, Cycle, Role, Unit
from zi_portal.refusals import Refused, refuse_if

CARRIED = "cycle_carried"
CONFIRMED = "answers_confirmed"


@dataclass
class CycleStartResult:
    cycle: Cycle
    cycle_created: bool
    created: list[Assessment] = field(default_factory=list)
    skipped: int = 0
    documents: int = 0
    answers: int = 0


def _shift(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February into a common year
        return day.replace(year=day.year + years, day=28)


def _cycle_for(year: int, previous: Cycle) -> tuple[Cycle, bool]:
    found = Cycle.objects.select_for_update().filter(year=year).first()
    if found is not None:
        return found, False
    gap = year - previous.year
    cycle = Cycle(
        year=year,
        name=_("Evaluasi ZI %(year)s") % {"year": year},
        **{
            name: _shift(getattr(previous, name), gap)
            for name in (
                "self_assessment_start",
                "self_assessment_end",
                "review_start",
                "review_end",
                "submission_deadline",
            )
        },
    )
    cycle.save()
    return cycle, True


def _units_for(actor: Any) -> Any:
    """The units this actor may start a cycle for: all for the command line and superusers,
    the units of the instansi an admin administers otherwise."""
    units = Unit.objects.filter(parent__isnull=False)
    if actor is None or getattr(actor, "is_superuser", False):
        return units
    return units.filter(parent__memberships__user_id=actor.pk, parent__memberships__role=Role.ADMIN)


def _link_documents(old: Assessment, new: Assessment, qmap: dict[int, Question]) -> int:
    """The previous assessment's live documents as rows of the new one, naming the same files.

    Bulk writes (a few queries per assessment, whatever its number of documents): the carried
    rows are recorded by the assessment's cycle_carried event rather than one audit entry each.
    """
    docs = list(Evidence.objects.filter(assessment=old, deleted_at__isnull=True).order_by("pk"))
    if not docs:
        return 0
    revisions: dict[int, list[EvidenceRevision]] = defaultdict(list)
    for rev in EvidenceRevision.objects.filter(
        evidence__assessment=old, evidence__deleted_at__isnull=True
    ):
        revisions[rev.evidence_id].append(rev)
    attachments: dict[int, list[tuple[int, Any, Any]]] = defaultdict(list)
    for evidence_id, question_id, by, at in EvidenceAttachment.objects.filter(
        evidence__assessment=old, evidence__deleted_at__isnull=True
    ).values_list("evidence_id", "question_id", "attached_by_id", "attached_at"):
        if question_id in qmap:
            attachments[evidence_id].append((question_id, by, at))
    olds = [doc.pk for doc in docs]
    now = timezone.now()
    for doc in docs:
        doc.pk, doc.id, doc.assessment, doc.current_revision = None, None, new, None
        doc.created_at = now
    Evidence.objects.bulk_create(docs)
    copies: list[EvidenceRevision] = []
    links: list[EvidenceAttachment] = []
    for was, doc in zip(olds, docs, strict=True):
        for rev in revisions[was]:
            # The stored name as it is: assigning the name string writes no file.
            rev.pk, rev.id, rev.evidence = None, None, doc
            copies.append(rev)
        links.extend(
            EvidenceAttachment(evidence=doc, question=qmap[q], attached_by_id=by, attached_at=at)
            for q, by, at in attachments[was]
        )
    EvidenceRevision.objects.bulk_create(copies)
    EvidenceAttachment.objects.bulk_create(links)
    # The current revision is the newest one, as evidence.services keeps it.
    Evidence.objects.filter(assessment=new).update(
        current_revision=Subquery(
            EvidenceRevision.objects.filter(evidence=OuterRef("pk"))
            .order_by("-number")
            .values("pk")[:1]
        )
    )
    return len(docs)


def _carry_answers(old: Assessment, new: Assessment, qmap: dict[int, Question]) -> int:
    rows = [
        Answer(
            assessment=new,
            question=qmap[a.question_id],
            side=Side.UNIT,
            choice=a.choice,
            counts=a.counts,
            index_value=a.index_value,
            note=a.note,
            answered_by_id=a.answered_by_id,
            answered_at=a.answered_at,
            version=1,
            carried_from=a,
            needs_confirmation=True,
        )
        for a in Answer.objects.filter(assessment=old, side=Side.UNIT, needs_confirmation=False)
        if a.question_id in qmap
    ]
    Answer.objects.bulk_create(rows)
    return len(rows)


def _question_map(old: Assessment, framework: Framework) -> dict[int, Question]:
    """Previous question id -> the same question (by code) in the new framework version."""
    if old.framework_id == framework.pk:
        return {q.pk: q for q in Question.objects.filter(framework=framework)}
    by_code = {q.code: q for q in Question.objects.filter(framework=framework)}
    return {
        pk: by_code[code]
        for pk, code in Question.objects.filter(framework_id=old.framework_id).values_list(
            "pk", "code"
        )
        if code in by_code
    }


@transaction.atomic
def cycle_start(
    *, actor: Any, year: int, framework: Framework | None = None, limit: int | None = None
) -> CycleStartResult:
    """Create ``year``'s cycle (windows shifted from the previous cycle's) and one assessment per
    unit that had one in the previous cycle. Running it again creates nothing more. With
    ``limit``, stop after that many new assessments (the background job runs it in chunks)."""
    refuse_if(cycle_rules.cycle_start_refusal(user=actor, year=year, framework=framework))
    previous = cycle_rules.previous_cycle(year)
    if previous is None:  # the rule refused already; for the type checker
        raise ValueError(year)
    with acting_as(actor):
        cycle, created = _cycle_for(year, previous)
        result = CycleStartResult(cycle=cycle, cycle_created=created)
        done = set(Assessment.objects.filter(cycle=cycle).values_list("unit_id", flat=True))
        olds = (
            Assessment.objects.filter(cycle=previous, unit__in=_units_for(actor))
            .select_related("unit", "framework")
            .order_by("unit_id", "-pk")
        )
        qmaps: dict[tuple[int, int], dict[int, Question]] = {}
        for old in olds:
            if old.unit_id in done:
                result.skipped += 1
                continue
            if limit is not None and len(result.created) >= limit:
                break
            done.add(old.unit_id)
            target = framework or old.framework
            key = (old.framework_id, target.pk)
            if key not in qmaps:
                qmaps[key] = _question_map(old, target)
            new = Assessment.objects.create(unit=old.unit, cycle=cycle, framework=target)
            documents = _link_documents(old, new, qmaps[key])
            answers = _carry_answers(old, new, qmaps[key])
            AssessmentEvent.objects.create(
                assessment=new,
                actor=actor,
                action=CARRIED,
                to_status=new.status,
                note=_(
                    "Dilanjutkan dari penilaian %(year)s: %(docs)s dokumen ditautkan, "
                    "%(answers)s jawaban unit perlu dikonfirmasi."
                )
                % {"year": previous.year, "docs": documents, "answers": answers},
            )
            result.created.append(new)
            result.documents += documents
            result.answers += answers
        summaries_refresh(assessments=result.created)
    return result


def cycle_units_count(*, actor: Any, year: int) -> int:
    """How many units ``cycle_start`` goes through for this actor (the job's total)."""
    previous = cycle_rules.previous_cycle(year)
    if previous is None:
        return 0
    return (
        Assessment.objects.filter(cycle=previous, unit__in=_units_for(actor))
        .values("unit_id")
        .distinct()
        .count()
    )


@transaction.atomic
def answers_confirm(*, actor: Any, assessment: Assessment, questions: list[Question]) -> int:
    """Confirm the carried unit answers of these questions as they stand; returns how many."""
    fresh = (
        Assessment.objects.select_for_update()
        .select_related("unit", "cycle", "framework")
        .get(pk=assessment.pk)
    )
    pending = list(
        Answer.objects.select_for_update()
        .filter(
            assessment=fresh,
            side=Side.UNIT,
            needs_confirmation=True,
            question__in=[q.pk for q in questions],
        )
        .select_related("question")
    )
    refuse_if(
        cycle_rules.confirm_refusal(
            access=access_for(actor, fresh),
            assessment=fresh,
            questions=questions,
            unconfirmed=len(pending),
        ),
        assessment=fresh,
    )
    now = timezone.now()
    with acting_as(actor):
        for a in pending:
            a.needs_confirmation = False
            a.answered_by = actor
            a.answered_at = now
            a.version += 1
            a.save(update_fields=["needs_confirmation", "answered_by", "answered_at", "version"])
        AssessmentEvent.objects.create(
            assessment=fresh,
            actor=actor,
            action=CONFIRMED,
            from_status=fresh.status,
            to_status=fresh.status,
            note=", ".join(a.question.code for a in pending),
        )
    summary_refresh(assessment=fresh, side=Side.UNIT, locked=True)
    return len(pending)


__all__ = ["CycleStartResult", "Refused", "answers_confirm", "cycle_start"]
