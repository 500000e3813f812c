"""The survey instrument as versioned data: fixtures/surveys/*-<version>.json (docs/surveys.md).

The file holds both surveys (SPAK -> IPAK -> B.I.a, SPKP -> IPKP -> B.II.a) with each item's
Indonesian and English wording, the scale, the index rule, the minimum number of respondents and
the WBK / WBBM minimum indices. A period records the version it ran with.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

from django.conf import settings
from django.utils.translation import get_language

DEFAULT_VERSION = "2026.1"
_DIR = Path(settings.BASE_DIR) / "fixtures" / "surveys"


def _lang() -> str:
    return "en" if (get_language() or "id").startswith("en") else "id"


@dataclass(frozen=True)
class Item:
    key: str
    text: dict[str, str]

    @property
    def label(self) -> str:
        return self.text[_lang()]


@dataclass(frozen=True)
class Survey:
    key: str
    index_name: str
    question_code: str
    name: dict[str, str]
    items: tuple[Item, ...]
    minimums: dict[str, Decimal]

    @property
    def label(self) -> str:
        return self.name[_lang()]

    @property
    def item_keys(self) -> tuple[str, ...]:
        return tuple(i.key for i in self.items)


@dataclass(frozen=True)
class Instrument:
    version: str
    data: dict[str, Any]
    surveys: tuple[Survey, ...]

    @property
    def min_respondents(self) -> int:
        return int(self.data["min_respondents"])

    @property
    def default_points(self) -> int:
        return int(self.data["scale"]["default_points"])

    @property
    def supported_points(self) -> tuple[int, ...]:
        return tuple(self.data["scale"]["supported_points"])

    def scale_labels(self, points: int) -> list[str]:
        labels: list[str] = self.data["scale"]["labels"][str(points)][_lang()]
        return labels

    @property
    def rule_text(self) -> str:
        return str(self.data["index_rule"]["description"][_lang()])

    @property
    def note(self) -> str:
        return str(self.data["note"][_lang()])

    def profile_choices(self, field: str) -> list[tuple[str, str]]:
        spec = self.data["profile"][field]
        labels = spec.get("choice_labels", {}).get(_lang(), {})
        return [(c, labels.get(c, c)) for c in spec["choices"]]

    def profile_label(self, field: str) -> str:
        return str(self.data["profile"][field]["label"][_lang()])

    def survey(self, key: str) -> Survey:
        return next(s for s in self.surveys if s.key == key)

    @property
    def all_item_keys(self) -> tuple[str, ...]:
        return tuple(k for s in self.surveys for k in s.item_keys)


@cache
def instrument(version: str = DEFAULT_VERSION) -> Instrument:
    """The instrument of ``version`` (read once per process)."""
    data = json.loads((_DIR / f"spak-spkp-{version}.json").read_text(encoding="utf-8"))
    surveys = tuple(
        Survey(
            key=s["key"],
            index_name=s["index"],
            question_code=s["question_code"],
            name=s["name"],
            items=tuple(
                Item(key=i["key"], text={"id": i["id"], "en": i["en"]}) for i in s["items"]
            ),
            minimums={k: Decimal(v) for k, v in data["minimums"][s["key"]].items()},
        )
        for s in data["surveys"]
    )
    return Instrument(version=data["version"], data=data, surveys=surveys)
