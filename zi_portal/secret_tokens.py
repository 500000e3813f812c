"""What a personal secret address or token keeps (the API tokens, the calendar feed addresses):
a prefix to find the row and the sha256 of the secret, which itself is shown once and never
stored; and the revoke and "last used" writes they share."""

from __future__ import annotations

import datetime
from typing import TypeVar

from django.contrib.auth.models import User
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from zi_portal.audit import acting_as


class SecretToken(models.Model):
    """The shared columns; each concrete model adds its `user` with its own related name."""

    name = models.CharField(_("nama"), max_length=100)
    prefix = models.CharField(max_length=16, unique=True)
    digest = models.CharField(max_length=64)
    created_at = models.DateTimeField(default=timezone.now)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        abstract = True
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix})"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None


T = TypeVar("T", bound=SecretToken)


@transaction.atomic
def secret_token_revoke(*, actor: User, token: T) -> T:
    """Revoke one of the actor's tokens (audited); revoking twice changes nothing."""
    row = type(token)._default_manager.select_for_update().get(pk=token.pk, user=actor)
    if row.revoked_at is None:
        row.revoked_at = timezone.now()
        with acting_as(actor):
            row.save(update_fields=["revoked_at"])
    return row


def secret_token_touch(*, token: SecretToken, every: datetime.timedelta) -> None:
    """Record that the token was used now, at most once per `every` (no audit entry)."""
    now = timezone.now()
    if token.last_used_at is not None and now - token.last_used_at < every:
        return
    type(token)._default_manager.filter(pk=token.pk).update(last_used_at=now)
    token.last_used_at = now
