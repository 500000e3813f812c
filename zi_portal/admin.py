"""Admin for units, memberships, cycles, reviewer assignments and assessments."""

from __future__ import annotations

from django.contrib import admin

from zi_portal import models


class MembershipInline(admin.TabularInline):
    model = models.Membership
    extra = 0
    filter_horizontal = ["areas"]


@admin.register(models.Unit)
class UnitAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "parent", "holds_wbk"]
    search_fields = ["name", "code"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [MembershipInline]


@admin.register(models.Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "unit", "role"]
    list_filter = ["role"]
    filter_horizontal = ["areas"]


@admin.register(models.Cycle)
class CycleAdmin(admin.ModelAdmin):
    list_display = ["year", "name", "self_assessment_end", "review_end", "submission_deadline"]


@admin.register(models.ReviewerAssignment)
class ReviewerAssignmentAdmin(admin.ModelAdmin):
    list_display = ["reviewer", "unit", "cycle"]


@admin.register(models.WindowExtension)
class WindowExtensionAdmin(admin.ModelAdmin):
    list_display = ["unit", "cycle", "phase", "new_end", "granted_by", "created_at"]

    def save_model(self, request, obj, form, change):  # type: ignore[no-untyped-def]
        if not obj.granted_by_id:
            obj.granted_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(models.Assessment)
class AssessmentAdmin(admin.ModelAdmin):
    list_display = ["unit", "cycle", "framework", "status", "version"]
    list_filter = ["status", "cycle"]
