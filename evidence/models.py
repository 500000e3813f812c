"""Documents and links attached to questions of an assessment, with revisions; comment threads
and the TPI's revision flags ("perlu perbaikan") on questions."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from areas.models import Question


def evidence_upload_path(instance: EvidenceRevision, filename: str) -> str:
    # Files are keyed by assessment and content hash, never by the user's file name.
    ev = instance.evidence
    return f"evidence/{ev.assessment_id}/{ev.pk}/{instance.sha256[:16]}-{instance.number}"


class Evidence(models.Model):
    class Kind(models.TextChoices):
        FILE = "file", _("Berkas")
        LINK = "link", _("Tautan")

    assessment = models.ForeignKey(
        "zi_portal.Assessment", on_delete=models.CASCADE, related_name="evidence"
    )
    questions: models.ManyToManyField[Question, EvidenceAttachment] = models.ManyToManyField(
        "areas.Question", through="EvidenceAttachment", related_name="evidence"
    )
    title = models.CharField(_("judul"), max_length=255)
    kind = models.CharField(max_length=4, choices=Kind.choices)
    url = models.URLField(_("tautan"), max_length=1000, blank=True)
    is_public = models.BooleanField(_("tampilkan di halaman publik"), default=False)
    effective_from = models.DateField(_("berlaku mulai"), null=True, blank=True)
    effective_until = models.DateField(_("berlaku sampai"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    deleted_at = models.DateTimeField(null=True, blank=True)
    deleted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # The newest revision, kept here so lists need no subquery.
    current_revision = models.ForeignKey(
        "EvidenceRevision", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["assessment", "created_at", "pk"]
        verbose_name = _("bukti dukung")
        verbose_name_plural = _("bukti dukung")

    def __str__(self) -> str:
        return self.title

    @property
    def is_deleted(self) -> bool:
        return self.deleted_at is not None


class RevisionFlag(models.TextChoices):
    """What the upload check found in an accepted file that a reviewer should know about."""

    PDF_JAVASCRIPT = "pdf_javascript", _("PDF berisi JavaScript")
    PDF_AUTO_ACTION = "pdf_auto_action", _("PDF menjalankan aksi otomatis saat dibuka")
    EXTERNAL_LINKS = "external_links", _("Lembar kerja bertaut ke berkas atau sumber data luar")


class EvidenceRevision(models.Model):
    evidence = models.ForeignKey(Evidence, on_delete=models.CASCADE, related_name="revisions")
    number = models.PositiveIntegerField()
    file = models.FileField(upload_to=evidence_upload_path, max_length=300, blank=True)
    original_name = models.CharField(max_length=255, blank=True)
    size = models.PositiveBigIntegerField(default=0)
    sha256 = models.CharField(max_length=64, db_index=True, blank=True)
    content_type = models.CharField(max_length=120, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(default=timezone.now)
    # RevisionFlag values found by evidence.validation, shown to reviewers as warnings.
    flags = models.JSONField(_("peringatan isi berkas"), default=list, blank=True)

    class Meta:
        ordering = ["evidence", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["evidence", "number"], name="revision_unique_number")
        ]
        verbose_name = _("revisi bukti")
        verbose_name_plural = _("revisi bukti")

    def __str__(self) -> str:
        return f"{self.evidence} r{self.number}"

    @property
    def flag_labels(self) -> list[str]:
        """The reviewer-facing wording of the revision's flags (unknown values as they are)."""
        labels = dict(RevisionFlag.choices)
        return [str(labels.get(flag, flag)) for flag in self.flags or ()]


class EvidenceAttachment(models.Model):
    """One document serving one question; the same document may serve several."""

    evidence = models.ForeignKey(Evidence, on_delete=models.CASCADE, related_name="attachments")
    question = models.ForeignKey(
        "areas.Question", on_delete=models.CASCADE, related_name="attachments"
    )
    attached_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    attached_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["evidence", "question"], name="attachment_unique")
        ]
        verbose_name = _("lampiran pertanyaan")
        verbose_name_plural = _("lampiran pertanyaan")

    def __str__(self) -> str:
        return f"{self.evidence} -> {self.question}"


class Comment(models.Model):
    assessment = models.ForeignKey(
        "zi_portal.Assessment", on_delete=models.CASCADE, related_name="comments"
    )
    question = models.ForeignKey(
        "areas.Question", on_delete=models.CASCADE, related_name="comments"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    body = models.TextField(_("komentar"))
    resolved = models.BooleanField(_("selesai"), default=False)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["assessment", "question", "created_at"]
        verbose_name = _("komentar")
        verbose_name_plural = _("komentar")

    def __str__(self) -> str:
        return f"{self.question} - {self.author}"


class ReviewFlag(models.Model):
    """A TPI request for revision on one question ("perlu perbaikan").

    Its life: the TPI writes it while reviewing (withdrawn before the return closes it, outcome
    withdrawn); the return sends it to the unit (returned_at); in revision the unit may reply
    (what it fixed); a resubmission leaves it open; the TPI then accepts it (outcome accepted) or
    leaves it open. Nothing closes a flag silently. Rows closed by the submit of the earlier
    rules carry outcome closed_on_submit.
    """

    class Outcome(models.TextChoices):
        OPEN = "", _("Terbuka")
        ACCEPTED = "accepted", _("Diterima TPI")
        WITHDRAWN = "withdrawn", _("Ditarik TPI")
        CLOSED_ON_SUBMIT = "closed_on_submit", _("Ditutup otomatis saat pengajuan (aturan lama)")

    assessment = models.ForeignKey(
        "zi_portal.Assessment", on_delete=models.CASCADE, related_name="flags"
    )
    question = models.ForeignKey("areas.Question", on_delete=models.CASCADE, related_name="+")
    note = models.TextField(_("catatan perbaikan"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    outcome = models.CharField(
        _("keputusan TPI"), max_length=20, choices=Outcome.choices, default=Outcome.OPEN, blank=True
    )
    # When the return sent it to the unit; None while the TPI is still reviewing.
    returned_at = models.DateTimeField(_("dikirim ke unit pada"), null=True, blank=True)
    reply = models.TextField(_("balasan unit"), blank=True)
    replied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    replied_at = models.DateTimeField(_("dibalas pada"), null=True, blank=True)

    class Meta:
        ordering = ["assessment", "-created_at"]
        verbose_name = _("catatan perbaikan")
        verbose_name_plural = _("catatan perbaikan")

    def __str__(self) -> str:
        return f"{self.assessment} {self.question}"

    @property
    def is_open(self) -> bool:
        return self.resolved_at is None


class ValidityReminder(models.Model):
    """A reminder e-mail sent (or decided) for one document before its end date: each document's
    30-day and 7-day reminders are sent once per end date (evidence/validity.py)."""

    evidence = models.ForeignKey(
        Evidence, on_delete=models.CASCADE, related_name="validity_reminders"
    )
    days_before = models.PositiveSmallIntegerField()
    effective_until = models.DateField()
    recipients = models.PositiveIntegerField(default=0)
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["evidence", "days_before", "effective_until"],
                name="validity_reminder_once",
            )
        ]
        verbose_name = _("pengingat masa berlaku")
        verbose_name_plural = _("pengingat masa berlaku")

    def __str__(self) -> str:
        return f"{self.evidence} H-{self.days_before}"
