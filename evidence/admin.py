"""Admin for evidence: soft-deleted documents can be restored from the list or the change page."""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from evidence import models, services


class RevisionInline(admin.TabularInline):
    model = models.EvidenceRevision
    extra = 0
    can_delete = False
    fields = (
        "number",
        "original_name",
        "size",
        "sha256",
        "content_type",
        "uploaded_by",
        "uploaded_at",
    )
    readonly_fields = fields

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class DeletedFilter(admin.SimpleListFilter):
    title = gettext_lazy("status hapus")
    parameter_name = "terhapus"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, Any]]:
        return [("ya", gettext_lazy("Dihapus")), ("tidak", gettext_lazy("Aktif"))]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        if self.value() == "ya":
            return queryset.filter(deleted_at__isnull=False)
        if self.value() == "tidak":
            return queryset.filter(deleted_at__isnull=True)
        return queryset


def _restore(request: HttpRequest, evidence: models.Evidence) -> bool:
    try:
        services.evidence_restore(actor=request.user, evidence=evidence)  # type: ignore[arg-type]
    except PermissionDenied as exc:
        messages.error(request, str(exc))
        return False
    return True


@admin.action(description=gettext_lazy("Pulihkan bukti yang dihapus"))
def restore_evidence(
    modeladmin: EvidenceAdmin, request: HttpRequest, queryset: QuerySet[models.Evidence]
) -> None:
    restored = 0
    for evidence in queryset.filter(deleted_at__isnull=False).select_related("assessment"):
        if not _restore(request, evidence):
            return
        restored += 1
    messages.success(request, _("%(n)s bukti dipulihkan.") % {"n": restored})


@admin.register(models.Evidence)
class EvidenceAdmin(admin.ModelAdmin):
    list_display = ["title", "assessment", "kind", "is_public", "deleted_at", "deleted_by"]
    list_filter = [DeletedFilter, "kind", "is_public"]
    search_fields = ["title", "revisions__sha256", "revisions__original_name"]
    list_select_related = ["assessment", "assessment__unit", "assessment__cycle", "deleted_by"]
    inlines = [RevisionInline]
    actions = [restore_evidence]
    change_form_template = "evidence/admin_change_form.html"
    # Writes go through the services (audited, permission-checked); the admin only restores.
    readonly_fields = [
        "assessment",
        "title",
        "kind",
        "url",
        "is_public",
        "created_by",
        "created_at",
        "deleted_at",
        "deleted_by",
        "current_revision",
        # Changed in the panel (evidence.services.evidence_set_validity), shown here.
        "effective_from",
        "effective_until",
    ]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        # Every field is read-only here; restoring happens in response_change via the service.
        return None

    def changeform_view(
        self,
        request: HttpRequest,
        object_id: str | None = None,
        form_url: str = "",
        extra_context: dict[str, Any] | None = None,
    ) -> HttpResponse:
        # The restore button skips the (read-only) change form and goes straight to the service.
        if request.method == "POST" and "_restore" in request.POST and object_id:
            obj = self.get_object(request, object_id)
            if obj is None or not self.has_change_permission(request, obj):
                raise PermissionDenied
            if _restore(request, obj):
                self.message_user(
                    request, _("Bukti '%(t)s' dipulihkan.") % {"t": obj.title}, messages.SUCCESS
                )
            return HttpResponseRedirect(request.path)
        return super().changeform_view(request, object_id, form_url, extra_context)


@admin.register(models.EvidenceRevision)
class EvidenceRevisionAdmin(admin.ModelAdmin):
    list_display = ["evidence", "number", "original_name", "size", "sha256", "uploaded_at"]
    search_fields = ["sha256", "original_name"]


@admin.register(models.EvidenceAttachment)
class EvidenceAttachmentAdmin(admin.ModelAdmin):
    list_display = ["evidence", "question", "attached_at"]


@admin.register(models.Comment)
class CommentAdmin(admin.ModelAdmin):
    list_display = ["assessment", "question", "author", "resolved", "created_at"]


@admin.register(models.ReviewFlag)
class ReviewFlagAdmin(admin.ModelAdmin):
    list_display = ["assessment", "question", "created_at", "returned_at", "outcome", "resolved_at"]
    list_filter = ["outcome"]
    # A flag's life is the workflow's (return, reply, accept, withdraw): read-only here.
    readonly_fields = [
        "outcome",
        "returned_at",
        "resolved_at",
        "resolved_by",
        "reply",
        "replied_by",
        "replied_at",
    ]


@admin.register(models.ValidityReminder)
class ValidityReminderAdmin(admin.ModelAdmin):
    """The record of each reminder sent before a document expires (evidence/reminders.py):
    read-only, since a row is what keeps the reminder from being sent twice."""

    list_display = ["evidence", "days_before", "effective_until", "recipients", "sent_at"]
    list_filter = ["days_before"]
    readonly_fields = ["evidence", "days_before", "effective_until", "recipients", "sent_at"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
