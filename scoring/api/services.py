"""The only writers of API tokens: create (the token is returned once), revoke, mark as used."""

from __future__ import annotations

import datetime

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from scoring.api.models import ApiToken
from scoring.api.tokens import token_digest, token_new
from zi_portal.audit import acting_as
from zi_portal.secret_tokens import secret_token_revoke, secret_token_touch

MAX_ACTIVE_TOKENS = 20
# The last-used time is written at most once a minute per token, not on every request.
TOUCH_EVERY = datetime.timedelta(minutes=1)


@transaction.atomic
def token_create(*, actor: User, name: str) -> tuple[ApiToken, str]:
    """A new token of the actor; returns the row and the token, which is never stored."""
    name = (name or "").strip()
    if not name:
        raise ValidationError(_("Beri nama token, mis. nama sistem yang memakainya."))
    # The user row is the lock: two creations at once cannot both pass the count.
    User.objects.select_for_update().filter(pk=actor.pk).first()
    if ApiToken.objects.filter(user=actor, revoked_at__isnull=True).count() >= MAX_ACTIVE_TOKENS:
        raise ValidationError(
            _("Paling banyak %(n)s token aktif; cabut token yang tidak dipakai lagi.")
            % {"n": MAX_ACTIVE_TOKENS}
        )
    prefix, token = token_new()
    row = ApiToken(user=actor, name=name[:100], prefix=prefix, digest=token_digest(token))
    with acting_as(actor):
        row.save()
    return row, token


def token_revoke(*, actor: User, token: ApiToken) -> ApiToken:
    """Revoke one of the actor's tokens (the caller found it with token_get_for_user)."""
    return secret_token_revoke(actor=actor, token=token)


def token_touch(*, token: ApiToken) -> None:
    """Record that the token was used now (at most once a minute; no audit entry)."""
    secret_token_touch(token=token, every=TOUCH_EVERY)
