"""Search across the evidence: a nested app so its PostgreSQL indexes have a migration home."""

from __future__ import annotations

from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "evidence.search"
    label = "evidence_search"
    default_auto_field = "django.db.models.BigAutoField"
