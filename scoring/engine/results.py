"""What the engine takes (AnswerSet) and returns (results, verdicts, gaps): plain frozen data."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal, localcontext
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


# --------------------------------------------------------------------------- vocabulary

# The engine returns codes and numbers, never sentences; scoring.presenters renders these.
CRITERION_KEYS = (
    "total",
    "pengungkit",
    "area",  # one per area: key "area_<n>", Criterion.area = n
    "bersih_akuntabel",
    "ipak",
    "kinerja",
    "pelayanan_prima",
    "prior_wbk",
)
WARNING_CODES = ("incomplete", "half_below_min", "zero_denominator")
NEED_CODES = ("survey_index", "kinerja_answer", "hasil_b_i_points", "prior_wbk", "hasil_points")
GAP_MESSAGES = ("steps_only", "steps_and_hasil", "hasil_only")

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


def _json(value: object) -> object:
    """A parameter as JSON: Decimals as floats, tuples as lists, the rest as it is."""
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, tuple | list):
        return [_json(v) for v in value]
    return value


def _params(params: Mapping[str, object]) -> dict[str, object]:
    return {k: _json(v) for k, v in params.items()}


@dataclass(frozen=True)
class Criterion:
    """One requirement of a predicate. ``missing`` is in the criterion's own unit.

    ``key`` names the criterion (CRITERION_KEYS); ``area`` is the area number of an ``area_<n>``
    criterion. No text: scoring.presenters renders the label in the active language.
    """

    key: str
    value: Decimal | bool
    min: Decimal | bool
    passed: bool
    missing: Decimal | None
    unit: Literal["poin", "persen", "ya_tidak"]
    missing_points: Decimal | None = None
    area: int | None = None

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "key": self.key,
            "value": _num(self.value),
            "min": _num(self.min),
            "pass": self.passed,
            "missing": None if self.missing is None else float(self.missing),
            "unit": self.unit,
        }
        if self.missing_points is not None:
            out["missing_points"] = float(self.missing_points)
        if self.area is not None:
            out["area"] = self.area
        return out


@dataclass(frozen=True)
class VerdictWarning:
    """A remark on a verdict that is not a failure: a code and its parameters (WARNING_CODES).

    * ``incomplete``: answered, total (inputs answered of all inputs; the verdict is provisional)
    * ``half_below_min``: area, part ("pemenuhan" or "reform"), pct (the part's score as a % of
      its weight), min (the area minimum %): the stricter per-half reading fails, the area passes
    * ``zero_denominator``: codes (the questions scored by their zero-denominator rule)
    """

    code: str
    params: Mapping[str, object] = field(default_factory=dict, hash=False)

    def to_dict(self) -> dict[str, Any]:
        return {"code": self.code, "params": _params(self.params)}


@dataclass(frozen=True)
class Verdict:
    predicate: str
    passed: bool
    final: bool
    criteria: tuple[Criterion, ...]
    warnings: tuple[VerdictWarning, ...]

    def criterion(self, key: str) -> Criterion:
        return next(c for c in self.criteria if c.key == key)

    def to_dict(self) -> dict[str, Any]:
        return {
            "predicate": self.predicate,
            "pass": self.passed,
            "final": self.final,
            "status": "final" if self.final else "provisional",
            "criteria": [c.to_dict() for c in self.criteria],
            "warnings": [w.to_dict() for w in self.warnings],
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
    """A criterion (``key``, as in Criterion) no pengungkit answer can fix, and what it needs.

    ``code`` says what is needed (NEED_CODES), ``params`` with what:

    * ``survey_index``: input (B.I.a or B.II.a), index (the survey index needed, 0-4)
    * ``kinerja_answer``: input (B.I.b), option (the lowest option that is enough, or None)
    * ``hasil_b_i_points``: min (points B.I.a + B.I.b must reach), missing (points short)
    * ``prior_wbk``: nothing (the unit must hold Menuju WBK first)
    * ``hasil_points``: min (points hasil must reach), pengungkit_max (the most pengungkit gives)
    """

    key: str
    value: Decimal | bool
    min: Decimal | bool
    code: str
    needed_value: Decimal | str | bool | None
    params: Mapping[str, object] = field(default_factory=dict, hash=False)

    def to_dict(self) -> dict[str, Any]:
        nv = self.needed_value
        return {
            "key": self.key,
            "value": _num(self.value),
            "min": _num(self.min),
            "code": self.code,
            "params": _params(self.params),
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
    """What the plan amounts to (GAP_MESSAGES): "" when passed; ``steps_only`` (the steps reach
    the predicate), ``steps_and_hasil`` (the steps, and hasil must bring the rest) or
    ``hasil_only`` (pengungkit already suffices, only hasil is short). Its parameters are the
    gap's own fields: predicate, len(steps), steps_gain and blocked_by_hasil."""

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
            "message_code": self.message,
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
    # scoring.engine.gap.gaps_for, handed in by score(): the gap module builds on these results,
    # so this module does not import it (no import cycle inside the engine).
    gap_analysis: Callable[[FrameworkSpec, ScoreResult], dict[str, Gap]] | None = field(
        default=None, repr=False, compare=False
    )

    @cached_property
    def gap(self) -> dict[str, Gap]:
        """Gap analysis per predicate, computed on first use (lists of many units never pay)."""
        if self.gap_analysis is None:
            raise ValueError("this result was built without a gap analysis")
        with localcontext(_CONTEXT):
            return self.gap_analysis(self.spec, self)

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
