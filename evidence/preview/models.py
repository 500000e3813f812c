"""The preview of one evidence revision: its status, the rendered page images (private storage,
served only through the permission-checked views) and the document's whole text (bounded), which
the search of issue 16 indexes."""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


def preview_page_path(instance: PreviewPage, filename: str) -> str:
    revision = instance.preview.revision
    return f"previews/{revision.evidence.assessment_id}/{revision.pk}/{filename}"


class RevisionPreview(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", _("Dalam antrean")
        RUNNING = "running", _("Sedang dibuat")
        DONE = "done", _("Selesai")
        FAILED = "failed", _("Gagal")
        NOT_APPLICABLE = "not_applicable", _("Tidak berlaku")

    class Reason(models.TextChoices):
        NONE = "", "—"
        ENCRYPTED = "encrypted", _("PDF terkunci kata sandi")
        BROKEN = "broken", _("Berkas rusak atau tidak dapat dibaca")
        MISSING_FILE = "missing_file", _("Berkas tidak ditemukan di penyimpanan")
        TIMEOUT = "timeout", _("Pembuatan pratinjau melewati batas waktu")
        QUEUE_DOWN = "queue_down", _("Antrean pekerjaan tidak dapat dihubungi")
        ERROR = "error", _("Kesalahan tak terduga saat membuat pratinjau")
        TOO_LARGE = "too_large", _("Berkas terlalu besar untuk pratinjau")

    revision = models.OneToOneField(
        "evidence.EvidenceRevision", on_delete=models.CASCADE, related_name="preview"
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.QUEUED)
    reason = models.CharField(max_length=20, choices=Reason.choices, default="", blank=True)
    page_count = models.PositiveIntegerField(_("jumlah halaman"), default=0)
    # Pages the readers asked for so far; the task renders up to this many (and the page limit).
    pages_wanted = models.PositiveIntegerField(default=0)
    text = models.TextField(_("teks dokumen"), blank=True)
    text_truncated = models.BooleanField(default=False)
    text_done = models.BooleanField(default=False)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("pratinjau bukti")
        verbose_name_plural = _("pratinjau bukti")

    def __str__(self) -> str:
        return f"{self.revision} ({self.status})"

    @property
    def is_pending(self) -> bool:
        return self.status in (self.Status.QUEUED, self.Status.RUNNING)


class PreviewPage(models.Model):
    preview = models.ForeignKey(RevisionPreview, on_delete=models.CASCADE, related_name="pages")
    number = models.PositiveIntegerField()
    image = models.FileField(upload_to=preview_page_path, max_length=300)
    width = models.PositiveIntegerField(default=0)
    height = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["preview", "number"]
        constraints = [
            models.UniqueConstraint(fields=["preview", "number"], name="preview_page_unique")
        ]
        verbose_name = _("halaman pratinjau")
        verbose_name_plural = _("halaman pratinjau")

    def __str__(self) -> str:
        return f"{self.preview.revision} p{self.number}"
