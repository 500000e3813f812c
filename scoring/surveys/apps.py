"""The unit's own SPAK and SPKP surveys (issue 14): periods, the public questionnaire, results."""

from __future__ import annotations

from django.apps import AppConfig


class SurveysConfig(AppConfig):
    name = "scoring.surveys"
    label = "scoring_surveys"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from scoring.surveys.models import SurveyPeriod

        auditlog.register(SurveyPeriod)

        from evidence.public.links import register_public_links
        from scoring.surveys.selectors import public_results_links

        register_public_links(public_results_links)
