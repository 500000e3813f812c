"""Monev (quarterly monitoring reports of the rencana aksi) as a nested app with its own
migrations."""

from __future__ import annotations

from django.apps import AppConfig


class MonevConfig(AppConfig):
    name = "scoring.plans.monev"
    label = "scoring_plans_monev"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from scoring.plans.monev.models import MonevReport

        auditlog.register(MonevReport)
