"""The ZI calendar: a page per assessment, a private iCalendar feed per user, plan reminders."""

from __future__ import annotations

from django.apps import AppConfig


class PlansCalendarConfig(AppConfig):
    name = "scoring.plans.calendar"
    label = "scoring_plans_calendar"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from scoring.plans.calendar.models import CalendarFeedToken

        auditlog.register(CalendarFeedToken, exclude_fields=["digest", "last_used_at"])
