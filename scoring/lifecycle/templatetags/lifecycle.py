"""The prerequisites panel (dashboard, verdict) and the TPN panel (assessment page)."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils import timezone

from scoring.lifecycle.forms import PrerequisiteForm, StepForm
from scoring.lifecycle.prerequisites import holds_wbk
from scoring.lifecycle.selectors import (
    evidence_choices,
    prerequisite_rows,
    target_predicate,
    tpn_timeline,
)
from scoring.predicates.models import Predicate
from scoring.predicates.selectors import grants_among
from zi_portal.models import Assessment

register = template.Library()


@register.inclusion_tag("lifecycle/_prerequisites.html")
def prerequisites_panel(
    assessment: Assessment, predicates: list[Predicate] | None = None
) -> dict[str, Any]:
    """`predicates`: the unit's decisions the page has read already (`unit_predicates`): WBK
    held is then taken from them, not read again."""
    held = (
        bool(grants_among(predicates))
        if predicates is not None
        else holds_wbk(assessment.unit, timezone.localdate())
    )
    predicate = getattr(getattr(assessment, "proposal", None), "predicate", None)
    predicate = predicate or target_predicate(assessment.unit, held=held)
    return {
        "rows": prerequisite_rows(assessment=assessment, predicate=predicate, held=held),
        "predicate": predicate,
    }


@register.inclusion_tag("lifecycle/_tpn_panel.html", takes_context=True)
def tpn_panel(context: Any, assessment: Assessment) -> dict[str, Any]:
    timeline = tpn_timeline(
        user=context["request"].user, assessment=assessment, access=context.get("access")
    )
    ctx: dict[str, Any] = {
        "assessment": assessment,
        "t": timeline,
        "csrf_token": context.get("csrf_token"),
    }
    if timeline.may_record:
        ctx["prereq_form"] = PrerequisiteForm(
            kinds=timeline.unit_kinds,
            sources=evidence_choices(cycle=assessment.cycle, unit=assessment.unit),
        )
        if timeline.next_stages:
            ctx["step_form"] = StepForm(
                stages=timeline.next_stages,
                documents=assessment.evidence.all(),
            )
    return ctx
