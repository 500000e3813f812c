"""The monev reports in the Django admin, read-only: they change only through the services
(generate, attach, sign-off), which check the rules and leave the audit trail."""

from __future__ import annotations

from django.contrib import admin

from scoring.admin import ViewOnlyAdmin
from scoring.plans.monev.models import MonevReport


@admin.register(MonevReport)
class MonevReportAdmin(ViewOnlyAdmin):
    list_display = ["assessment", "quarter", "status", "generated_at", "signed_off_by", "evidence"]
    list_filter = ["status", "quarter"]
