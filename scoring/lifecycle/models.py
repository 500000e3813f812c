"""Rows of the ZI cycle after the TPI: prerequisite values, quotas, proposals, TPN steps."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Predicate(models.TextChoices):
    WBK = "WBK", _("Menuju WBK")
    WBBM = "WBBM", _("Menuju WBBM")


class PrerequisiteValue(models.Model):
    """One prerequisite's value for a cycle: of a unit, or of its instansi (the parent unit).

    `kind` is a code of the prerequisite document (fixtures/prerequisites-*.json); `value` is the
    text the engine parses (a grade, a percent, an ISO date). The source is a document already in
    the portal: an Evidence of an assessment of that cycle (the unit's own, or for an instansi
    value one of its units'), so it went through the same upload checks and storage.
    """

    cycle = models.ForeignKey(
        "zi_portal.Cycle", on_delete=models.CASCADE, related_name="prerequisite_values"
    )
    unit = models.ForeignKey(
        "zi_portal.Unit", on_delete=models.CASCADE, related_name="prerequisite_values"
    )
    kind = models.CharField(_("jenis"), max_length=40)
    value = models.CharField(_("nilai"), max_length=40)
    valid_on = models.DateField(_("tanggal"))
    source = models.ForeignKey(
        "evidence.Evidence",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("dokumen sumber"),
    )
    note = models.CharField(_("catatan"), max_length=300, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["cycle", "unit", "kind"], name="prereq_value_unique")
        ]
        verbose_name = _("nilai prasyarat")
        verbose_name_plural = _("nilai prasyarat")

    def __str__(self) -> str:
        return f"{self.unit} {self.cycle.year} {self.kind}={self.value}"


class ProposalQuota(models.Model):
    """How many units an instansi may propose to TPN in a cycle (set by KemenPANRB)."""

    cycle = models.ForeignKey("zi_portal.Cycle", on_delete=models.CASCADE, related_name="quotas")
    instansi = models.ForeignKey(
        "zi_portal.Unit", on_delete=models.CASCADE, related_name="proposal_quotas"
    )
    units = models.PositiveSmallIntegerField(_("kuota unit"))

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["cycle", "instansi"], name="proposal_quota_unique")
        ]
        verbose_name = _("kuota usulan TPN")
        verbose_name_plural = _("kuota usulan TPN")

    def __str__(self) -> str:
        return f"{self.instansi} {self.cycle.year}: {self.units}"


class Proposal(models.Model):
    """An assessment proposed to TPN for a predicate; one per assessment."""

    assessment = models.OneToOneField(
        "zi_portal.Assessment", on_delete=models.CASCADE, related_name="proposal"
    )
    predicate = models.CharField(_("predikat"), max_length=4, choices=Predicate.choices)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    proposed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("usulan ke TPN")
        verbose_name_plural = _("usulan ke TPN")

    def __str__(self) -> str:
        return f"{self.assessment} {self.predicate}"


class Outcome(models.TextChoices):
    WBK = "WBK", _("Menuju WBK")
    WBBM = "WBBM", _("Menuju WBBM")
    NOT_GRANTED = "not_granted", _("Tidak ditetapkan")


class TpnStep(models.Model):
    """One step of the TPN stages as the admin recorded it: its date, notes and documents."""

    assessment = models.ForeignKey(
        "zi_portal.Assessment", on_delete=models.CASCADE, related_name="tpn_steps"
    )
    stage = models.CharField(_("tahap"), max_length=20)  # an Assessment.Status value
    happened_on = models.DateField(_("tanggal"))
    notes = models.TextField(_("catatan"), blank=True)
    letter_number = models.CharField(_("nomor surat"), max_length=120, blank=True)
    documents = models.ManyToManyField(
        "evidence.Evidence", blank=True, related_name="+", verbose_name=_("dokumen")
    )
    outcome = models.CharField(_("keputusan"), max_length=12, choices=Outcome.choices, blank=True)
    decree_number = models.CharField(_("nomor keputusan"), max_length=120, blank=True)
    decree_date = models.DateField(_("tanggal keputusan"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["assessment", "recorded_at"]
        verbose_name = _("tahap TPN")
        verbose_name_plural = _("tahap TPN")

    def __str__(self) -> str:
        return f"{self.assessment} {self.stage} {self.happened_on}"

    @property
    def stage_label(self) -> str:
        from zi_portal.models import Assessment

        return str(Assessment.Status(self.stage).label)
