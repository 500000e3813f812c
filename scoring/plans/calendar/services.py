"""The only writers of feed addresses: create (the token is returned once), revoke, mark used."""

from __future__ import annotations

import datetime

from django.contrib.auth.models import User
from django.db import transaction

from scoring.plans.calendar.models import CalendarFeedToken
from scoring.plans.calendar.rules import feed_create_refusal
from scoring.plans.calendar.tokens import feed_token_digest, feed_token_new
from zi_portal.audit import acting_as
from zi_portal.refusals import refuse_if
from zi_portal.secret_tokens import secret_token_revoke, secret_token_touch

# A calendar app polls the feed every few minutes to hours: the last-used time is written at most
# once an hour per address, not on every read.
TOUCH_EVERY = datetime.timedelta(hours=1)


@transaction.atomic
def feed_token_create(*, actor: User, name: str = "") -> tuple[CalendarFeedToken, str]:
    """A new feed address of the actor; returns the row and the token, which is never stored."""
    # The user row is the lock: two creations at once cannot both pass the count.
    User.objects.select_for_update().filter(pk=actor.pk).first()
    active = CalendarFeedToken.objects.filter(user=actor, revoked_at__isnull=True).count()
    refuse_if(feed_create_refusal(user=actor, active=active))
    prefix, token = feed_token_new()
    row = CalendarFeedToken(
        user=actor,
        name=(name or "").strip()[:100] or "Kalender ZI",
        prefix=prefix,
        digest=feed_token_digest(token),
    )
    with acting_as(actor):
        row.save()
    return row, token


def feed_token_revoke(*, actor: User, token: CalendarFeedToken) -> CalendarFeedToken:
    """Revoke one of the actor's feed addresses (found with feed_token_get_for_user)."""
    return secret_token_revoke(actor=actor, token=token)


def feed_token_touch(*, token: CalendarFeedToken) -> None:
    """Record that the address was read now (at most once an hour; no audit entry)."""
    secret_token_touch(token=token, every=TOUCH_EVERY)
