"""Writes of the unit's surveys: open a period, take a public response, set B.I.a / B.II.a.

Every service is keyword-only, atomic, locks the row it checks and re-checks its rule inside the
transaction (docs/rules.md, the survey_* codes).
"""

from __future__ import annotations

import datetime
import hashlib
import hmac
import secrets
from collections.abc import Mapping
from datetime import timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from scoring.models import Answer
from scoring.services.answers import answer_save
from scoring.surveys import rules
from scoring.surveys.instrument import instrument
from scoring.surveys.models import SurveyPeriod, SurveyResponse
from scoring.surveys.presenters import source_note
from scoring.surveys.selectors import result_for
from zi_portal.audit import acting_as
from zi_portal.models import Assessment, Unit
from zi_portal.refusals import refuse_if

# Responses accepted from one client address per period and hour (a service counter's kiosk
# shares one address, so the limit is generous); settings.SURVEY_RESPONSES_PER_IP_HOUR overrides.
RESPONSES_PER_IP_HOUR = 40


def quarter_of(day: datetime.date) -> tuple[datetime.date, datetime.date, str]:
    """The calendar quarter holding ``day``: (first day, last day, label such as 2026-T4)."""
    q = (day.month - 1) // 3
    start = datetime.date(day.year, 3 * q + 1, 1)
    nxt = datetime.date(day.year + (q == 3), (3 * q + 3) % 12 + 1, 1)
    return start, nxt - timedelta(days=1), f"{day.year}-T{q + 1}"


def ip_hash(address: str) -> str:
    """A keyed hash of the client address: enough to count, useless to identify."""
    key = settings.SECRET_KEY.encode()
    return hmac.new(key, f"survey-ip:{address}".encode(), hashlib.sha256).hexdigest()


@transaction.atomic
def survey_period_create(
    *,
    actor: User,
    unit: Unit,
    day: datetime.date,
    points: int | None = None,
) -> SurveyPeriod:
    """Open the quarter holding ``day`` for ``unit`` (the current instrument, its defaults)."""
    locked = Unit.objects.select_for_update().get(pk=unit.pk)
    refuse_if(rules.survey_manage_refusal(user=actor, unit=locked))
    inst = instrument()
    points = points or inst.default_points
    if points not in inst.supported_points:
        raise ValidationError(_("Skala %(points)s butir tidak didukung.") % {"points": points})
    start, end, label = quarter_of(day)
    if SurveyPeriod.objects.filter(unit=locked, starts_on=start).exists():
        raise ValidationError(_("Periode %(label)s sudah ada.") % {"label": label})
    with acting_as(actor):
        return SurveyPeriod.objects.create(
            unit=locked,
            label=label,
            starts_on=start,
            ends_on=end,
            code=secrets.token_urlsafe(6).replace("_", "x").replace("-", "y").lower(),
            instrument_version=inst.version,
            points=points,
            min_respondents=inst.min_respondents,
            created_by=actor,
        )


@transaction.atomic
def survey_response_submit(
    *,
    period: SurveyPeriod,
    answers: Mapping[str, int],
    profile: Mapping[str, str],
    address: str,
    answered_before: bool,
    now: datetime.datetime | None = None,
) -> SurveyResponse:
    """Record one anonymous response; Refused when closed, answered already or rate-limited."""
    now = now or timezone.now()
    locked = SurveyPeriod.objects.select_for_update().get(pk=period.pk)
    refuse_if(rules.survey_response_refusal(period=locked, today=timezone.localdate(now)))
    refuse_if(rules.survey_duplicate_refusal(answered_before=answered_before))
    hashed = ip_hash(address)
    recent = SurveyResponse.objects.filter(
        period=locked, ip_hash=hashed, created_at__gte=now - timedelta(hours=1)
    ).count()
    limit = int(getattr(settings, "SURVEY_RESPONSES_PER_IP_HOUR", RESPONSES_PER_IP_HOUR))
    refuse_if(rules.survey_rate_refusal(recent=recent, limit=limit))
    keys = instrument(locked.instrument_version).all_item_keys
    if set(answers) != set(keys) or any(not 1 <= v <= locked.points for v in answers.values()):
        raise ValidationError(_("Semua butir harus dijawab pada skala yang tersedia."))
    return SurveyResponse.objects.create(
        period=locked,
        answers={k: int(answers[k]) for k in keys},
        service=profile.get("service", "")[:80],
        age_band=profile.get("age_band", ""),
        education=profile.get("education", ""),
        source=SurveyResponse.Source.WEB,
        ip_hash=hashed,
    )


@transaction.atomic
def survey_apply(
    *,
    actor: User,
    period: SurveyPeriod,
    survey_key: str,
    assessment: Assessment,
    side: str,
) -> Answer:
    """Set B.I.a (SPAK) or B.II.a (SPKP) from the period's index, through answer_save.

    The answer's note records the source (period, n, interval) and says it is an internal
    estimate; answer_save checks whether the person may write that answer now.
    """
    block = result_for(period, survey_key)
    res = block.result
    refuse_if(rules.survey_apply_refusal(period=period, unit_id=assessment.unit_id, n=res.n))
    assert res.index is not None  # noqa: S101 - n > 0 above
    question = assessment.framework.questions.get(code=block.survey.question_code)
    current = Answer.objects.filter(assessment=assessment, question=question, side=side).first()
    return answer_save(
        actor=actor,
        assessment=assessment,
        question=question,
        side=side,
        index_value=res.index.quantize(Decimal("0.001"), rounding=ROUND_HALF_UP),
        note=source_note(period=period, block=block),
        expected_version=current.version if current else None,
    )


@transaction.atomic
def survey_publish(*, actor: User, period: SurveyPeriod, public: bool) -> SurveyPeriod:
    """Show (or hide) the period's results on its public page /s/<code>/hasil/."""
    locked = SurveyPeriod.objects.select_for_update().select_related("unit").get(pk=period.pk)
    refuse_if(rules.survey_manage_refusal(user=actor, unit=locked.unit))
    locked.public_results = public
    with acting_as(actor):
        locked.save(update_fields=["public_results"])
    return locked
