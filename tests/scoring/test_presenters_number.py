"""scoring.presenters.number writes out Django's number_format: the same text for every value,
place count and language (grouping, negative values, rounding half up, values that round to 0)."""

from __future__ import annotations

import random
from decimal import ROUND_HALF_UP, Decimal

import pytest
from django.utils import formats, translation

from scoring.presenters import number

VALUES = [
    Decimal("0"),
    Decimal("-0.001"),
    Decimal("-0.005"),
    Decimal("0.005"),
    Decimal("1.5"),
    Decimal("999.995"),
    Decimal("1000"),
    Decimal("-1234.5"),
    Decimal("1234567.891"),
    Decimal("100"),
    Decimal("75.955"),
    Decimal("12345678901.2"),
    0.125,
    33.333333333333336,
    -7.0,
    Decimal("1E+3"),
    Decimal("2.5E-7"),
]


def _django(value: Decimal | float, places: int) -> str:
    d = value if isinstance(value, Decimal) else Decimal(str(value))
    q = d.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    return str(formats.number_format(q, decimal_pos=places, use_l10n=True, force_grouping=True))


@pytest.mark.parametrize("language", ["id", "en"])
@pytest.mark.parametrize("places", [0, 1, 2, 3, 4])
def test_same_text_as_djangos_number_format(language: str, places: int) -> None:
    rng = random.Random(places)
    values = VALUES + [
        Decimal(rng.randint(-(10**9), 10**9)) / 10 ** rng.randint(0, 6) for _ in range(300)
    ]
    with translation.override(language):
        for v in values:
            assert number(v, places) == _django(v, places), (v, places)
    with translation.override("id"):
        assert number(Decimal("1234.5")) == "1.234,50"
    with translation.override("en"):
        assert number(Decimal("1234.5")) == "1,234.50"
