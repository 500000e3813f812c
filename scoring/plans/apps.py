"""Action plans (rencana aksi) per assessment: items, notes, linked evidence, monev reports."""

from __future__ import annotations

from django.apps import AppConfig


class PlansConfig(AppConfig):
    name = "scoring.plans"
    label = "scoring_plans"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from scoring.plans.models import PlanEvidence, PlanItem, PlanNote

        auditlog.register(PlanItem)
        auditlog.register(PlanNote)
        auditlog.register(PlanEvidence)
