"""Framework app; registers the audit trail of the framework rows (weights, questions, options).

A change made in the admin is logged row by row. Loading the fixture (areas.services
framework_load) is a system import of a file kept in the repository and runs with the log off.
"""

from __future__ import annotations

from django.apps import AppConfig


class AreasConfig(AppConfig):
    name = "areas"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from areas import models
        from areas.documents import connect_signals

        # A change to any framework row empties its framework's content hash (the engine's key).
        connect_signals()

        for model in (
            models.Framework,
            models.Area,
            models.Part,
            models.Indicator,
            models.HasilComponent,
            models.Question,
            models.AnswerOption,
            models.CountInput,
            models.ExpectedDocument,
            models.RuleSet,
        ):
            auditlog.register(model)
