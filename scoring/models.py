"""Answers (unit and TPI side), snapshots, workflow events and report jobs."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Side(models.TextChoices):
    UNIT = "unit", _("Unit (penilaian mandiri)")
    TPI = "tpi", _("TPI")


class AnswerQuerySet(models.QuerySet["Answer"]):
    def counted(self) -> AnswerQuerySet:
        """The answers that count (scores, completeness, exports): a unit answer carried from
        the previous cycle counts only once a tim kerja confirms or changes it."""
        return self.filter(needs_confirmation=False)


class Answer(models.Model):
    """One side's answer to one question. The TPI side never overwrites the unit side."""

    assessment = models.ForeignKey(
        "zi_portal.Assessment", on_delete=models.CASCADE, related_name="answers"
    )
    question = models.ForeignKey("areas.Question", on_delete=models.CASCADE, related_name="answers")
    side = models.CharField(max_length=4, choices=Side.choices)
    choice = models.CharField(max_length=8, blank=True)
    counts = models.JSONField(default=dict, blank=True)
    index_value = models.DecimalField(max_digits=6, decimal_places=3, null=True, blank=True)
    note = models.TextField(_("catatan"), blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    answered_at = models.DateTimeField(default=timezone.now)
    # Optimistic locking: a save naming an older version is refused with the newer value shown.
    version = models.PositiveIntegerField(default=1)
    # Carried from the previous cycle's assessment (scoring.cycle): shown with its previous value
    # and left out of every score until confirmed (AnswerQuerySet.counted).
    carried_from = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    needs_confirmation = models.BooleanField(_("perlu dikonfirmasi"), default=False)

    objects = AnswerQuerySet.as_manager()

    class Meta:
        ordering = ["assessment", "question__position", "side"]
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "question", "side"], name="answer_unique_side"
            )
        ]
        verbose_name = _("jawaban")
        verbose_name_plural = _("jawaban")

    def __str__(self) -> str:
        return f"{self.assessment} {self.question} {self.side}: {self.display}"

    @property
    def display(self) -> str:
        if self.choice:
            return self.choice
        if self.index_value is not None:
            return str(self.index_value)
        if self.counts:
            return ", ".join(f"{k}={v}" for k, v in self.counts.items())
        return ""


class Snapshot(models.Model):
    class Kind(models.TextChoices):
        SUBMITTED = "submitted", _("Diajukan")
        EVALUATED = "evaluated", _("Dievaluasi")

    assessment = models.ForeignKey(
        "zi_portal.Assessment", on_delete=models.CASCADE, related_name="snapshots"
    )
    kind = models.CharField(max_length=10, choices=Kind.choices)
    data = models.JSONField()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["assessment", "-created_at"]
        verbose_name = _("snapshot")
        verbose_name_plural = _("snapshot")

    def __str__(self) -> str:
        return f"{self.assessment} {self.kind} {self.created_at:%Y-%m-%d %H:%M}"


class AssessmentEvent(models.Model):
    """An explicit workflow event (sign-off, submit, return, finalise, extension...)."""

    assessment = models.ForeignKey(
        "zi_portal.Assessment", on_delete=models.CASCADE, related_name="events"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    action = models.CharField(max_length=40)
    # As wide as Assessment.status, so the TPN stages (evaluasi_lapangan) fit.
    from_status = models.CharField(max_length=20, blank=True)
    to_status = models.CharField(max_length=20, blank=True)
    note = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["assessment", "-created_at"]
        verbose_name = _("peristiwa alur kerja")
        verbose_name_plural = _("peristiwa alur kerja")

    def __str__(self) -> str:
        return f"{self.assessment} {self.action}"


class ReportJob(models.Model):
    class Kind(models.TextChoices):
        ASSESSMENT_PDF = "assessment_pdf", _("Laporan hasil evaluasi (PDF)")
        INSTITUTION_PDF = "institution_pdf", _("Ringkasan instansi (PDF)")
        LKE_XLSX = "lke_xlsx", _("Lembar kerja LKE (Excel)")
        TPN_PACK = "tpn_pack", _("Paket pengusulan TPN (zip)")
        OVERVIEW_XLSX = "overview_xlsx", _("Ikhtisar instansi (Excel)")
        SURVEY_PDF = "survey_pdf", _("Hasil survei SPAK/SPKP (PDF)")
        SURVEY_XLSX = "survey_xlsx", _("Hasil survei SPAK/SPKP (Excel)")
        MONEV_PDF = "monev_pdf", _("Laporan monev triwulanan (PDF)")
        MONEV_XLSX = "monev_xlsx", _("Laporan monev triwulanan (Excel)")

    class Status(models.TextChoices):
        QUEUED = "queued", _("Dalam antrean")
        RUNNING = "running", _("Sedang dibuat")
        DONE = "done", _("Selesai")
        FAILED = "failed", _("Gagal")

    kind = models.CharField(max_length=20, choices=Kind.choices)
    assessment = models.ForeignKey(
        "zi_portal.Assessment",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="report_jobs",
    )
    unit = models.ForeignKey(
        "zi_portal.Unit", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    params = models.JSONField(default=dict, blank=True)
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.QUEUED)
    progress = models.PositiveSmallIntegerField(default=0)
    file = models.FileField(upload_to="reports/", max_length=300, blank=True)
    filename = models.CharField(max_length=255, blank=True)
    error = models.TextField(blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("pekerjaan laporan")
        verbose_name_plural = _("pekerjaan laporan")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} #{self.pk} ({self.status})"


class ScoreSummary(models.Model):
    """One side's stored score of one assessment: the figures the institution overview lists.

    Written through, never checked on read: every service that changes what a score depends on
    (the side's counted answers, the unit's holds_wbk) rewrites the assessment's rows in the same
    transaction through scoring.summaries.summaries_refresh; `manage.py scores_verify` compares
    every row with a fresh computation. The exact figures are kept as the engine's decimal strings
    (what the pages format); the *_num columns hold the same figures rounded to 6 places, for
    sorting and filtering in SQL. `revision` is the engine revision the row was computed with
    (scoring.selectors.scores.SUMMARY_REVISION); an older row is recomputed on its next read.
    """

    assessment = models.ForeignKey(
        "zi_portal.Assessment", on_delete=models.CASCADE, related_name="score_summaries"
    )
    side = models.CharField(max_length=4, choices=Side.choices)
    total = models.CharField(max_length=64)
    pengungkit = models.CharField(max_length=64)
    hasil = models.CharField(max_length=64)
    area_pcts = models.JSONField(default=list)
    total_num = models.DecimalField(max_digits=12, decimal_places=6, default=0)
    pengungkit_num = models.DecimalField(max_digits=12, decimal_places=6, default=0)
    hasil_num = models.DecimalField(max_digits=12, decimal_places=6, default=0)
    area1_num = models.DecimalField(max_digits=12, decimal_places=6, null=True, blank=True)
    area2_num = models.DecimalField(max_digits=12, decimal_places=6, null=True, blank=True)
    area3_num = models.DecimalField(max_digits=12, decimal_places=6, null=True, blank=True)
    area4_num = models.DecimalField(max_digits=12, decimal_places=6, null=True, blank=True)
    area5_num = models.DecimalField(max_digits=12, decimal_places=6, null=True, blank=True)
    area6_num = models.DecimalField(max_digits=12, decimal_places=6, null=True, blank=True)
    wbk_pass = models.BooleanField(default=False)
    wbbm_pass = models.BooleanField(default=False)
    complete = models.BooleanField(default=False)
    answered = models.PositiveIntegerField(default=0)
    inputs_total = models.PositiveIntegerField(default=0)
    revision = models.CharField(max_length=16, default="")
    computed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["assessment", "side"], name="score_summary_unique_side")
        ]
        verbose_name = _("ringkasan nilai")
        verbose_name_plural = _("ringkasan nilai")

    def __str__(self) -> str:
        return f"{self.assessment} {self.side}: {self.total}"


class CycleStartJob(models.Model):
    """The admin's start of a year's cycle, run by a worker (scoring.cycle.tasks): its progress
    in units and, once done, what it created (scoring/cycle/jobs.py writes it)."""

    year = models.PositiveSmallIntegerField()
    framework = models.ForeignKey(
        "areas.Framework", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    status = models.CharField(
        max_length=8, choices=ReportJob.Status.choices, default=ReportJob.Status.QUEUED
    )
    total = models.PositiveIntegerField(default=0)
    processed = models.PositiveIntegerField(default=0)
    created = models.PositiveIntegerField(default=0)
    skipped = models.PositiveIntegerField(default=0)
    documents = models.PositiveIntegerField(default=0)
    answers = models.PositiveIntegerField(default=0)
    error = models.TextField(blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("mulai siklus")
        verbose_name_plural = _("mulai siklus")

    def __str__(self) -> str:
        return f"{self.year} {self.status}"
