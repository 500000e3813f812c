"""Organisation app; registers the audit trail of everything in it a person changes."""

from __future__ import annotations

from django.apps import AppConfig


class ZiPortalConfig(AppConfig):
    verbose_name = "Organisasi"
    name = "zi_portal"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from zi_portal import models

        auditlog.register(models.Unit)
        auditlog.register(models.Membership, m2m_fields={"areas"})
        auditlog.register(models.Cycle)
        auditlog.register(models.ReviewerAssignment)
        # The creation timestamp is already on every LogEntry; repeating it is noise.
        auditlog.register(models.WindowExtension, exclude_fields=["created_at"])
        # Only the workflow's fields: updated_at and the rest are noise in the Riwayat tab.
        auditlog.register(
            models.Assessment,
            include_fields=[
                "status",
                "version",
                "recommendation",
                "signed_off_by",
                "signed_off_at",
            ],
        )
        # A person's e-mail choices; the digest's daily stamp is bookkeeping, not a choice.
        auditlog.register(models.NotificationPreference, exclude_fields=["digest_sent_on"])
