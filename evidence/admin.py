"""Admin for evidence: soft-deleted documents can be restored from here."""

from __future__ import annotations

from django.contrib import admin

from evidence import models


class RevisionInline(admin.TabularInline):
    model = models.EvidenceRevision
    extra = 0
    fields = [
        "number",
        "original_name",
        "size",
        "sha256",
        "content_type",
        "uploaded_by",
        "uploaded_at",
    ]
    readonly_fields = fields


@admin.register(models.Evidence)
class EvidenceAdmin(admin.ModelAdmin):
    list_display = ["title", "assessment", "kind", "is_public", "deleted_at"]
    list_filter = ["kind", "is_public"]
    search_fields = ["title"]
    inlines = [RevisionInline]


@admin.register(models.EvidenceRevision)
class EvidenceRevisionAdmin(admin.ModelAdmin):
    list_display = ["evidence", "number", "original_name", "size", "sha256", "uploaded_at"]


@admin.register(models.EvidenceAttachment)
class EvidenceAttachmentAdmin(admin.ModelAdmin):
    list_display = ["evidence", "question", "attached_at"]


@admin.register(models.Comment)
class CommentAdmin(admin.ModelAdmin):
    list_display = ["assessment", "question", "author", "resolved", "created_at"]


@admin.register(models.ReviewFlag)
class ReviewFlagAdmin(admin.ModelAdmin):
    list_display = ["assessment", "question", "created_at", "resolved_at"]
