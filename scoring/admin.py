"""Admin for answers, review flags, snapshots, workflow events and report jobs."""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from scoring import models


@admin.register(models.Answer)
class AnswerAdmin(admin.ModelAdmin):
    """Read-only: answers change only through scoring.services.answers (locking, audit)."""

    list_display = ["assessment", "question", "side", "choice", "index_value", "version"]
    list_filter = ["side"]
    search_fields = ["question__code"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(models.Snapshot)
class SnapshotAdmin(admin.ModelAdmin):
    list_display = ["assessment", "kind", "created_at"]


@admin.register(models.AssessmentEvent)
class AssessmentEventAdmin(admin.ModelAdmin):
    list_display = ["assessment", "action", "from_status", "to_status", "actor", "created_at"]


@admin.register(models.ReportJob)
class ReportJobAdmin(admin.ModelAdmin):
    list_display = ["kind", "assessment", "status", "progress", "requested_by", "created_at"]
    list_filter = ["status", "kind"]


@admin.register(models.ScoreSummary)
class ScoreSummaryAdmin(admin.ModelAdmin):
    list_display = ["assessment", "side", "total", "wbk_pass", "wbbm_pass", "computed_at"]
    list_filter = ["side"]
    readonly_fields = ["fingerprint", "computed_at"]
