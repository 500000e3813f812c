"""The unit dashboard's verdict and gap blocks (scoring/reports/dashboard_html.py)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import template
from django.utils.safestring import SafeString, mark_safe

from scoring.plans.templatetags.action_plans import plan_step_allowed
from scoring.reports.dashboard_html import gap_html, verdicts_html
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
    user may edit (scoring/plans/templatetags/action_plans.py: plan_step_allowed, the template's
    own test)."""

    def allowed(code: str) -> bool:
        return plan_step_allowed(context, assessment, code)

    return mark_safe(  # noqa: S308 - every value escaped in dashboard_html
        "".join(gap_html(g, limit=limit, plan_url=plan_url, step_allowed=allowed) for g in gaps)
    )
