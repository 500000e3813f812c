"""The ZI cycle after the TPI's evaluation: prerequisites, the proposal to TPN and its stages."""

from __future__ import annotations

from django.apps import AppConfig


class LifecycleConfig(AppConfig):
    name = "scoring.lifecycle"
    label = "scoring_lifecycle"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from scoring.lifecycle.models import PrerequisiteValue, Proposal, ProposalQuota, TpnStep

        for model in (PrerequisiteValue, ProposalQuota, Proposal, TpnStep):
            auditlog.register(model)
