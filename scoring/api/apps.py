"""The REST API: a nested app so its token table and migrations stay with it."""

from __future__ import annotations

from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "scoring.api"
    label = "scoring_api"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from scoring.api.models import ApiToken

        # Who created and revoked which token; the digest is never copied into the audit log,
        # and last_used_at changes with every request.
        auditlog.register(ApiToken, exclude_fields=["digest", "last_used_at"])
