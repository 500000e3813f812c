"""Admin for answers, review flags, snapshots, workflow events and report jobs."""

from __future__ import annotations

from django.contrib import admin

from scoring import models


@admin.register(models.Answer)
class AnswerAdmin(admin.ModelAdmin):
    list_display = ["assessment", "question", "side", "choice", "index_value", "version"]
    list_filter = ["side"]
    search_fields = ["question__code"]


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
