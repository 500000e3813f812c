"""The private token of a person's iCalendar feed: only a prefix and the sha256 are stored."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class CalendarFeedToken(models.Model):
    """One feed address of one user (a phone, Outlook). The secret part of the address is shown
    once, when it is made; the database keeps its digest, so a copy of the database opens no
    feed. Revoked rows stay for the audit trail and answer 404."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feed_tokens"
    )
    name = models.CharField(_("nama"), max_length=100)
    prefix = models.CharField(max_length=16, unique=True)
    digest = models.CharField(max_length=64)
    created_at = models.DateTimeField(default=timezone.now)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("alamat kalender iCalendar")
        verbose_name_plural = _("alamat kalender iCalendar")

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix})"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None
