"""Admin for units, memberships, cycles, reviewer assignments and assessments."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from zi_portal import models
from zi_portal.forms import AdminLoginForm


class MembershipInline(admin.TabularInline):
    model = models.Membership
    extra = 0
    filter_horizontal = ["areas"]


@admin.register(models.Unit)
class UnitAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "parent", "holds_wbk", "predicate"]
    # A copy of the predicate history (scoring/predicates): recorded and revoked at /predikat/.
    readonly_fields = ["holds_wbk", "predicate", "predicate_date"]
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
    """View only. An extension is granted on the assessment page ("Perpanjang jadwal"), whose
    service (scoring.services.workflow.window_extend) checks the admin role and the dates and
    writes the workflow event and the e-mails; this app may not import scoring, so the admin
    only shows the extensions and says where to grant them (change_list.html)."""

    list_display = ["unit", "cycle", "phase", "new_end", "granted_by", "created_at"]
    list_filter = ["phase", "cycle"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(models.Assessment)
class AssessmentAdmin(admin.ModelAdmin):
    """The workflow's fields are read-only here: they change only through the workflow services
    (sign-off, submit, return, finalise), which lock the row, check the rules and record events."""

    list_display = ["unit", "cycle", "framework", "status", "version"]
    list_filter = ["status", "cycle"]
    readonly_fields = [
        "status",
        "version",
        "recommendation",
        "recommendation_text",
        "signed_off_by",
        "signed_off_at",
    ]


# The admin's login is under the same per-username guessing limit as the portal's (login_guard).
admin.site.login_form = AdminLoginForm


@admin.register(models.NotificationPreference)
class NotificationPreferenceAdmin(admin.ModelAdmin):
    """A person's e-mail choices; they set them on /profil/, the digest stamps the day."""

    list_display = ["user", "daily_digest", "language", "digest_sent_on"]
    list_filter = ["daily_digest", "language"]
    search_fields = ["user__username", "user__email"]
    readonly_fields = ["digest_sent_on"]
