"""Predicates as history: each decree of TPN (or from before the portal) as one row."""

from __future__ import annotations

from django.apps import AppConfig


class PredicatesConfig(AppConfig):
    name = "scoring.predicates"
    label = "scoring_predicates"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from scoring.predicates.models import Predicate

        auditlog.register(Predicate)
