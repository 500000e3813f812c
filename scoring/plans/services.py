"""Writes of the rencana aksi: items, their status, notes and evidence links, and the daily
"late" sweep.

Each service takes the acting user, locks the assessment row (and the item it changes), re-checks
its rule (scoring/plans/rules.py) inside the transaction and writes through the models registered
with django-auditlog under zi_portal.audit.acting_as, so every write leaves an audit row with the
actor. A stale edit (the version the form was opened at is not the stored one) raises PlanStale,
which the pages answer with 409.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from areas.models import Indicator, Question
from evidence.models import Evidence
from scoring.plans import rules
from scoring.plans.models import OPEN_STATUSES, PlanEvidence, PlanItem, PlanNote, Status
from scoring.plans.rules import Code
from zi_portal.audit import acting_as
from zi_portal.models import Assessment, Membership
from zi_portal.refusals import Refusal, Refused, refuse_if

EDITABLE_FIELDS = frozenset(
    {
        "indicator",
        "question",
        "step",
        "output",
        "authority",
        "target_answer",
        "points",
        "person",
        "person_name",
        "start_date",
        "due_date",
        "status",
        "cancel_reason",
    }
)


class PlanStale(Refused):
    """The item changed since the form was opened (code plan_stale; the pages answer 409)."""


def _lock_assessment(assessment_id: int) -> Assessment:
    return (
        Assessment.objects.select_for_update(of=("self",))
        .select_related("unit", "unit__parent", "cycle", "framework")
        .get(pk=assessment_id)
    )


def _lock_item(item: PlanItem) -> tuple[Assessment, PlanItem]:
    assessment = _lock_assessment(item.assessment_id)
    locked = (
        PlanItem.objects.select_for_update(of=("self",))
        .select_related("indicator__part__area")
        .get(pk=item.pk)
    )
    locked.assessment = assessment
    return assessment, locked


def _indicator(indicator: Indicator) -> Indicator:
    return Indicator.objects.select_related("part__area").get(pk=indicator.pk)


def _check_item(item: PlanItem) -> None:
    """The item's own consistency: question of its indicator, a unit member, a step, dates,
    a known status, a reason when cancelled."""
    a = item.assessment
    question = item.question if item.question_id is not None else None
    if question is not None and question.indicator_id != item.indicator_id:
        refuse_if(
            Refusal(
                Code.QUESTION_FOREIGN,
                _("Pertanyaan %(code)s bukan bagian dari indikator yang dipilih.")
                % {"code": question.code},
            ),
            assessment=a,
        )
    if (
        item.person_id is not None
        and not Membership.objects.filter(user_id=item.person_id, unit_id=a.unit_id).exists()
    ):
        refuse_if(
            Refusal(Code.PERSON_NOT_MEMBER, _("Penanggung jawab harus anggota unit ini.")),
            assessment=a,
        )
    if not item.step.strip():
        refuse_if(Refusal(Code.STEP_MISSING, _("Langkah aksi wajib diisi.")), assessment=a)
    if item.start_date and item.due_date and item.start_date > item.due_date:
        refuse_if(
            Refusal(Code.DATES_ORDER, _("Tanggal mulai tidak boleh setelah tenggat.")),
            assessment=a,
        )
    if item.status not in Status.values:
        refuse_if(Refusal(Code.STATUS_INVALID, _("Status tidak dikenal.")), assessment=a)
    if item.status == Status.CANCELLED and not item.cancel_reason.strip():
        refuse_if(Refusal(Code.CANCEL_REASON, _("Pembatalan memerlukan alasan.")), assessment=a)


def _apply_status(item: PlanItem, status: str, reason: str) -> None:
    item.status = status
    item.cancel_reason = reason.strip() if status == Status.CANCELLED else ""
    if status == Status.DONE:
        item.done_at = item.done_at or timezone.now()
    else:
        item.done_at = None


@transaction.atomic
def plan_item_create(
    *,
    actor: User,
    assessment: Assessment,
    indicator: Indicator,
    step: str,
    question: Question | None = None,
    output: str = "",
    authority: str = "",
    target_answer: str = "",
    points: Decimal | None = None,
    person: User | None = None,
    person_name: str = "",
    start_date: datetime.date | None = None,
    due_date: datetime.date | None = None,
    status: str = Status.PLANNED,
    cancel_reason: str = "",
) -> PlanItem:
    """A new item of the assessment's plan, for `indicator` (and optionally one question)."""
    locked = _lock_assessment(assessment.pk)
    indicator = _indicator(indicator)
    refuse_if(rules.plan_edit_refusal(actor, locked, indicator), assessment=locked)
    now = timezone.now()
    item = PlanItem(
        assessment=locked,
        indicator=indicator,
        question=question,
        step=step.strip(),
        output=output.strip(),
        authority=authority.strip(),
        target_answer=target_answer,
        points=points,
        person=person,
        person_name=person_name.strip(),
        start_date=start_date,
        due_date=due_date,
        created_by=actor,
        created_at=now,
        updated_at=now,
    )
    _apply_status(item, status, cancel_reason)
    _check_item(item)
    with acting_as(actor):
        item.save()
    return item


@transaction.atomic
def plan_item_update(*, actor: User, item: PlanItem, version: int, **fields: Any) -> PlanItem:
    """Change an item's fields (EDITABLE_FIELDS); `version` is the one the form was opened at."""
    unknown = set(fields) - EDITABLE_FIELDS
    if unknown:
        raise TypeError(f"plan_item_update: unknown fields {sorted(unknown)}")
    assessment, locked = _lock_item(item)
    refuse_if(rules.plan_edit_refusal(actor, assessment, locked.indicator), assessment=assessment)
    if locked.version != version:
        raise PlanStale(
            Refusal(
                Code.STALE,
                _("Butir rencana ini sudah diubah orang lain; muat ulang lalu ulangi perubahan."),
            ),
            assessment=assessment,
        )
    if "indicator" in fields:
        fields["indicator"] = _indicator(fields["indicator"])
        refuse_if(
            rules.plan_edit_refusal(actor, assessment, fields["indicator"]), assessment=assessment
        )
    status = fields.pop("status", locked.status)
    reason = fields.pop("cancel_reason", locked.cancel_reason)
    for name, value in fields.items():
        setattr(locked, name, value.strip() if isinstance(value, str) else value)
    _apply_status(locked, status, reason)
    _check_item(locked)
    locked.version += 1
    locked.updated_at = timezone.now()
    with acting_as(actor):
        locked.save()
    return locked


@transaction.atomic
def plan_item_set_status(*, actor: User, item: PlanItem, status: str, reason: str = "") -> PlanItem:
    """Move an item to `status`; cancelling needs a reason, done records when."""
    assessment, locked = _lock_item(item)
    refuse_if(rules.plan_edit_refusal(actor, assessment, locked.indicator), assessment=assessment)
    _apply_status(locked, status, reason)
    _check_item(locked)
    locked.version += 1
    locked.updated_at = timezone.now()
    with acting_as(actor):
        locked.save(update_fields=["status", "cancel_reason", "done_at", "version", "updated_at"])
    return locked


@transaction.atomic
def plan_note_add(*, actor: User, item: PlanItem, kind: str, text: str) -> PlanNote:
    """A progress note (the item's editors) or a comment (pimpinan, TPI, admin, tim kerja)."""
    assessment, locked = _lock_item(item)
    refuse_if(rules.plan_comment_refusal(actor, locked, kind), assessment=assessment)
    if not text.strip():
        refuse_if(Refusal(Code.NOTE_EMPTY, _("Catatan tidak boleh kosong.")), assessment=assessment)
    with acting_as(actor):
        return PlanNote.objects.create(
            item=locked, kind=kind, text=text.strip(), author=actor, created_at=timezone.now()
        )


def _evidence_of(assessment: Assessment, evidence: Evidence) -> Evidence:
    fresh = Evidence.objects.filter(
        pk=evidence.pk, assessment_id=assessment.pk, deleted_at__isnull=True
    ).first()
    if fresh is None:
        raise Refused(
            Refusal(
                Code.EVIDENCE_FOREIGN,
                _("Hanya bukti dukung penilaian ini yang dapat ditautkan ke rencana aksinya."),
            ),
            assessment=assessment,
        )
    return fresh


@transaction.atomic
def plan_evidence_link(*, actor: User, item: PlanItem, evidence: Evidence) -> PlanEvidence:
    """Link a document of the same assessment to the item (linking twice changes nothing)."""
    assessment, locked = _lock_item(item)
    refuse_if(rules.plan_edit_refusal(actor, assessment, locked.indicator), assessment=assessment)
    fresh = _evidence_of(assessment, evidence)
    existing = PlanEvidence.objects.filter(item=locked, evidence=fresh).first()
    if existing is not None:
        return existing
    with acting_as(actor):
        return PlanEvidence.objects.create(
            item=locked, evidence=fresh, linked_by=actor, linked_at=timezone.now()
        )


@transaction.atomic
def plan_evidence_unlink(*, actor: User, item: PlanItem, evidence: Evidence) -> bool:
    """Remove the link (the document itself stays); False when there was none."""
    assessment, locked = _lock_item(item)
    refuse_if(rules.plan_edit_refusal(actor, assessment, locked.indicator), assessment=assessment)
    link = PlanEvidence.objects.filter(item=locked, evidence_id=evidence.pk).first()
    if link is None:
        return False
    with acting_as(actor):
        link.delete()
    return True


@transaction.atomic
def plan_mark_late(*, today: datetime.date) -> int:
    """Open items (planned, in progress) past their due date become late; returns how many.
    Items of closed assessments stay as they are. Audited without an actor (the system)."""
    due = (
        PlanItem.objects.select_for_update(of=("self",))
        .filter(
            status__in=[s for s in OPEN_STATUSES if s != Status.LATE],
            due_date__lt=today,
        )
        .exclude(assessment__status__in=rules.PLAN_CLOSED_STATUSES)
    )
    n = 0
    now = timezone.now()
    for item in due:
        item.status = Status.LATE
        item.version += 1
        item.updated_at = now
        item.save(update_fields=["status", "version", "updated_at"])
        n += 1
    return n
