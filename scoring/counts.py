"""Counts of percentage questions on the web: the one parser, its bound and its words.

The answer form, the answer service and the live percentage preview all read a count through
:func:`parse_count` (the engine's :func:`~scoring.engine.inputs.count_value` with the portal's
LKE_COUNT_MAX), so the preview accepts exactly what saving accepts, with the same message. The
numerator-above-denominator warning of ratio questions comes from the engine as a code
(scoring.engine.checks) and is worded here, in the active language, wherever counts are shown.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from scoring.engine import QuestionSpec
from scoring.engine.checks import count_warnings
from scoring.engine.inputs import COUNT_MAX, CountError, count_value
from scoring.presenters import number

__all__ = ["count_error_text", "count_max", "count_warning_texts", "parse_count"]


def count_max() -> int:
    """The largest count a percentage question takes (settings.LKE_COUNT_MAX)."""
    return int(getattr(settings, "LKE_COUNT_MAX", COUNT_MAX))


def _whole(value: int) -> str:
    """A count in the active language's format: 10.000.000 in Indonesian, 10,000,000 in English."""
    return number(Decimal(value), 0)


def count_error_text(label: str, error: CountError) -> str:
    """Why ``label``'s value is not a count, in the active language."""
    if error.code == "too_large":
        return _("%(label)s terlalu besar: paling banyak %(max)s.") % {
            "label": label,
            "max": _whole(int(error.params["max"])),
        }
    return _(
        "%(label)s harus bilangan bulat tidak negatif, ditulis dengan angka 0-9 saja (tanpa "
        "titik, koma, spasi di tengah, tanda + atau huruf e)."
    ) % {"label": label}


def parse_count(label: str, raw: Any) -> int:
    """The count ``raw`` stands for; ValidationError naming ``label`` otherwise."""
    try:
        return count_value(raw, maximum=count_max())
    except CountError as exc:
        raise ValidationError(count_error_text(label, exc), code=exc.code) from None


def count_warning_texts(q: QuestionSpec, counts: Mapping[str, int] | None) -> list[str]:
    """The engine's warnings on these counts ("35 of 30 agents?") as sentences."""
    labels = q.input_labels

    def name(key: str) -> str:
        return labels.get(key) or key

    out: list[str] = []
    for code, p in count_warnings(q, counts):
        if code == "numerator_above_denominator":
            out.append(
                _("%(num)s (%(value)s) melebihi %(den)s (%(total)s): periksa kembali jumlahnya.")
                % {
                    "num": name(p["numerator"]),
                    "value": _whole(p["value"]),
                    "den": " + ".join(name(k) for k in p["denominator_keys"]),
                    "total": _whole(p["denominator"]),
                }
            )
        else:
            out.append(code)
    return out
