"""The institution overview's table rows (scoring/reports/overview_html.py)."""

from __future__ import annotations

from collections.abc import Iterable, Sized

from django import template
from django.utils.safestring import SafeString

from scoring.reports.overview_html import overview_rows_html
from scoring.reports.selectors.overview import OverviewRow

register = template.Library()


@register.simple_tag
def overview_rows(rows: Iterable[OverviewRow], areas: Sized) -> SafeString:
    return overview_rows_html(rows, areas)
