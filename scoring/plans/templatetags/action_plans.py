"""The rencana aksi's hooks in other pages: the "add to plan" address of the dashboard's gap
steps, shown only to who may add plan items now (scoring/plans/rules.py: plan_edit_refusal)."""

from __future__ import annotations

from typing import Any

from django import template
from django.urls import reverse

from scoring.plans.rules import plan_edit_refusal
from scoring.selectors.scores import spec_for
from zi_portal.access import access_for
from zi_portal.models import Assessment

register = template.Library()


@register.simple_tag(takes_context=True)
def plan_add_url(context: dict[str, Any], assessment: Assessment) -> str:
    """The item form's address for this assessment, or "" when the user may not add items."""
    request = context.get("request")
    if request is None or plan_edit_refusal(request.user, assessment) is not None:
        return ""
    return reverse("plans:item_create", args=[assessment.pk])


@register.simple_tag(takes_context=True)
def plan_step_allowed(context: dict[str, Any], assessment: Assessment, code: str) -> bool:
    """May the user add this gap step (a question code) to the plan: a tim kerja restricted to
    some areas sees "add to plan" only on the steps of those areas, never a link that refuses."""
    request = context.get("request")
    if request is None:
        return False
    question = spec_for(assessment).questions.get(code)
    return question is not None and access_for(request.user, assessment).may_edit_area(
        question.area_no
    )
