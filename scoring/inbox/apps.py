"""The inbox app ("Tugas saya" and the daily digest): no models; registered so Celery finds its
task module."""

from __future__ import annotations

from django.apps import AppConfig


class InboxConfig(AppConfig):
    name = "scoring.inbox"
    label = "scoring_inbox"
    verbose_name = "Tugas saya"
