"""Admin for the framework tables; expected documents are edited inline on each question.

A framework version that an assessment uses is read-only here, all its rows with it: the scores
of those assessments come from these rows (scoring.framework). A new version is loaded from a file
(`manage.py load_framework PATH`) or edited here before any assessment uses it; new rows may only
be attached to such a version. Expected documents (guidance, not scoring) stay editable.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.db.models import ForeignKey, Model, QuerySet
from django.forms import ModelChoiceField
from django.http import HttpRequest

from areas import models
from areas.documents import framework_hash_refresh, framework_id_of, framework_in_use

# From each framework row to its Framework, as an ORM lookup ("" for the Framework itself).
FRAMEWORK_LOOKUP: dict[type[Model], str] = {
    models.Framework: "",
    models.Area: "framework",
    models.Part: "area__framework",
    models.Indicator: "part__area__framework",
    models.HasilComponent: "framework",
    models.Question: "framework",
    models.AnswerOption: "question__framework",
    models.CountInput: "question__framework",
    models.RuleSet: "framework",
}


def _unused(model: type[Model]) -> QuerySet[Any]:
    """The rows of `model` that belong to a framework no assessment uses."""
    path = FRAMEWORK_LOOKUP[model]
    lookup = f"{path}__assessments__isnull" if path else "assessments__isnull"
    return model._default_manager.filter(**{lookup: True})


def _refresh_hash(framework_id: int | None) -> None:
    if framework_id is None:
        return
    framework = models.Framework.objects.filter(pk=framework_id).first()
    if framework is not None:
        framework_hash_refresh(framework)


class FrameworkRowsMixin:
    """Read-only when the row's framework is in use; parents limited to unused frameworks."""

    def _in_use(self, obj: Model | None) -> bool:
        return obj is not None and framework_in_use(framework_id_of(obj))

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return not self._in_use(obj) and super().has_change_permission(request, obj)  # type: ignore[misc]

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return not self._in_use(obj) and super().has_delete_permission(request, obj)  # type: ignore[misc]

    def formfield_for_foreignkey(
        self, db_field: ForeignKey[Any, Any], request: HttpRequest, **kwargs: Any
    ) -> ModelChoiceField | None:
        if db_field.related_model in FRAMEWORK_LOOKUP:
            kwargs["queryset"] = _unused(db_field.related_model)  # type: ignore[arg-type]
        return super().formfield_for_foreignkey(db_field, request, **kwargs)  # type: ignore[misc]


class FrameworkRowAdmin(FrameworkRowsMixin, admin.ModelAdmin):
    """Also stores the framework's new content hash once the row and its inlines are saved."""

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        super().save_related(request, form, formsets, change)
        _refresh_hash(framework_id_of(form.instance))

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        framework_id = framework_id_of(obj)
        super().delete_model(request, obj)
        _refresh_hash(framework_id)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> None:
        """The list's bulk delete: refused when any of the rows belongs to a version in use."""
        path = FRAMEWORK_LOOKUP[self.model]
        if queryset.exclude(pk__in=_unused(self.model).values("pk")).exists():
            raise PermissionDenied
        framework_ids = set(queryset.values_list(f"{path}__pk" if path else "pk", flat=True))
        super().delete_queryset(request, queryset)
        for framework_id in framework_ids:
            _refresh_hash(framework_id)


class AnswerOptionInline(FrameworkRowsMixin, admin.TabularInline):
    model = models.AnswerOption
    extra = 0

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return not self._in_use(obj) and super().has_add_permission(request, obj)


class CountInputInline(FrameworkRowsMixin, admin.TabularInline):
    model = models.CountInput
    extra = 0

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return not self._in_use(obj) and super().has_add_permission(request, obj)


class ExpectedDocumentInline(admin.TabularInline):
    model = models.ExpectedDocument
    extra = 1


@admin.register(models.Framework)
class FrameworkAdmin(FrameworkRowAdmin):
    list_display = ["code", "name", "active"]


@admin.register(models.Area)
class AreaAdmin(FrameworkRowAdmin):
    list_display = ["no", "name", "weight", "framework"]


@admin.register(models.Part)
class PartAdmin(FrameworkRowAdmin):
    list_display = ["area", "kind", "weight"]


@admin.register(models.Indicator)
class IndicatorAdmin(FrameworkRowAdmin):
    list_display = ["code", "name", "weight", "part"]
    search_fields = ["code", "name"]


@admin.register(models.HasilComponent)
class HasilComponentAdmin(FrameworkRowAdmin):
    list_display = ["code", "name", "weight"]


@admin.register(models.Question)
class QuestionAdmin(FrameworkRowAdmin):
    list_display = ["code", "link_label", "answer_type", "text"]
    list_filter = ["answer_type", "framework"]
    search_fields = ["code", "text", "link_label"]
    inlines = [AnswerOptionInline, CountInputInline, ExpectedDocumentInline]


@admin.register(models.AnswerOption)
class AnswerOptionAdmin(FrameworkRowAdmin):
    list_display = ["question", "label", "value"]


@admin.register(models.CountInput)
class CountInputAdmin(FrameworkRowAdmin):
    list_display = ["question", "key", "label", "lke_row"]


@admin.register(models.ExpectedDocument)
class ExpectedDocumentAdmin(admin.ModelAdmin):
    list_display = ["question", "text", "order"]
    search_fields = ["question__code", "text"]


@admin.register(models.RuleSet)
class RuleSetAdmin(FrameworkRowAdmin):
    list_display = ["framework", "predicate", "total_min", "pengungkit_min", "area_min_pct"]
