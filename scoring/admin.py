"""Admin for answers, snapshots, workflow events, report jobs and score summaries: view only.

Every one of these rows is written by a service (scoring.services, scoring.reports.services)
that locks, checks the workflow and leaves an audit trail; the admin only shows them.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from scoring import models


class ViewOnlyAdmin(admin.ModelAdmin):
    """No add, change or delete: the change page shows the row read-only; a POST is 403."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(models.Answer)
class AnswerAdmin(ViewOnlyAdmin):
    """Answers change only through scoring.services.answers (locking, audit)."""

    list_display = ["assessment", "question", "side", "choice", "index_value", "version"]
    list_filter = ["side"]
    search_fields = ["question__code"]


@admin.register(models.Snapshot)
class SnapshotAdmin(ViewOnlyAdmin):
    list_display = ["assessment", "kind", "created_at"]


@admin.register(models.AssessmentEvent)
class AssessmentEventAdmin(ViewOnlyAdmin):
    list_display = ["assessment", "action", "from_status", "to_status", "actor", "created_at"]


@admin.register(models.ReportJob)
class ReportJobAdmin(ViewOnlyAdmin):
    list_display = ["kind", "assessment", "status", "progress", "requested_by", "created_at"]
    list_filter = ["status", "kind"]


@admin.register(models.CycleStartJob)
class CycleStartJobAdmin(ViewOnlyAdmin):
    list_display = ["year", "status", "processed", "total", "created", "requested_by", "created_at"]
    list_filter = ["status"]


@admin.register(models.ScoreSummary)
class ScoreSummaryAdmin(ViewOnlyAdmin):
    list_display = ["assessment", "side", "total", "wbk_pass", "wbbm_pass", "computed_at"]
    list_filter = ["side"]
