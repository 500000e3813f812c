"""Tags of the next cycle: the score card's "provisional" note, the question page's "to confirm"
box and the dashboard's score trend across cycles (scoring/cycle/selectors.py)."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from areas.models import Question
from scoring.cycle import selectors
from scoring.models import Answer, Side
from zi_portal.models import Assessment

register = template.Library()


@register.simple_tag
def carried_note(assessment: Assessment, count: Any = None) -> SafeString | str:
    """`count`: the unit answers still to confirm, when the page has counted them already (an
    int; anything else, such as a missing variable, reads them)."""
    n = count if isinstance(count, int) else selectors.unconfirmed_count(assessment=assessment)
    if not n:
        return ""
    text = ngettext(
        "Nilai resmi sementara: %(n)s jawaban bawaan siklus lalu belum dikonfirmasi.",
        "Nilai resmi sementara: %(n)s jawaban bawaan siklus lalu belum dikonfirmasi.",
        n,
    ) % {"n": n}
    return format_html('<p class="warn carried-note">{}</p>', text)


@register.inclusion_tag("scoring/cycle/_to_confirm.html")
def to_confirm(
    assessment: Assessment, answer: Answer, question: Question, reason: str | None
) -> dict[str, Any]:
    previous = answer.carried_from
    return {
        "assessment": assessment,
        "question": question,
        "answer": answer,
        "year": previous.assessment.cycle.year if previous else None,
        "editable": not reason,
        "indicator": question.indicator.code if question.indicator is not None else "",
    }


@register.inclusion_tag("scoring/cycle/_trend.html", takes_context=True)
def score_trend(context: Any, assessment: Assessment) -> dict[str, Any]:
    request = context.get("request")
    dash = context.get("dash")  # the unit dashboard's scores of this assessment, reused
    known: dict[int, dict[str, Any]] | None = (
        {assessment.pk: {str(Side.UNIT): dash.unit, str(Side.TPI): dash.tpi}}
        if dash is not None and getattr(dash, "assessment", None) == assessment
        else None
    )
    rows = (
        selectors.score_trend(user=request.user, unit=assessment.unit, known=known)
        if request
        else []
    )
    return {"rows": rows, "current": assessment.pk, "title": _("Tren nilai antarsiklus")}
