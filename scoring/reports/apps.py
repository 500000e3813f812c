"""Reports and dashboards: a nested app so Celery finds its tasks and its parts stay together."""

from __future__ import annotations

from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "scoring.reports"
    label = "scoring_reports"
    default_auto_field = "django.db.models.BigAutoField"
