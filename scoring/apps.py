"""Scoring app; registers the audit trail of answers (the assessment's workflow fields and the
memberships are zi_portal's and registered there)."""

from __future__ import annotations

from django.apps import AppConfig


class ScoringConfig(AppConfig):
    name = "scoring"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from auditlog.registry import auditlog

        import scoring.checks  # registers the score summary check (check --deploy)
        import scoring.cycle.tasks  # noqa: F401 - registers scoring.cycle_start with the worker
        from areas.services import framework_check_register
        from scoring.framework import check_document
        from scoring.models import Answer

        # A framework file loads only if the engine can build its spec from it.
        framework_check_register(check_document)

        # answered_at changes with every save and says nothing the entry's timestamp does not.
        auditlog.register(Answer, exclude_fields=["answered_at"])
