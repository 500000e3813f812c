"""One quarterly monitoring (monev) report of an assessment's rencana aksi.

The report is a frozen snapshot (`data`, written by scoring/plans/monev/services.py:
monev_report_prepare from scoring/plans/monev/selectors.py: monev_content): the PDF and the Excel
are rendered from it by the report jobs, so what the pimpinan signs off is what the files say.
Generating again replaces the snapshot and the files until the report is signed off.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class MonevReport(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Menunggu persetujuan")
        SIGNED_OFF = "signed_off", _("Disetujui pimpinan")

    assessment = models.ForeignKey(
        "zi_portal.Assessment",
        on_delete=models.CASCADE,
        related_name="monev_reports",
        verbose_name=_("penilaian"),
    )
    # Triwulan 1-4 of the cycle's year.
    quarter = models.PositiveSmallIntegerField(_("triwulan"))
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.DRAFT
    )
    data = models.JSONField(_("isi laporan"), default=dict)
    generated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    generated_at = models.DateTimeField(_("dibuat pada"))
    pdf_job = models.ForeignKey(
        "scoring.ReportJob", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    xlsx_job = models.ForeignKey(
        "scoring.ReportJob", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    signed_off_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("disetujui oleh"),
    )
    signed_off_at = models.DateTimeField(_("disetujui pada"), null=True, blank=True)
    # The document the PDF became on the monitoring questions (scoring/reports/monev_jobs.py).
    evidence = models.ForeignKey(
        "evidence.Evidence",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("bukti"),
    )
    attached_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    attached_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["assessment", "quarter"]
        constraints = [
            models.UniqueConstraint(fields=["assessment", "quarter"], name="monev_once_a_quarter"),
            models.CheckConstraint(
                condition=models.Q(quarter__gte=1, quarter__lte=4), name="monev_quarter_1_4"
            ),
        ]
        verbose_name = _("laporan monev")
        verbose_name_plural = _("laporan monev")

    def __str__(self) -> str:
        return f"{self.assessment} TW{self.quarter}"
