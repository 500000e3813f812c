"""The submission prerequisites of a ZI proposal (seed 001), as data, and their evaluation.

Pure Python: a prerequisite document (fixtures/prerequisites-*.json) becomes a `PrereqSet`; the
values recorded for one unit and its instansi are checked against the WBK or WBBM minimum of each
kind. The result is codes and values only (status, need, what is needed); scoring.lifecycle's
presenter turns them into words.

Kinds by type:
- ``grade``: a value on an ordinal scale of the document (opini BPK TMP < TW < WDP < WTP, SAKIP
  D < ... < AA, SPIP 1-5); met when at least the minimum;
- ``percent``: a number 0-100; met when at least the minimum;
- ``months_since``: a date (pencanangan); met when at least that many whole months before `on`;
- ``held``: a predicate already held (WBK before WBBM), derived from the predicate history.

A kind without a minimum for a predicate does not apply to it. A kind that is not ``required``
(RB index "where the instansi uses it") is ``not_used`` when nothing is recorded.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any, Literal

PREDICATES = ("WBK", "WBBM")
LEVELS = ("instansi", "unit")
TYPES = ("grade", "percent", "months_since", "held")
# status codes of one prerequisite
Status = Literal["met", "not_met", "missing", "not_used"]
MET: Status = "met"
NOT_MET: Status = "not_met"
MISSING: Status = "missing"
NOT_USED: Status = "not_used"
# what is needed, per type (the presenter's vocabulary)
NEED_CODES = {
    "grade": "at_least_grade",
    "percent": "at_least_percent",
    "months_since": "at_least_months",
    "held": "holds_predicate",
}


class PrereqError(ValueError):
    """The prerequisite document is not valid."""


@dataclass(frozen=True)
class PrereqKind:
    code: str
    level: str
    type: str
    scale: tuple[str, ...]
    required: bool
    minimum: Mapping[str, str]

    def applies_to(self, predicate: str) -> bool:
        return predicate in self.minimum

    def parse(self, raw: str) -> Any:
        """A stored text value as the type compares it; PrereqError when it is not one."""
        raw = raw.strip()
        if self.type == "grade":
            if raw not in self.scale:
                raise PrereqError(f"{self.code}: {raw!r} not in {self.scale}")
            return self.scale.index(raw)
        if self.type == "percent":
            try:
                value = Decimal(raw.replace(",", "."))
            except InvalidOperation as exc:
                raise PrereqError(f"{self.code}: {raw!r} is not a number") from exc
            if not Decimal(0) <= value <= Decimal(100):
                raise PrereqError(f"{self.code}: {raw!r} outside 0-100")
            return value
        if self.type == "months_since":
            try:
                return datetime.date.fromisoformat(raw)
            except ValueError as exc:
                raise PrereqError(f"{self.code}: {raw!r} is not a date") from exc
        return raw in ("1", "true", "yes")


@dataclass(frozen=True)
class PrereqSet:
    framework: str
    version: int
    kinds: tuple[PrereqKind, ...]

    def kind(self, code: str) -> PrereqKind:
        for k in self.kinds:
            if k.code == code:
                return k
        raise KeyError(code)

    def codes(self, *, level: str | None = None) -> list[str]:
        return [k.code for k in self.kinds if level is None or k.level == level]


@dataclass(frozen=True)
class PrereqResult:
    kind: str
    level: str
    status: Status
    need: str  # NEED_CODES value
    needed: str  # the minimum: a grade, a percent, a number of months, a predicate
    value: str | None  # the recorded value as stored, None when missing

    @property
    def blocking(self) -> bool:
        return self.status in (NOT_MET, MISSING)


def prereq_set_from_document(doc: Mapping[str, Any]) -> PrereqSet:
    scales = {name: tuple(str(v) for v in values) for name, values in doc["scales"].items()}
    kinds = []
    for item in doc["kinds"]:
        if item["level"] not in LEVELS or item["type"] not in TYPES:
            raise PrereqError(f"{item['code']}: unknown level or type")
        scale = scales[item["scale"]] if item["type"] == "grade" else ()
        kind = PrereqKind(
            code=item["code"],
            level=item["level"],
            type=item["type"],
            scale=scale,
            required=bool(item.get("required", True)),
            minimum={p: str(v) for p, v in item["minimum"].items()},
        )
        for predicate, minimum in kind.minimum.items():
            if predicate not in PREDICATES:
                raise PrereqError(f"{kind.code}: unknown predicate {predicate}")
            if kind.type == "months_since" and not minimum.isdigit():
                raise PrereqError(f"{kind.code}: {minimum!r} is not a number of months")
            if kind.type in ("grade", "percent"):
                kind.parse(minimum)
        kinds.append(kind)
    if len({k.code for k in kinds}) != len(kinds):
        raise PrereqError("duplicate kind code")
    return PrereqSet(framework=doc["framework"], version=int(doc["version"]), kinds=tuple(kinds))


def _months_between(start: datetime.date, end: datetime.date) -> int:
    months = (end.year - start.year) * 12 + end.month - start.month
    return months - 1 if end.day < start.day else months


def _check(kind: PrereqKind, predicate: str, raw: str, on: datetime.date) -> bool:
    minimum = kind.minimum[predicate]
    if kind.type == "held":
        return raw.strip() == minimum or kind.parse(raw) is True
    value = kind.parse(raw)
    if kind.type == "months_since":
        return bool(_months_between(value, on) >= int(minimum))
    return bool(value >= kind.parse(minimum))


def prerequisites_evaluate(
    pset: PrereqSet, *, predicate: str, values: Mapping[str, str], on: datetime.date
) -> tuple[PrereqResult, ...]:
    """Each kind that applies to `predicate`: met, not met, missing (or not used), in order.

    `values` maps kind codes to the recorded text values (unit and instansi level together); a
    value that does not parse counts as not met.
    """
    if predicate not in PREDICATES:
        raise PrereqError(f"unknown predicate {predicate}")
    out = []
    for kind in pset.kinds:
        if not kind.applies_to(predicate):
            continue
        raw = values.get(kind.code)
        status: Status
        if raw is None or not str(raw).strip():
            status = MISSING if kind.required else NOT_USED
            raw = None
        else:
            try:
                status = MET if _check(kind, predicate, str(raw), on) else NOT_MET
            except PrereqError:
                status = NOT_MET
        out.append(
            PrereqResult(
                kind=kind.code,
                level=kind.level,
                status=status,
                need=NEED_CODES[kind.type],
                needed=kind.minimum[predicate],
                value=raw,
            )
        )
    return tuple(out)


def first_blocking(results: tuple[PrereqResult, ...]) -> PrereqResult | None:
    return next((r for r in results if r.blocking), None)
