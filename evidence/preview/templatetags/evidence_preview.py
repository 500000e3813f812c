"""`preview_kind`: how the evidence panel shows a revision (pdf, office, image or none)."""

from __future__ import annotations

from django import template

from evidence.preview.selectors import preview_kind as kind_of

register = template.Library()


@register.filter
def preview_kind(content_type: str) -> str:
    return kind_of(content_type or "")
