"""Writes of the review workflow: sign-off, submit, flags, return, finalise, window extensions.

Each step claims the assessment at the version the person saw (AssessmentConflict otherwise),
checks its rule (scoring/rules.py) on that locked row and raises Refused when it says no, moves
it, writes the event and, for submit and finalise, the snapshot; e-mails go out after the commit.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from typing import Any

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from areas.models import Question
from evidence.models import EvidenceAttachment, ReviewFlag
from scoring import notifications
from scoring import rules as scoring_rules
from scoring.models import Answer, AssessmentEvent, Side, Snapshot
from scoring.selectors.changes import finalise_pending
from scoring.selectors.scores import assessment_scores
from scoring.services.answers import (
    _claim_assessment,
    _lock_assessment,
    _move,
    _start_review,
    _sync,
)
from zi_portal.access import access_for
from zi_portal.audit import acting_as
from zi_portal.models import Assessment, Phase, Role, WindowExtension
from zi_portal.refusals import refuse_if

Status = Assessment.Status
FINALISE_UNCONFIRMED = "finalise_unconfirmed"


def _open_flags(assessment: Assessment) -> Any:
    return ReviewFlag.objects.filter(assessment=assessment, resolved_at__isnull=True)


def _unit_members(assessment: Assessment, *roles: str) -> list[Any]:
    from django.contrib.auth import get_user_model

    return list(
        get_user_model()
        .objects.filter(
            memberships__unit_id=assessment.unit_id, memberships__role__in=roles, is_active=True
        )
        .distinct()
    )


def _reviewers(assessment: Assessment) -> list[Any]:
    from django.contrib.auth import get_user_model

    return list(
        get_user_model()
        .objects.filter(
            review_assignments__unit_id=assessment.unit_id,
            review_assignments__cycle_id=assessment.cycle_id,
            is_active=True,
        )
        .distinct()
    )


def _notify_on_commit(
    event: str, assessment: Assessment, actor: Any, recipients: list[Any], **extra: Any
) -> None:
    if notifications.is_muted():  # decided now: the commit may happen outside the mute
        return
    pk = assessment.pk
    ids = [u.pk for u in recipients]
    actor_id = actor.pk if actor is not None else None
    transaction.on_commit(
        lambda: notifications.send_event(
            event=event, assessment_id=pk, actor_id=actor_id, recipient_ids=ids, extra=extra
        )
    )


@transaction.atomic
def assessment_sign_off(
    *, actor: User, assessment: Assessment, expected_version: int
) -> Assessment:
    """The pimpinan unit approves the current state for submission."""
    fresh = _claim_assessment(assessment, expected_version)
    refuse_if(
        scoring_rules.sign_off_refusal(access=access_for(actor, fresh), assessment=fresh),
        assessment=fresh,
    )
    _move(
        actor=actor,
        fresh=fresh,
        to_status=fresh.status,
        action="sign_off",
        fields={"signed_off_by": actor, "signed_off_at": timezone.now()},
    )
    _notify_on_commit("sign_off", fresh, actor, _unit_members(fresh, Role.TIM_KERJA))
    _sync(assessment, fresh)
    return assessment


def snapshot_data(assessment: Assessment) -> dict[str, Any]:
    """The frozen state: both sides' answers, their scores and evidence hashes per question."""
    answers: dict[str, dict[str, Any]] = {Side.UNIT: {}, Side.TPI: {}}
    for a in (
        Answer.objects.counted()
        .filter(assessment=assessment)
        .select_related("question", "answered_by")
    ):
        answers[a.side][a.question.code] = {
            "choice": a.choice or None,
            "counts": a.counts or None,
            "index": None if a.index_value is None else str(a.index_value),
            "note": a.note,
            "version": a.version,
            "answered_by": a.answered_by.get_username() if a.answered_by else None,
            "answered_at": a.answered_at.isoformat(),
        }
    scores = {
        side: result.to_dict() for side, result in assessment_scores(assessment=assessment).items()
    }
    evidence: dict[str, list[str]] = defaultdict(list)
    rows = (
        EvidenceAttachment.objects.filter(
            evidence__assessment=assessment, evidence__deleted_at__isnull=True
        )
        .select_related("question", "evidence", "evidence__current_revision")
        .order_by("question__position", "evidence_id")
    )
    for att in rows:
        ev = att.evidence
        rev = ev.current_revision
        evidence[att.question.code].append(
            rev.sha256 if rev is not None and rev.sha256 else f"link:{ev.url}"
        )
    return {
        "status": assessment.status,
        "version": assessment.version,
        "answers": answers,
        "scores": scores,
        "evidence": dict(evidence),
    }


@transaction.atomic
def assessment_submit(*, actor: User, assessment: Assessment, expected_version: int) -> Snapshot:
    """Tim kerja submits to the TPI: snapshot, unit side locked. Open flags stay open: the TPI
    accepts each (scoring/services/flags.py) or leaves it open."""
    fresh = _claim_assessment(assessment, expected_version)
    refuse_if(
        scoring_rules.submit_refusal(access=access_for(actor, fresh), assessment=fresh),
        assessment=fresh,
    )
    was = fresh.status
    _move(
        actor=actor,
        fresh=fresh,
        to_status=Status.SUBMITTED,
        action="resubmit" if was == Status.REVISION else "submit",
    )
    snap = Snapshot.objects.create(
        assessment=fresh, kind=Snapshot.Kind.SUBMITTED, data=snapshot_data(fresh), created_by=actor
    )
    _notify_on_commit(
        "submit",
        fresh,
        actor,
        _reviewers(fresh) + _unit_members(fresh, Role.PIMPINAN_UNIT),
    )
    _sync(assessment, fresh)
    return snap


@transaction.atomic
def question_flag(
    *, actor: User, assessment: Assessment, question: Question, note: str
) -> ReviewFlag:
    """The TPI marks a question "perlu perbaikan" with a note (one open flag per question)."""
    fresh = _lock_assessment(assessment)
    refuse_if(
        scoring_rules.flag_refusal(access=access_for(actor, fresh), assessment=fresh),
        assessment=fresh,
    )
    note = (note or "").strip()
    if not note:
        raise ValidationError(_("Tuliskan catatan perbaikan untuk unit."))
    if question.framework_id != fresh.framework_id:
        raise ValidationError(_("Pertanyaan ini bukan bagian dari kerangka penilaian ini."))
    if _open_flags(fresh).filter(question=question).exists():
        raise ValidationError(_("Pertanyaan ini sudah ditandai perlu perbaikan."))
    with acting_as(actor):
        flag = ReviewFlag.objects.create(
            assessment=fresh, question=question, note=note, created_by=actor
        )
        if fresh.status == Status.SUBMITTED:
            _start_review(actor=actor, assessment=fresh)
    _sync(assessment, fresh)
    return flag


@transaction.atomic
def question_flag_withdraw(*, actor: User, assessment: Assessment, flag: ReviewFlag) -> ReviewFlag:
    """The TPI withdraws an open flag of this review before the return sends it to the unit
    (outcome withdrawn; a returned flag is accepted or stays open, code flag_already_returned)."""
    fresh = _lock_assessment(assessment)
    if flag.assessment_id != fresh.pk:
        raise ValidationError(_("Catatan perbaikan ini sudah tidak terbuka."))
    flag = ReviewFlag.objects.select_for_update().select_related("question").get(pk=flag.pk)
    refuse_if(
        scoring_rules.flag_withdraw_refusal(
            access=access_for(actor, fresh), assessment=fresh, flag=flag
        ),
        assessment=fresh,
    )
    with acting_as(actor):
        flag.resolved_at, flag.resolved_by = timezone.now(), actor
        flag.outcome = ReviewFlag.Outcome.WITHDRAWN
        flag.save(update_fields=["resolved_at", "resolved_by", "outcome"])
    return flag


@transaction.atomic
def assessment_return(*, actor: User, assessment: Assessment, expected_version: int) -> Assessment:
    """The TPI returns the assessment for revision; only flagged questions reopen."""
    fresh = _claim_assessment(assessment, expected_version)
    refuse_if(
        scoring_rules.return_refusal(access=access_for(actor, fresh), assessment=fresh),
        assessment=fresh,
    )
    codes = list(
        _open_flags(fresh).order_by("question__position").values_list("question__code", flat=True)
    )
    with acting_as(actor):
        for flag in _open_flags(fresh).filter(returned_at__isnull=True):
            flag.returned_at = timezone.now()
            flag.save(update_fields=["returned_at"])
    _move(
        actor=actor,
        fresh=fresh,
        to_status=Status.REVISION,
        action="return",
        note=", ".join(codes),
        fields={"signed_off_by": None, "signed_off_at": None},
    )
    _notify_on_commit(
        "return",
        fresh,
        actor,
        _unit_members(fresh, Role.TIM_KERJA, Role.PIMPINAN_UNIT),
        codes=codes,
    )
    _sync(assessment, fresh)
    return assessment


@transaction.atomic
def assessment_finalise(
    *,
    actor: User,
    assessment: Assessment,
    expected_version: int,
    recommendation: str,
    recommendation_text: str,
    confirm_unreviewed: bool = False,
) -> Snapshot:
    """The TPI finalises: recommendation, snapshot kind evaluated, status evaluated.

    While questions the unit revised have no TPI answer since the latest submission, or flags
    the unit had stay open, finalising needs confirm_unreviewed (ValidationError with code
    finalise_unconfirmed naming them otherwise); the confirmation is kept as an event naming
    them, and the open flags stay open on the record.
    """
    fresh = _claim_assessment(assessment, expected_version)
    refuse_if(
        scoring_rules.finalise_refusal(access=access_for(actor, fresh), assessment=fresh),
        assessment=fresh,
    )
    allowed = {Assessment.Recommendation.LAYAK, Assessment.Recommendation.BELUM_LAYAK}
    if recommendation not in allowed:
        raise ValidationError(_("Pilih rekomendasi: layak atau belum layak diusulkan ke TPN."))
    text = (recommendation_text or "").strip()
    if not text:
        raise ValidationError(_("Tuliskan uraian rekomendasi TPI."))
    pending = finalise_pending(fresh)
    if pending.any and not confirm_unreviewed:
        raise ValidationError(pending.message(), code=FINALISE_UNCONFIRMED)
    if pending.any:
        AssessmentEvent.objects.create(
            assessment=fresh,
            actor=actor,
            action="finalise_confirmed",
            from_status=fresh.status,
            to_status=fresh.status,
            note=pending.note(),
        )
    _move(
        actor=actor,
        fresh=fresh,
        to_status=Status.EVALUATED,
        action="finalise",
        note=text,
        fields={"recommendation": recommendation, "recommendation_text": text},
    )
    snap = Snapshot.objects.create(
        assessment=fresh, kind=Snapshot.Kind.EVALUATED, data=snapshot_data(fresh), created_by=actor
    )
    _notify_on_commit(
        "finalise", fresh, actor, _unit_members(fresh, Role.TIM_KERJA, Role.PIMPINAN_UNIT)
    )
    _sync(assessment, fresh)
    return snap


@transaction.atomic
def window_extend(
    *,
    actor: User,
    assessment: Assessment,
    phase: str,
    new_end: datetime.date,
    reason: str,
) -> WindowExtension:
    """An admin extends one phase window for this assessment's unit, with a reason.

    The assessment row is locked, so two admins extending at once are checked one after the
    other against the window the first one set; the extension is audited with its actor.
    """
    fresh = _lock_assessment(assessment)
    refuse_if(
        scoring_rules.window_extend_refusal(access=access_for(actor, fresh)), assessment=fresh
    )
    if phase not in Phase.values:
        raise ValidationError(_("Tahap jadwal tidak dikenal."))
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_("Alasan perpanjangan wajib diisi."))
    if new_end < timezone.localdate():
        raise ValidationError(_("Tanggal akhir baru tidak boleh sebelum hari ini."))
    if new_end <= assessment.window_end(phase):
        raise ValidationError(
            _("Tanggal akhir baru harus sesudah jadwal yang berlaku (%(date)s).")
            % {"date": date_format(assessment.window_end(phase), "j F Y")}
        )
    ext = WindowExtension(
        cycle=assessment.cycle,
        unit=assessment.unit,
        phase=phase,
        new_end=new_end,
        reason=reason,
        granted_by=actor,
    )
    ext.full_clean()
    with acting_as(actor):
        ext.save()
    AssessmentEvent.objects.create(
        assessment=assessment,
        actor=actor,
        action="window_extended",
        from_status=assessment.status,
        to_status=assessment.status,
        note=f"{Phase(phase).label}: {new_end.isoformat()} - {reason}",
    )
    return ext
