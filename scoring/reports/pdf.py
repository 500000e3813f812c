"""PDF rendering with WeasyPrint: Django templates in, bytes out, no network.

Fonts come from static/fonts through @font-face in static/css/report.css, so every machine
renders the same glyphs; the StaticOnlyURLFetcher refuses anything but static files and data:.
"""

from __future__ import annotations

from typing import Any

import weasyprint
from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation

from scoring.reports.fetcher import BASE_URL, StaticOnlyURLFetcher

__all__ = ["render_pdf", "report_language"]


def report_language(code: object) -> str:
    """The language a report is written in: ``code`` when it is one of LANGUAGES (a job records
    the language of the page it was asked from), else the default (Bahasa Indonesia)."""
    languages = {c for c, _name in settings.LANGUAGES}
    return code if isinstance(code, str) and code in languages else settings.LANGUAGE_CODE


def render_pdf(template: str, context: dict[str, Any], *, language: str | None = None) -> bytes:
    """Render `template` with `context` to PDF bytes in `language` (default Bahasa Indonesia),
    with the static-only fetcher. Build `context` in the same language: its numbers and verdict
    text are formatted when it is built."""
    with translation.override(report_language(language)):
        html = render_to_string(template, context)
    document = weasyprint.HTML(string=html, base_url=BASE_URL, url_fetcher=StaticOnlyURLFetcher())
    data = document.write_pdf()
    assert isinstance(data, bytes)  # noqa: S101 - write_pdf() without a target returns bytes
    return data
