"""A variant framework file for the version tests: the committed fixture under another code,
with two indicator weights swapped and other predicate thresholds (the same shape).

Hand-computed consequences (used by tests/areas/test_framework_versions.py and
tests/scoring/test_cli.py): in area 1 pemenuhan, A.I.1.i weighs 1.5 instead of 0.5 and A.I.1.iv
0.5 instead of 1.5 (the part still sums to 4); the rule sets ask WBK total 80, pengungkit 45,
each area 80 % and WBBM total 90, pengungkit 50, each area 85 %.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

from areas.services import framework_read_fixture

VARIANT_CODE = "variant-uji"
VARIANT_WEIGHTS = {"A.I.1.i": "1.5", "A.I.1.iv": "0.5"}  # 0.5 and 1.5 in 90/2021
VARIANT_RULES = {
    "WBK": {"total_min": "80", "pengungkit_min": "45", "area_min_pct": "80"},
    "WBBM": {"total_min": "90", "pengungkit_min": "50", "area_min_pct": "85"},
}


def find_indicator(data: dict[str, Any], code: str) -> dict[str, Any]:
    for area in data["areas"]:
        for part in area["parts"]:
            for ind in part["indicators"]:
                if ind["code"] == code:
                    found: dict[str, Any] = ind
                    return found
    raise KeyError(code)


def ruleset(data: dict[str, Any], predicate: str) -> dict[str, Any]:
    found: dict[str, Any] = next(r for r in data["rulesets"] if r["predicate"] == predicate)
    return found


def variant_document() -> dict[str, Any]:
    data = copy.deepcopy(framework_read_fixture())
    data["code"] = VARIANT_CODE
    data["name"] = "LKE ZI varian uji"
    for code, weight in VARIANT_WEIGHTS.items():
        find_indicator(data, code)["weight"] = weight
    for predicate, values in VARIANT_RULES.items():
        ruleset(data, predicate).update(values)
    return data


def write_document(directory: Path, data: dict[str, Any], name: str = "variant.json") -> Path:
    path = directory / name
    path.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
    return path
