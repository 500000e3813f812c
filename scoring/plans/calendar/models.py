"""The private token of a person's iCalendar feed: only a prefix and the sha256 are stored."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from zi_portal.secret_tokens import SecretToken


class CalendarFeedToken(SecretToken):
    """One feed address of one user (a phone, Outlook). The secret part of the address is shown
    once, when it is made; the database keeps its digest, so a copy of the database opens no
    feed. Revoked rows stay for the audit trail and answer 404."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feed_tokens"
    )

    class Meta(SecretToken.Meta):
        verbose_name = _("alamat kalender iCalendar")
        verbose_name_plural = _("alamat kalender iCalendar")
