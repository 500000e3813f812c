"""Writes of the ZI cycle after the TPI: prerequisite values, quotas, proposals, TPN steps.

Each takes the acting admin, locks what it checks, re-checks its rule (scoring/lifecycle/rules.py)
inside the transaction, leaves audit rows (django-auditlog through acting_as; AssessmentEvent for
every status change) and mails the unit after the commit (scoring/notifications.py, event
"tpn_step").
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence

from django.contrib.auth import get_user_model
from django.contrib.auth.models import User
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from evidence.documents import evidence_add_document
from evidence.models import Evidence
from evidence.storage import discard_file
from evidence.validation import validate_upload
from scoring import notifications
from scoring.lifecycle import rules
from scoring.lifecycle.models import (
    Outcome,
    PrerequisiteValue,
    Proposal,
    ProposalQuota,
    TpnStep,
)
from scoring.lifecycle.prerequisites import instansi_of, prerequisites_for
from scoring.models import AssessmentEvent
from scoring.predicates.models import Predicate
from scoring.predicates.services import predicate_grant
from zi_portal.audit import acting_as
from zi_portal.models import Assessment, Cycle, Role, Unit
from zi_portal.refusals import Refusal, Refused, refuse_if

Status = Assessment.Status


def _source_refusal(*, source: Evidence | None, cycle: Cycle, unit: Unit) -> Refusal | None:
    """A source document is an Evidence of an assessment of this cycle, of the unit (or, for
    an instansi value, of one of its units)."""
    if source is None:
        return None
    owner = source.assessment
    if owner.cycle_id == cycle.pk and (
        owner.unit_id == unit.pk or (unit.parent_id is None and owner.unit.parent_id == unit.pk)
    ):
        return None
    return Refusal(
        rules.Code.SOURCE_FOREIGN,
        _("Dokumen sumber harus dokumen penilaian unit ini pada tahun yang sama."),
    )


@transaction.atomic
def prerequisite_record(
    *,
    actor: User,
    cycle: Cycle,
    unit: Unit,
    kind: str,
    value: str,
    valid_on: datetime.date,
    source: Evidence | None = None,
    note: str = "",
) -> PrerequisiteValue:
    """Record (or correct) one prerequisite value of a unit or an instansi for a cycle."""
    unit = Unit.objects.select_for_update().get(pk=unit.pk)
    refuse_if(rules.lifecycle_admin_refusal(user=actor, unit=unit))
    refuse_if(rules.prerequisite_value_refusal(kind=kind, unit=unit, value=value))
    refuse_if(_source_refusal(source=source, cycle=cycle, unit=unit))
    with acting_as(actor):
        row, _created = PrerequisiteValue.objects.update_or_create(
            cycle=cycle,
            unit=unit,
            kind=kind,
            defaults={
                "value": value.strip(),
                "valid_on": valid_on,
                "source": source,
                "note": note,
                "recorded_by": actor,
                "recorded_at": timezone.now(),
            },
        )
    return row


@transaction.atomic
def quota_set(*, actor: User, cycle: Cycle, instansi: Unit, units: int) -> ProposalQuota:
    """The instansi's number of proposals to TPN for the cycle."""
    refuse_if(rules.lifecycle_admin_refusal(user=actor, unit=instansi))
    with acting_as(actor):
        row, _created = ProposalQuota.objects.update_or_create(
            cycle=cycle, instansi=instansi, defaults={"units": units}
        )
    return row


def proposals_used(*, cycle: Cycle, instansi: Unit) -> int:
    return Proposal.objects.filter(
        assessment__cycle=cycle, assessment__unit__parent=instansi
    ).count()


def _move(*, actor: User, fresh: Assessment, to_status: str, action: str, note: str) -> None:
    from_status = fresh.status
    fresh.status = to_status
    fresh.version += 1
    with acting_as(actor):
        fresh.save(update_fields=["status", "version", "updated_at"])
    AssessmentEvent.objects.create(
        assessment=fresh,
        actor=actor,
        action=action,
        from_status=from_status,
        to_status=to_status,
        note=note,
    )


def _mail_unit(assessment: Assessment, actor: User, step: TpnStep | None) -> None:
    if notifications.is_muted():
        return
    recipients = list(
        get_user_model()
        .objects.filter(
            memberships__unit_id=assessment.unit_id,
            memberships__role__in=[Role.TIM_KERJA, Role.PIMPINAN_UNIT],
            is_active=True,
        )
        .distinct()
        .values_list("pk", flat=True)
    )
    pk, actor_id = assessment.pk, actor.pk
    extra = {
        "happened_on": step.happened_on if step else None,
        "notes": step.notes if step else "",
        "outcome": Outcome(step.outcome).label if step and step.outcome else "",
        "decree_number": step.decree_number if step else "",
        "decree_date": step.decree_date if step else None,
    }
    transaction.on_commit(
        lambda: notifications.send_event(
            event="tpn_step",
            assessment_id=pk,
            actor_id=actor_id,
            recipient_ids=recipients,
            extra=extra,
        )
    )


def _lock(assessment: Assessment) -> Assessment:
    return (
        # of=self: PostgreSQL cannot lock the nullable side of the outer join to unit__parent.
        Assessment.objects.select_for_update(of=("self",))
        .select_related("unit", "unit__parent", "cycle")
        .get(pk=assessment.pk)
    )


@transaction.atomic
def assessment_propose(
    *, actor: User, assessment: Assessment, predicate: str, on: datetime.date | None = None
) -> Proposal:
    """Propose a unit evaluated "layak" for WBK or WBBM, within its instansi's quota."""
    on = on or timezone.localdate()
    fresh = _lock(assessment)
    refuse_if(rules.lifecycle_admin_refusal(user=actor, unit=fresh.unit), assessment=fresh)
    instansi = instansi_of(fresh.unit)
    # The quota row is the instansi's lock: two admins proposing at once are counted in turn.
    quota = (
        ProposalQuota.objects.select_for_update()
        .filter(cycle=fresh.cycle, instansi=instansi)
        .first()
    )
    results = prerequisites_for(cycle=fresh.cycle, unit=fresh.unit, predicate=predicate, on=on)
    refuse_if(
        rules.propose_refusal(
            assessment=fresh,
            quota=quota.units if quota else None,
            used=proposals_used(cycle=fresh.cycle, instansi=instansi),
            results=results,
        ),
        assessment=fresh,
    )
    with acting_as(actor):
        proposal = Proposal.objects.create(assessment=fresh, predicate=predicate, proposed_by=actor)
        step = TpnStep.objects.create(
            assessment=fresh,
            stage=Status.PROPOSED,
            happened_on=on,
            notes="",
            recorded_by=actor,
        )
    _move(
        actor=actor, fresh=fresh, to_status=Status.PROPOSED, action="tpn_proposed", note=predicate
    )
    _mail_unit(fresh, actor, step)
    return proposal


@transaction.atomic
def tpn_step_record(
    *,
    actor: User,
    assessment: Assessment,
    stage: str,
    happened_on: datetime.date,
    notes: str = "",
    letter_number: str = "",
    documents: Sequence[Evidence] = (),
    outcome: str = "",
    decree_number: str = "",
    decree_date: datetime.date | None = None,
    uploads: Sequence[UploadedFile] = (),
) -> TpnStep:
    """Record the next TPN stage (pra-evaluasi, desk, field, decision, closing) of a proposal.

    `uploads` (a TPN letter, field-visit minutes) become assessment-level documents of the
    assessment (evidence/documents.py) linked to the step; every file is content-checked before
    any is stored, and a step that fails afterwards deletes the files it had stored."""
    fresh = _lock(assessment)
    refuse_if(rules.lifecycle_admin_refusal(user=actor, unit=fresh.unit), assessment=fresh)
    refuse_if(rules.tpn_step_refusal(assessment=fresh, stage=stage), assessment=fresh)
    proposal = Proposal.objects.get(assessment=fresh)
    if stage == Status.DECIDED:
        refuse_if(
            rules.tpn_decision_refusal(
                assessment=fresh,
                outcome=outcome,
                predicate=proposal.predicate,
                decree_number=decree_number,
                has_date=decree_date is not None,
            ),
            assessment=fresh,
        )
    foreign = [d for d in documents if d.assessment_id != fresh.pk]
    if foreign:
        raise Refused(
            Refusal(rules.Code.SOURCE_FOREIGN, _("Dokumen harus dokumen penilaian ini.")),
            assessment=fresh,
        )
    for upload in uploads:
        validate_upload(upload)  # a hostile file refuses the whole step before anything is stored
    added: list[Evidence] = []
    try:
        for upload in uploads:
            added.append(evidence_add_document(actor=actor, assessment=fresh, upload=upload))
        return _record_step(
            actor=actor,
            fresh=fresh,
            stage=stage,
            happened_on=happened_on,
            notes=notes,
            letter_number=letter_number,
            documents=[*documents, *added],
            outcome=outcome,
            decree_number=decree_number,
            decree_date=decree_date,
        )
    except BaseException:
        for evidence in added:
            if evidence.current_revision is not None:
                discard_file(evidence.current_revision.file.name)
        raise


def _record_step(
    *,
    actor: User,
    fresh: Assessment,
    stage: str,
    happened_on: datetime.date,
    notes: str,
    letter_number: str,
    documents: Sequence[Evidence],
    outcome: str,
    decree_number: str,
    decree_date: datetime.date | None,
) -> TpnStep:
    decided = stage == Status.DECIDED
    with acting_as(actor):
        step = TpnStep.objects.create(
            assessment=fresh,
            stage=stage,
            happened_on=happened_on,
            notes=notes,
            letter_number=letter_number,
            outcome=outcome if decided else "",
            decree_number=decree_number if decided else "",
            decree_date=decree_date if decided else None,
            recorded_by=actor,
        )
        step.documents.set(documents)
    _move(actor=actor, fresh=fresh, to_status=stage, action=f"tpn_{stage}", note=notes)
    if decided:
        _decide(actor=actor, assessment=fresh, step=step)
    _mail_unit(fresh, actor, step)
    return step


def _decide(*, actor: User, assessment: Assessment, step: TpnStep) -> Predicate:
    """The decision as a record of the unit's predicate history (scoring/predicates): a grant
    with its decree, or "not granted" dated by its letter (the decree date, else the step's)."""
    return predicate_grant(
        actor=actor,
        unit=assessment.unit,
        kind=step.outcome,
        decree_number=step.decree_number,
        decree_date=step.decree_date or step.happened_on,
        assessment=assessment,
    )
