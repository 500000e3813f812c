"""A unit's rencana aksi for one assessment (unit and cycle): what it will do per indicator.

An item serves an indicator of the assessment's framework and optionally one question; when it
comes from a gap step it keeps the target answer and the points the step said it would add, so
the plan can show per area what its open items would add. Evidence is linked, not copied: one
document can serve plan items and questions at once.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Status(models.TextChoices):
    PLANNED = "planned", _("Direncanakan")
    IN_PROGRESS = "in_progress", _("Berjalan")
    DONE = "done", _("Selesai")
    LATE = "late", _("Terlambat")
    CANCELLED = "cancelled", _("Dibatalkan")


OPEN_STATUSES = (Status.PLANNED, Status.IN_PROGRESS, Status.LATE)


class PlanItem(models.Model):
    assessment = models.ForeignKey(
        "zi_portal.Assessment",
        on_delete=models.CASCADE,
        related_name="plan_items",
        verbose_name=_("penilaian"),
    )
    indicator = models.ForeignKey(
        "areas.Indicator", on_delete=models.PROTECT, related_name="+", verbose_name=_("indikator")
    )
    question = models.ForeignKey(
        "areas.Question",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("pertanyaan"),
    )
    step = models.TextField(_("langkah aksi"))
    output = models.TextField(_("keluaran / target"), blank=True)
    authority = models.CharField(_("kewenangan"), max_length=300, blank=True)
    # From a gap step: the answer it aims at and the points it would add to the pengungkit total.
    target_answer = models.CharField(_("jawaban sasaran"), max_length=64, blank=True)
    points = models.DecimalField(
        _("tambahan nilai"), max_digits=9, decimal_places=4, null=True, blank=True
    )
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("penanggung jawab"),
    )
    # A person in charge without an account (the seed's plans name people, not users).
    person_name = models.CharField(_("nama penanggung jawab"), max_length=200, blank=True)
    start_date = models.DateField(_("tanggal mulai"), null=True, blank=True)
    due_date = models.DateField(_("tenggat"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.PLANNED
    )
    cancel_reason = models.TextField(_("alasan pembatalan"), blank=True)
    done_at = models.DateTimeField(_("selesai pada"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1)  # optimistic locking of the edit form
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField()
    updated_at = models.DateTimeField()

    class Meta:
        ordering = ["indicator__part__area__no", "indicator__order", "due_date", "pk"]
        indexes = [models.Index(fields=["assessment", "status", "due_date"])]
        verbose_name = _("rencana aksi")
        verbose_name_plural = _("rencana aksi")

    def __str__(self) -> str:
        return self.step[:80]


class PlanNote(models.Model):
    """A progress note (tim kerja) or a comment (pimpinan, TPI) on one plan item."""

    class Kind(models.TextChoices):
        PROGRESS = "progress", _("Catatan kemajuan")
        COMMENT = "comment", _("Komentar")

    item = models.ForeignKey(PlanItem, on_delete=models.CASCADE, related_name="notes")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    text = models.TextField(_("catatan"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return self.text[:80]


class PlanEvidence(models.Model):
    item = models.ForeignKey(PlanItem, on_delete=models.CASCADE, related_name="links")
    evidence = models.ForeignKey(
        "evidence.Evidence", on_delete=models.CASCADE, related_name="plan_links"
    )
    linked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    linked_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["item", "evidence"], name="plan_evidence_once")
        ]

    def __str__(self) -> str:
        return f"{self.evidence_id} -> {self.item_id}"
