"""A unit's predicate history: one row per decision (granted or not), revocable with a reason."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

REEVALUATION_YEARS = 2  # a predicate is evaluated again two years after its decree


def years_after(day: datetime.date, years: int) -> datetime.date:
    """The same day `years` later; 29 February becomes 28 February in a common year."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


class Kind(models.TextChoices):
    WBK = "WBK", _("Menuju WBK")
    WBBM = "WBBM", _("Menuju WBBM")
    NOT_GRANTED = "not_granted", _("Tidak ditetapkan")


class Predicate(models.Model):
    """One decision on a unit's predicate. A grant holds until it is revoked (with a reason).

    A row "from before the portal" (`before_portal`) carries no decree number or date: the data
    migration made it from a unit already marked as holding WBK.
    """

    unit = models.ForeignKey(
        "zi_portal.Unit",
        on_delete=models.CASCADE,
        related_name="predicates",
        verbose_name=_("unit kerja"),
    )
    kind = models.CharField(_("keputusan"), max_length=12, choices=Kind.choices)
    decree_number = models.CharField(_("nomor keputusan"), max_length=120, blank=True)
    decree_date = models.DateField(_("tanggal keputusan"), null=True, blank=True)
    assessment = models.ForeignKey(
        "zi_portal.Assessment",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="predicates",
        verbose_name=_("penilaian"),
    )
    cycle = models.ForeignKey(
        "zi_portal.Cycle",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("siklus"),
    )
    before_portal = models.BooleanField(_("dari sebelum portal"), default=False)
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    granted_at = models.DateTimeField(default=timezone.now)
    revoked_at = models.DateTimeField(_("dicabut pada"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    revoke_reason = models.TextField(_("alasan pencabutan"), blank=True)

    class Meta:
        ordering = ["unit", "-decree_date", "-granted_at"]
        verbose_name = _("predikat")
        verbose_name_plural = _("predikat")

    def __str__(self) -> str:
        return f"{self.unit} {self.kind} {self.decree_number}".strip()

    @property
    def is_grant(self) -> bool:
        return self.kind in (Kind.WBK, Kind.WBBM)

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None

    @property
    def reevaluation_due(self) -> datetime.date | None:
        """The decree date plus two years (None for a decision not granted or without a date)."""
        if not self.is_grant or self.decree_date is None:
            return None
        return years_after(self.decree_date, REEVALUATION_YEARS)
