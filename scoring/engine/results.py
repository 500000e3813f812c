"""What the engine takes (AnswerSet) and returns (results, verdicts, gaps): plain frozen data."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, localcontext
from functools import cached_property
from typing import Any, Literal

from scoring.engine.spec import _CONTEXT, FrameworkSpec

# --------------------------------------------------------------------------- answers


@dataclass(frozen=True)
class AnswerSet:
    """One side's answers to an assessment, keyed by official LKE codes.

    ``choices`` holds choice questions and B.I.b (option labels); ``counts`` the count inputs of
    percentage questions (a question is answered only when all its keys are present); ``indices``
    the survey indices B.I.a and B.II.a (0-4). Absent means unanswered.
    """

    choices: dict[str, str] = field(default_factory=dict, hash=False)
    counts: dict[str, dict[str, int]] = field(default_factory=dict, hash=False)
    indices: dict[str, Decimal] = field(default_factory=dict, hash=False)
    prior_wbk: bool = False


# --------------------------------------------------------------------------- results


@dataclass(frozen=True)
class QuestionResult:
    code: str
    value: Decimal | None
    answer: str | None = None
    zero_denominator_applied: bool = False


@dataclass(frozen=True)
class AreaResult:
    no: int
    name: str
    weight: Decimal
    pemenuhan: Decimal
    reform: Decimal
    score: Decimal
    pct: Decimal


@dataclass(frozen=True)
class HasilResult:
    b_i_a: Decimal
    b_i_b: Decimal
    b_ii_a: Decimal
    bersih_akuntabel: Decimal
    pelayanan_prima: Decimal
    total: Decimal


@dataclass(frozen=True)
class Criterion:
    """One requirement of a predicate. ``missing`` is in the criterion's own unit."""

    key: str
    label: str
    value: Decimal | bool
    min: Decimal | bool
    passed: bool
    missing: Decimal | None
    unit: Literal["poin", "persen", "ya_tidak"]
    missing_points: Decimal | None = None

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "key": self.key,
            "label": self.label,
            "value": _num(self.value),
            "min": _num(self.min),
            "pass": self.passed,
            "missing": None if self.missing is None else float(self.missing),
            "unit": self.unit,
        }
        if self.missing_points is not None:
            out["missing_points"] = float(self.missing_points)
        return out


@dataclass(frozen=True)
class Verdict:
    predicate: str
    passed: bool
    final: bool
    criteria: tuple[Criterion, ...]
    warnings: tuple[str, ...]

    def criterion(self, key: str) -> Criterion:
        return next(c for c in self.criteria if c.key == key)

    def to_dict(self) -> dict[str, Any]:
        return {
            "predicate": self.predicate,
            "pass": self.passed,
            "final": self.final,
            "status": "final" if self.final else "provisional",
            "criteria": [c.to_dict() for c in self.criteria],
            "warnings": list(self.warnings),
        }


@dataclass(frozen=True)
class GapStep:
    """Raise ``question`` from ``from_`` (None: unanswered) to ``to``, adding ``gain`` points."""

    question: str
    from_: str | None
    to: str
    gain: Decimal
    area_no: int
    indicator_code: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "question": self.question,
            "from": self.from_,
            "to": self.to,
            "gain": float(self.gain),
            "area": self.area_no,
            "indicator": self.indicator_code,
        }


@dataclass(frozen=True)
class HasilNeed:
    """A hasil criterion no pengungkit answer can fix, and what it needs."""

    key: str
    label: str
    value: Decimal | bool
    min: Decimal | bool
    needed: str
    needed_value: Decimal | str | bool | None

    def to_dict(self) -> dict[str, Any]:
        nv = self.needed_value
        return {
            "key": self.key,
            "label": self.label,
            "value": _num(self.value),
            "min": _num(self.min),
            "needed": self.needed,
            "needed_value": float(nv) if isinstance(nv, Decimal) else nv,
        }


@dataclass(frozen=True)
class Gap:
    predicate: str
    passed: bool
    missing_points: Decimal
    pengungkit_target: Decimal
    ranked: tuple[GapStep, ...]
    steps: tuple[GapStep, ...]
    steps_gain: Decimal
    reached: bool
    blocked_by_hasil: tuple[HasilNeed, ...]
    message: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "predicate": self.predicate,
            "pass": self.passed,
            "missing_points": float(self.missing_points),
            "pengungkit_target": float(self.pengungkit_target),
            "steps": [s.to_dict() for s in self.steps],
            "steps_gain": float(self.steps_gain),
            "reached": self.reached,
            "ranked": [s.to_dict() for s in self.ranked],
            "blocked_by_hasil": [b.to_dict() for b in self.blocked_by_hasil],
            "message": self.message,
        }


@dataclass(frozen=True)
class ScoreResult:
    framework: str
    questions: dict[str, QuestionResult]
    indicators: dict[str, Decimal]
    indicators_conservative: dict[str, Decimal]
    areas: dict[int, AreaResult]
    pemenuhan: Decimal
    reform: Decimal
    pengungkit: Decimal
    hasil: HasilResult
    total: Decimal
    conservative_pengungkit: Decimal
    conservative_total: Decimal
    answered: int
    inputs_total: int
    complete: bool
    verdicts: dict[str, Verdict]
    spec: FrameworkSpec = field(repr=False, compare=False)

    @cached_property
    def gap(self) -> dict[str, Gap]:
        """Gap analysis per predicate, computed on first use (lists of many units never pay)."""
        from scoring.engine.gap import gaps_for  # the gap module builds on these results

        with localcontext(_CONTEXT):
            return gaps_for(self.spec, self)

    @property
    def zero_denominator_codes(self) -> tuple[str, ...]:
        return tuple(c for c, q in self.questions.items() if q.zero_denominator_applied)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready dict; numbers are floats of the unrounded Decimals."""
        h = self.hasil
        return {
            "framework": self.framework,
            "complete": self.complete,
            "answered": self.answered,
            "inputs_total": self.inputs_total,
            "questions": {
                c: None if q.value is None else float(q.value) for c, q in self.questions.items()
            },
            "zero_denominator": list(self.zero_denominator_codes),
            "indicators": {c: float(v) for c, v in self.indicators.items()},
            "areas": {
                str(no): {
                    "name": a.name,
                    "weight": float(a.weight),
                    "pemenuhan": float(a.pemenuhan),
                    "reform": float(a.reform),
                    "score": float(a.score),
                    "pct": float(a.pct),
                }
                for no, a in self.areas.items()
            },
            "pemenuhan": float(self.pemenuhan),
            "reform": float(self.reform),
            "pengungkit": float(self.pengungkit),
            "hasil": {
                "B.I.a": float(h.b_i_a),
                "B.I.b": float(h.b_i_b),
                "B.II.a": float(h.b_ii_a),
                "bersih_akuntabel": float(h.bersih_akuntabel),
                "pelayanan_prima": float(h.pelayanan_prima),
                "total": float(h.total),
            },
            "total": float(self.total),
            "conservative_pengungkit": float(self.conservative_pengungkit),
            "conservative_total": float(self.conservative_total),
            "verdicts": {p: v.to_dict() for p, v in self.verdicts.items()},
            "gap": {p: [s.to_dict() for s in g.steps] for p, g in self.gap.items()},
            "gap_details": {p: g.to_dict() for p, g in self.gap.items()},
        }


def _num(value: Decimal | bool) -> float | bool:
    return value if isinstance(value, bool) else float(value)


def format_id(value: Decimal, places: int = 2) -> str:
    """Indonesian display: 2 decimals, comma as decimal separator, dot for thousands (1.234,56)."""
    q = value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    text = f"{q:,.{places}f}"
    return text.replace(",", "_").replace(".", ",").replace("_", ".")
