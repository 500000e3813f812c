"""The rencana aksi's hooks in other pages: the "add to plan" address of the dashboard's gap
steps, shown only to who may add plan items now (scoring/plans/rules.py: plan_edit_refusal)."""

from __future__ import annotations

from typing import Any

from django import template
from django.urls import reverse

from scoring.plans.rules import plan_edit_refusal
from zi_portal.models import Assessment

register = template.Library()


@register.simple_tag(takes_context=True)
def plan_add_url(context: dict[str, Any], assessment: Assessment) -> str:
    """The item form's address for this assessment, or "" when the user may not add items."""
    request = context.get("request")
    if request is None or plan_edit_refusal(request.user, assessment) is not None:
        return ""
    return reverse("plans:item_create", args=[assessment.pk])
