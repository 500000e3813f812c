"""App config for evidence: registers its models with django-auditlog when the app is ready."""

from __future__ import annotations

from django.apps import AppConfig


class EvidenceConfig(AppConfig):
    name = "evidence"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from evidence import models

        # The creation timestamps are already on every LogEntry; repeating them is noise.
        auditlog.register(models.Evidence, exclude_fields=["created_at"])
        auditlog.register(models.EvidenceRevision, exclude_fields=["uploaded_at"])
        auditlog.register(models.EvidenceAttachment, exclude_fields=["attached_at"])
        auditlog.register(models.Comment, exclude_fields=["created_at"])
        auditlog.register(models.ReviewFlag, exclude_fields=["created_at"])
