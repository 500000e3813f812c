"""The unit dashboard's predicate history section: `{% predicate_panel unit %}`."""

from __future__ import annotations

from typing import Any

from django import template

from scoring.predicates.models import Predicate
from scoring.predicates.selectors import predicate_panel as panel_for
from zi_portal.models import Unit

register = template.Library()


@register.inclusion_tag("predicates/_panel.html", takes_context=True)
def predicate_panel(
    context: Any, unit: Unit, rows: list[Predicate] | None = None
) -> dict[str, Any]:
    """`rows`: the unit's decisions the page has read already (`unit_predicates`)."""
    panel = panel_for(user=context["request"].user, unit=unit, rows=rows)
    return {"panel": panel, "manage_link": True}
