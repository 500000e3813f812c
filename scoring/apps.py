"""Scoring app; registers the audit trail of answers, assessment status and memberships."""

from __future__ import annotations

from django.apps import AppConfig


class ScoringConfig(AppConfig):
    name = "scoring"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from scoring.models import Answer
        from zi_portal.models import Assessment, Membership

        # answered_at changes with every save and says nothing the entry's timestamp does not.
        auditlog.register(Answer, exclude_fields=["answered_at"])
        # Only the workflow's fields: updated_at and the rest are noise in the Riwayat tab.
        auditlog.register(
            Assessment,
            include_fields=[
                "status",
                "version",
                "recommendation",
                "signed_off_by",
                "signed_off_at",
            ],
        )
        auditlog.register(Membership, m2m_fields={"areas"})
