"""Evidence previews: a nested app so Celery finds its task and its rows have their own
migrations."""

from __future__ import annotations

from django.apps import AppConfig


class PreviewConfig(AppConfig):
    name = "evidence.preview"
    label = "evidence_preview"
    default_auto_field = "django.db.models.BigAutoField"
