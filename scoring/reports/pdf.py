"""PDF rendering with WeasyPrint: Django templates in, bytes out, no network.

Fonts come from static/fonts through @font-face in static/css/report.css, so every machine
renders the same glyphs; the StaticOnlyURLFetcher refuses anything but static files and data:.
"""

from __future__ import annotations

from typing import Any

import weasyprint
from django.template.loader import render_to_string
from django.utils import translation

from scoring.reports.fetcher import BASE_URL, StaticOnlyURLFetcher

__all__ = ["render_pdf"]


def render_pdf(template: str, context: dict[str, Any]) -> bytes:
    """Render `template` with `context` to PDF bytes (Indonesian locale, static-only fetcher)."""
    with translation.override("id"):
        html = render_to_string(template, context)
    document = weasyprint.HTML(string=html, base_url=BASE_URL, url_fetcher=StaticOnlyURLFetcher())
    data = document.write_pdf()
    assert isinstance(data, bytes)  # noqa: S101 - write_pdf() without a target returns bytes
    return data
