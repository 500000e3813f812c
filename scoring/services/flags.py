"""Writes of a review flag after the return: the unit's reply, the TPI's acceptance.

The TPI writes a flag and may withdraw it before the return (scoring/services/workflow.py:
question_flag, question_flag_withdraw); the return sends it to the unit. In revision the unit's
tim kerja replies (what it fixed); the resubmission leaves the flag open; while reviewing again
the TPI accepts it (closed, outcome accepted) or leaves it open. Each write locks the assessment
and the flag, checks its rule (scoring/rules.py) on them and is audited with its actor.
"""

from __future__ import annotations

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from evidence.models import ReviewFlag
from scoring import rules as scoring_rules
from scoring.services.answers import _lock_assessment, _start_review, _sync
from zi_portal.access import access_for
from zi_portal.audit import acting_as
from zi_portal.models import Assessment
from zi_portal.refusals import refuse_if

REPLY_MAX = 2000


def _locked_flag(assessment: Assessment, flag: ReviewFlag) -> tuple[Assessment, ReviewFlag]:
    fresh = _lock_assessment(assessment)
    if flag.assessment_id != fresh.pk:
        raise ValidationError(_("Catatan perbaikan ini bukan milik penilaian ini."))
    locked = ReviewFlag.objects.select_for_update().select_related("question").get(pk=flag.pk)
    return fresh, locked


@transaction.atomic
def flag_reply(*, actor: User, assessment: Assessment, flag: ReviewFlag, reply: str) -> ReviewFlag:
    """The tim kerja writes (or rewrites) its reply to an open flag while revising."""
    fresh, locked = _locked_flag(assessment, flag)
    refuse_if(
        scoring_rules.flag_reply_refusal(
            access=access_for(actor, fresh), assessment=fresh, flag=locked
        ),
        assessment=fresh,
    )
    text = (reply or "").strip()
    if not text:
        raise ValidationError(_("Tuliskan apa yang sudah diperbaiki."))
    if len(text) > REPLY_MAX:
        raise ValidationError(_("Balasan paling panjang %(n)s karakter.") % {"n": REPLY_MAX})
    with acting_as(actor):
        locked.reply, locked.replied_by, locked.replied_at = text, actor, timezone.now()
        locked.save(update_fields=["reply", "replied_by", "replied_at"])
    return locked


@transaction.atomic
def flag_accept(*, actor: User, assessment: Assessment, flag: ReviewFlag) -> ReviewFlag:
    """The TPI accepts the unit's revision of a returned flag: the flag is closed, accepted."""
    fresh, locked = _locked_flag(assessment, flag)
    refuse_if(
        scoring_rules.flag_accept_refusal(
            access=access_for(actor, fresh), assessment=fresh, flag=locked
        ),
        assessment=fresh,
    )
    with acting_as(actor):
        locked.resolved_at, locked.resolved_by = timezone.now(), actor
        locked.outcome = ReviewFlag.Outcome.ACCEPTED
        locked.save(update_fields=["resolved_at", "resolved_by", "outcome"])
        if fresh.status == Assessment.Status.SUBMITTED:
            _start_review(actor=actor, assessment=fresh)
    _sync(assessment, fresh)
    return locked
