"""The unit dashboard's verdict and gap blocks (scoring/reports/dashboard_html.py)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import template
from django.utils.safestring import SafeString, mark_safe

from scoring.reports.dashboard_html import gap_html, verdicts_html
from scoring.selectors.scores import spec_for
from zi_portal.access import access_for
from zi_portal.models import Assessment

register = template.Library()


@register.simple_tag
def dashboard_verdicts(verdicts: Iterable[Any]) -> SafeString:
    return verdicts_html(verdicts)


@register.simple_tag(takes_context=True)
def dashboard_gaps(
    context: dict[str, Any],
    gaps: Iterable[Any],
    assessment: Assessment,
    plan_url: str,
    limit: int = 8,
) -> SafeString:
    """The gaps with at most `limit` steps each; "add to plan" on the steps of the areas the
    user may edit (the same test as scoring/plans/templatetags/action_plans.py)."""
    request = context.get("request")
    questions = spec_for(assessment).questions

    def allowed(code: str) -> bool:
        question = questions.get(code)
        return (
            request is not None
            and question is not None
            and access_for(request.user, assessment).may_edit_area(question.area_no)
        )

    return mark_safe(  # noqa: S308 - every value escaped in dashboard_html
        "".join(gap_html(g, limit=limit, plan_url=plan_url, step_allowed=allowed) for g in gaps)
    )
