"""``{% workbook_import_link assessment %}``: the assessment page's link to the workbook import,
shown only to whoever may import into a side now (scoring/selectors/workbook.py)."""

from __future__ import annotations

from typing import Any

from django import template
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from scoring.selectors.workbook import workbook_import_sides
from zi_portal.models import Assessment

register = template.Library()


@register.simple_tag(takes_context=True)
def workbook_import_link(context: Any, assessment: Assessment) -> SafeString | str:
    request = context.get("request")
    if request is None or not workbook_import_sides(user=request.user, assessment=assessment):
        return ""
    return format_html(
        '<a href="{}" id="workbook-import-link">{}</a>',
        reverse("scoring:workbook_import", args=[assessment.pk]),
        _("Impor lembar kerja LKE"),
    )
