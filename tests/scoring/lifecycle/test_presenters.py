"""Recorded prerequisite values read in the reader's locale, never as ISO dates or with the
other language's decimal separator."""

from __future__ import annotations

import pytest
from django.utils import translation

from scoring.lifecycle.presenters import value_text


@pytest.mark.parametrize(
    ("language", "kind", "raw", "shown"),
    [
        ("id", "pencanangan", "2024-01-15", "15 Jan 2024"),
        ("en", "pencanangan", "2024-01-15", "15 Jan 2024"),
        ("id", "tlhp_percent", "97.5", "97,50"),
        ("en", "tlhp_percent", "97.5", "97.50"),
        ("id", "lhkpn_percent", "100", "100"),
        ("en", "opini_bpk", "WTP", "WTP"),
        ("en", "sakip_unit", None, None),
    ],
)
def test_value_text_follows_the_locale(
    language: str, kind: str, raw: str | None, shown: str | None
) -> None:
    with translation.override(language):
        assert value_text(kind, raw) == shown
