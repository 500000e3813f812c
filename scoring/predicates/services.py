"""Writes of the predicate history: a decision recorded (`predicate_grant`), a grant revoked
(`predicate_revoke`).

Each takes the acting admin, locks the unit, re-checks its rule (scoring/predicates/rules.py)
inside the transaction, leaves audit rows (django-auditlog through acting_as, plus an
AssessmentEvent when the decision belongs to an assessment) and writes the unit's copy through
(`Unit.holds_wbk`, `Unit.predicate`, `Unit.predicate_date`) in the same transaction, so every
reader of holds_wbk follows the history; a change of holds_wbk rewrites the stored score
summaries of every assessment of the unit (scoring.summaries) in that transaction too.
"""

from __future__ import annotations

import datetime

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone

from scoring.models import AssessmentEvent
from scoring.predicates import rules
from scoring.predicates.models import Predicate
from scoring.predicates.selectors import current_predicate
from scoring.summaries import summaries_refresh
from zi_portal.audit import acting_as
from zi_portal.models import Assessment, Unit
from zi_portal.refusals import refuse_if


def unit_predicate_sync(*, actor: User | None, unit: Unit) -> Unit:
    """Write the history's answer onto the unit (call with the unit locked, inside a
    transaction); saves only when something changed."""
    today = timezone.localdate()
    current = current_predicate(unit, today)
    fields = {
        "holds_wbk": current is not None,
        "predicate": current.kind if current else "",
        "predicate_date": current.decree_date if current else None,
    }
    changed = [name for name, value in fields.items() if getattr(unit, name) != value]
    if changed:
        for name in changed:
            setattr(unit, name, fields[name])
        with acting_as(actor):
            unit.save(update_fields=changed)
    if "holds_wbk" in changed:  # a prior WBK changes the WBBM verdict of every assessment
        summaries_refresh(
            assessments=Assessment.objects.filter(unit=unit).values_list("pk", flat=True)
        )
    return unit


@transaction.atomic
def predicate_grant(
    *,
    actor: User,
    unit: Unit,
    kind: str,
    decree_number: str,
    decree_date: datetime.date | None,
    assessment: Assessment | None = None,
) -> Predicate:
    """Record a decision on the unit's predicate: WBK, WBBM, or not granted, with its decree."""
    locked = Unit.objects.select_for_update(of=("self",)).select_related("parent").get(pk=unit.pk)
    refuse_if(rules.predicate_admin_refusal(user=actor, unit=locked), assessment=assessment)
    refuse_if(
        rules.predicate_grant_refusal(
            unit=locked,
            kind=kind,
            decree_number=decree_number,
            decree_date=decree_date,
            assessment=assessment,
            today=timezone.localdate(),
        ),
        assessment=assessment,
    )
    with acting_as(actor):
        row = Predicate.objects.create(
            unit=locked,
            kind=kind,
            decree_number=decree_number.strip(),
            decree_date=decree_date,
            assessment=assessment,
            cycle_id=assessment.cycle_id if assessment is not None else None,
            granted_by=actor,
        )
    if assessment is not None:
        AssessmentEvent.objects.create(
            assessment=assessment,
            actor=actor,
            action="predicate_granted",
            note=f"{kind} {row.decree_number}".strip(),
        )
    unit_predicate_sync(actor=actor, unit=locked)
    _copy_back(unit, locked)
    return row


@transaction.atomic
def predicate_revoke(*, actor: User, predicate: Predicate, reason: str) -> Predicate:
    """Revoke a grant (re-evaluation not passed, decree withdrawn...), with the reason."""
    locked = (
        Unit.objects.select_for_update(of=("self",))
        .select_related("parent")
        .get(pk=predicate.unit_id)
    )
    row = Predicate.objects.select_for_update().get(pk=predicate.pk)
    refuse_if(rules.predicate_admin_refusal(user=actor, unit=locked))
    refuse_if(rules.predicate_revoke_refusal(predicate=row, reason=reason))
    row.revoked_at = timezone.now()
    row.revoked_by = actor
    row.revoke_reason = reason.strip()
    with acting_as(actor):
        row.save(update_fields=["revoked_at", "revoked_by", "revoke_reason"])
    if row.assessment_id is not None:
        AssessmentEvent.objects.create(
            assessment_id=row.assessment_id,
            actor=actor,
            action="predicate_revoked",
            note=row.revoke_reason,
        )
    unit_predicate_sync(actor=actor, unit=locked)
    for name in ("revoked_at", "revoked_by", "revoke_reason"):
        setattr(predicate, name, getattr(row, name))
    return row


def _copy_back(unit: Unit, locked: Unit) -> None:
    """The caller's unit object sees the written-through copy too."""
    for name in ("holds_wbk", "predicate", "predicate_date"):
        setattr(unit, name, getattr(locked, name))
