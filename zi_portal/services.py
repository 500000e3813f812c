"""Writes of the organisation spine that belong to one person: their e-mail preferences."""

from __future__ import annotations

import datetime
from typing import Any

from django.conf import settings
from django.db import transaction

from zi_portal.audit import acting_as
from zi_portal.models import NotificationPreference


def _locked_preference(user_id: int) -> NotificationPreference:
    NotificationPreference.objects.get_or_create(user_id=user_id)
    return NotificationPreference.objects.select_for_update().get(user_id=user_id)


@transaction.atomic
def preference_set(*, actor: Any, daily_digest: bool, language: str) -> NotificationPreference:
    """The person's own choices: the daily digest on or off, and the language of e-mails."""
    if language not in dict(settings.LANGUAGES):
        raise ValueError(f"unknown language {language!r}")
    with acting_as(actor):
        pref = _locked_preference(actor.pk)
        pref.daily_digest = daily_digest
        pref.language = language
        pref.save(update_fields=["daily_digest", "language"])
    return pref


@transaction.atomic
def digest_claim(*, user_id: int, day: datetime.date) -> bool:
    """Claim today's digest of this person: True once per day while the digest is on, and the
    day is recorded before the mail goes out, so two runs on the same day never both send."""
    pref = _locked_preference(user_id)
    if not pref.daily_digest or pref.digest_sent_on == day:
        return False
    pref.digest_sent_on = day
    pref.save(update_fields=["digest_sent_on"])
    return True
