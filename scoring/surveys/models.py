"""Survey periods of a unit and their anonymous responses (docs/surveys.md)."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from zi_portal.models import Unit


class SurveyPeriod(models.Model):
    """One unit's SPAK + SPKP questionnaire over a period (a quarter by default)."""

    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="survey_periods")
    label = models.CharField(_("periode"), max_length=40)
    starts_on = models.DateField(_("mulai"))
    ends_on = models.DateField(_("selesai"))
    # The short public code of the questionnaire URL (/s/<code>/).
    code = models.SlugField(max_length=16, unique=True)
    instrument_version = models.CharField(max_length=20)
    points = models.PositiveSmallIntegerField(_("skala"), default=4)
    min_respondents = models.PositiveSmallIntegerField(_("responden minimum"), default=30)
    public_results = models.BooleanField(_("hasil publik"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["unit", "starts_on"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "starts_on"], name="survey_period_unique"),
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")),
                name="survey_period_ends_after_start",
            ),
            models.CheckConstraint(
                condition=models.Q(points__in=[4, 6]), name="survey_period_points"
            ),
        ]
        verbose_name = _("periode survei")
        verbose_name_plural = _("periode survei")

    def __str__(self) -> str:
        return f"{self.unit} {self.label}"

    def is_open_on(self, day: datetime.date) -> bool:
        return self.starts_on <= day <= self.ends_on


class SurveyResponse(models.Model):
    """One anonymous respondent: item key -> answer on the period's scale, optional profile."""

    class Source(models.TextChoices):
        WEB = "web", _("Kuesioner daring")
        IMPORT = "import", _("Impor")

    period = models.ForeignKey(SurveyPeriod, on_delete=models.CASCADE, related_name="responses")
    answers = models.JSONField()
    service = models.CharField(_("layanan yang digunakan"), max_length=80, blank=True)
    age_band = models.CharField(_("kelompok usia"), max_length=8, blank=True)
    education = models.CharField(_("pendidikan"), max_length=10, blank=True)
    source = models.CharField(max_length=8, choices=Source.choices, default=Source.WEB)
    # A keyed hash of the client address, only for the per-address rate limit; never the address.
    ip_hash = models.CharField(max_length=64, blank=True, db_index=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["period", "created_at"]
        verbose_name = _("respons survei")
        verbose_name_plural = _("respons survei")

    def __str__(self) -> str:
        return f"{self.period} #{self.pk}"
