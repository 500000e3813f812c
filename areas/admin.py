"""Admin for the framework tables; expected documents are edited inline on each question."""

from __future__ import annotations

from django.contrib import admin

from areas import models


class AnswerOptionInline(admin.TabularInline):
    model = models.AnswerOption
    extra = 0


class CountInputInline(admin.TabularInline):
    model = models.CountInput
    extra = 0


class ExpectedDocumentInline(admin.TabularInline):
    model = models.ExpectedDocument
    extra = 1


@admin.register(models.Framework)
class FrameworkAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "active"]


@admin.register(models.Area)
class AreaAdmin(admin.ModelAdmin):
    list_display = ["no", "name", "weight", "framework"]


@admin.register(models.Part)
class PartAdmin(admin.ModelAdmin):
    list_display = ["area", "kind", "weight"]


@admin.register(models.Indicator)
class IndicatorAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "weight", "part"]
    search_fields = ["code", "name"]


@admin.register(models.HasilComponent)
class HasilComponentAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "weight"]


@admin.register(models.Question)
class QuestionAdmin(admin.ModelAdmin):
    list_display = ["code", "link_label", "answer_type", "text"]
    list_filter = ["answer_type", "framework"]
    search_fields = ["code", "text", "link_label"]
    inlines = [AnswerOptionInline, CountInputInline, ExpectedDocumentInline]


@admin.register(models.AnswerOption)
class AnswerOptionAdmin(admin.ModelAdmin):
    list_display = ["question", "label", "value"]


@admin.register(models.CountInput)
class CountInputAdmin(admin.ModelAdmin):
    list_display = ["question", "key", "label", "lke_row"]


@admin.register(models.ExpectedDocument)
class ExpectedDocumentAdmin(admin.ModelAdmin):
    list_display = ["question", "text", "order"]
    search_fields = ["question__code", "text"]


@admin.register(models.RuleSet)
class RuleSetAdmin(admin.ModelAdmin):
    list_display = ["framework", "predicate", "total_min", "pengungkit_min", "area_min_pct"]
