"""Previews in the Django admin: read-only rows and one action, build again."""

from __future__ import annotations

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from evidence.preview.models import RevisionPreview
from evidence.preview.services import preview_queue


@admin.register(RevisionPreview)
class RevisionPreviewAdmin(admin.ModelAdmin[RevisionPreview]):
    list_display = ["revision", "status", "reason", "page_count", "pages_wanted", "updated_at"]
    list_filter = ["status", "reason"]
    readonly_fields = [
        "revision",
        "status",
        "reason",
        "page_count",
        "pages_wanted",
        "text_truncated",
        "text_done",
        "updated_at",
    ]
    exclude = ["text"]
    actions = ["rebuild"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    @admin.action(description=_("Buat ulang pratinjau"))
    def rebuild(self, request: HttpRequest, queryset: QuerySet[RevisionPreview]) -> None:
        revisions = [p.revision for p in queryset.select_related("revision__evidence")]
        for revision in revisions:
            preview_queue(revision=revision)
        self.message_user(
            request, _("%(n)s pratinjau diantrekan.") % {"n": len(revisions)}, messages.SUCCESS
        )
