"""Reads of the framework. The worksheet is not unit data: every signed-in user may read it."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet

from areas.models import Area, Framework, HasilComponent, Indicator, Question


def framework_active() -> Framework | None:
    """The version new work uses when no assessment says otherwise: the newest active one."""
    return Framework.objects.filter(active=True).order_by("-pk").first()


def framework_tree(*, framework: Framework) -> QuerySet[Area]:
    """Areas with parts, indicators, questions, options and count inputs in 5 queries."""
    questions = Question.objects.prefetch_related("options", "inputs").order_by("position")
    indicators = Indicator.objects.prefetch_related(
        Prefetch("questions", queryset=questions)
    ).order_by("order")
    return (
        Area.objects.filter(framework=framework)
        .prefetch_related("parts", Prefetch("parts__indicators", queryset=indicators))
        .order_by("no")
    )


def hasil_tree(*, framework: Framework) -> QuerySet[HasilComponent]:
    items = Question.objects.prefetch_related("options").order_by("position")
    return HasilComponent.objects.filter(framework=framework).prefetch_related(
        Prefetch("items", queryset=items)
    )
