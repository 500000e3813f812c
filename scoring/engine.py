"""The LKE ZI scoring engine (PermenPANRB 90/2021): pure Python over plain data and Decimal.

No Django, no ORM and no spreadsheet library: the CLI, views, Celery tasks and the workbook import
all call :func:`score` with a :class:`FrameworkSpec` (built from the committed fixture) and an
:class:`AnswerSet`, and get back a :class:`ScoreResult`.

Rules (reference/LKE-RULES.md sections 0-4, DESIGN.md section 7):

* Choice values are the literal decimals of the fixture (A/B/C/D is 1/0.67/0.33/0, never 2/3).
* A percentage question is answered only when every one of its count inputs is given, including
  inputs its formula does not use (the official sheet shows "Blm Diisi" otherwise). ``ratio`` is
  min(1, numerator / sum(denominator)); ``decline`` is 1 for 0 -> 0 violations, 0 for 0 -> more,
  else max(0, (previous - current) / previous). A zero denominator takes the question's explicit
  ``zero_denominator`` value from the framework data, and the result records that it did.
* Indicator = weight x average of its *answered* questions (Excel AVERAGE skips blanks); an
  indicator with nothing answered scores 0. Everything above it is a plain sum. The conservative
  score counts blanks as 0 instead.
* Hasil: survey index i (0-4) scores i / 4 x weight; capaian kinerja scores option value x weight.
* All arithmetic is Decimal in a local 40-digit context; thresholds are compared unrounded and
  inclusively. Area minimums are compared in points (score x 100 >= min% x weight), so no division
  rounding can flip a boundary case.

Decisions on the regulation's open points: the per-area minimum is read on the whole area
((pemenuhan + reform) / area weight); the stricter per-half reading is only a warning. Verdicts are
"final" only when all 113 inputs (110 questions and 3 hasil inputs) are answered. The per-half
warning is given for areas that pass as a whole (a failing area is already reported).

Gap analysis (``ScoreResult.gap``, computed on first access so that lists of many units only pay
for the scores), for each predicate that is not met:

* Candidate steps raise one pengungkit answer by one step: a choice question to its next better
  option (an unanswered one straight to its best option), a percentage question to 100 %. A step's
  gain is the exact change of the total. Sums are linear, so that is the change of its own
  indicator: gains are computed per indicator, never by re-scoring everything.
* ``ranked``: every step with a positive gain, best first (ties by LKE row).
* ``steps``, the greedy plan. Targets: pengungkit must reach max(pengungkit minimum, total minimum
  - current hasil), capped at the pengungkit maximum (the rest of the total can only come from
  hasil), and every area must reach its minimum in points. Each round takes the step that removes
  the most remaining shortfall, counted as min(gain, pengungkit shortfall) + min(gain, shortfall
  of the step's own area), ties broken by the larger gain, then by LKE row. Only that step's
  indicator is re-evaluated (a question can be stepped again: C -> B -> A), and rounds repeat
  until no shortfall is left. Each step's gain is its gain when taken, so the plan's gains add up
  to the pengungkit it gains. The plan is a heuristic, not a proven minimum.
* ``blocked_by_hasil``: criteria no pengungkit step can fix (IPAK, kinerja, pelayanan prima,
  bersih & akuntabel, prior WBK, and a total out of pengungkit's reach), with the index or answer
  needed.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Context, Decimal, localcontext
from functools import cached_property
from typing import Any, Literal

__all__ = [
    "AnswerSet",
    "AreaResult",
    "AreaSpec",
    "Criterion",
    "Formula",
    "FrameworkSpec",
    "Gap",
    "GapStep",
    "HasilNeed",
    "HasilResult",
    "HasilSpec",
    "IndicatorSpec",
    "Option",
    "QuestionResult",
    "QuestionSpec",
    "RuleSet",
    "ScoreResult",
    "Verdict",
    "format_id",
    "score",
]

PartKind = Literal["pemenuhan", "reform"]
CHOICE_TYPES = frozenset({"ya_tidak", "abc", "abcd", "abcde"})
PERCENT_TYPE = "persen"
INDEX_TYPE = "nilai_0_4"
INDEX_MAX = Decimal(4)

# 40 significant digits: far beyond Excel's 15, so averages such as 2.42 / 3 never decide a
# threshold by rounding noise.
_CONTEXT = Context(prec=40)
_ZERO = Decimal(0)
_ONE = Decimal(1)
_HUNDRED = Decimal(100)
_CENT = Decimal("0.01")


# --------------------------------------------------------------------------- framework spec


@dataclass(frozen=True)
class Option:
    """One answer option of a choice question, with its literal value."""

    label: str
    value: Decimal
    text: str = ""


@dataclass(frozen=True)
class Formula:
    """How a percentage question is computed from its count inputs."""

    kind: Literal["ratio", "decline"]
    numerator: str | None = None
    denominator: tuple[str, ...] = ()
    previous: str | None = None
    current: str | None = None


@dataclass(frozen=True)
class QuestionSpec:
    """One of the 110 scored pengungkit questions."""

    code: str
    area_no: int
    part: PartKind
    indicator_code: str
    answer_type: str
    options: tuple[Option, ...]
    input_keys: tuple[str, ...]
    formula: Formula | None
    zero_denominator: Decimal | None
    lke_row: int
    input_rows: dict[str, int] = field(hash=False)
    text: str = ""
    link_label: str = ""
    label: str = ""
    input_labels: dict[str, str] = field(default_factory=dict, hash=False)

    @property
    def is_percentage(self) -> bool:
        return self.answer_type == PERCENT_TYPE

    @cached_property
    def option_values(self) -> dict[str, Decimal]:
        return {o.label: o.value for o in self.options}

    @cached_property
    def best_option(self) -> Option | None:
        return max(self.options, key=lambda o: o.value) if self.options else None

    @cached_property
    def _next_better(self) -> dict[str | None, Option | None]:
        table: dict[str | None, Option | None] = {None: self.best_option}
        for o in self.options:
            better = [b for b in self.options if b.value > o.value]
            table[o.label] = min(better, key=lambda b: b.value) if better else None
        return table

    def next_better(self, label: str | None) -> Option | None:
        """The option one step above ``label`` (the best when unanswered); None at the top."""
        return self._next_better[label]


@dataclass(frozen=True)
class IndicatorSpec:
    """An indicator: its weight times the average of its answered questions."""

    code: str
    area_no: int
    part: PartKind
    weight: Decimal
    question_codes: tuple[str, ...]
    name: str = ""


@dataclass(frozen=True)
class AreaSpec:
    """One of the six pengungkit areas, split 50/50 into pemenuhan and reform."""

    no: int
    code: str
    name: str
    weight: Decimal
    pemenuhan_weight: Decimal
    reform_weight: Decimal


@dataclass(frozen=True)
class HasilSpec:
    """A hasil input: B.I.a (IPAK index), B.I.b (capaian kinerja A-E), B.II.a (IPKP index)."""

    code: str
    component: str
    weight: Decimal
    answer_type: str
    options: tuple[Option, ...]
    lke_row: int
    name: str = ""

    @property
    def is_index(self) -> bool:
        return self.answer_type == INDEX_TYPE

    @cached_property
    def option_values(self) -> dict[str, Decimal]:
        return {o.label: o.value for o in self.options}


@dataclass(frozen=True)
class RuleSet:
    """The thresholds of one predicate (WBK or WBBM)."""

    predicate: str
    total_min: Decimal
    pengungkit_min: Decimal
    area_min_pct: Decimal
    bersih_akuntabel_min: Decimal
    ipak_min: Decimal
    kinerja_min: Decimal
    pelayanan_prima_min: Decimal
    requires_prior_wbk: bool


def _dec(value: object, where: str) -> Decimal:
    # The fixture keeps every number as a string so that 0.67 stays 0.67; a float here would
    # mean someone rebuilt the fixture wrongly.
    if not isinstance(value, str | int) or isinstance(value, bool):
        raise ValueError(f"{where}: expected a number written as a string, got {value!r}")
    return Decimal(value)


def _options(raw: Iterable[Mapping[str, Any]], where: str) -> tuple[Option, ...]:
    return tuple(
        Option(label=str(o["label"]), value=_dec(o["value"], where), text=str(o.get("text", "")))
        for o in raw
    )


def _formula(raw: Mapping[str, Any], keys: tuple[str, ...], where: str) -> Formula:
    kind = raw.get("kind")
    if kind == "ratio":
        formula = Formula(
            kind="ratio",
            numerator=str(raw["numerator"]),
            denominator=tuple(str(k) for k in raw["denominator"]),
        )
        used = (formula.numerator, *formula.denominator)
    elif kind == "decline":
        formula = Formula(
            kind="decline", previous=str(raw["previous"]), current=str(raw["current"])
        )
        used = (formula.previous, formula.current)
    else:
        raise ValueError(f"{where}: unknown formula kind {kind!r}")
    unknown = [k for k in used if k not in keys]
    if unknown:
        raise ValueError(f"{where}: formula uses undeclared inputs {unknown}")
    return formula


@dataclass(frozen=True)
class FrameworkSpec:
    """The whole framework as immutable data, built once from the fixture."""

    code: str
    areas: tuple[AreaSpec, ...]
    indicators: dict[str, IndicatorSpec] = field(hash=False)
    questions: dict[str, QuestionSpec] = field(hash=False)
    hasil: dict[str, HasilSpec] = field(hash=False)
    rulesets: dict[str, RuleSet] = field(hash=False)
    name: str = ""

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> FrameworkSpec:
        """Build the spec from the fixture's JSON (numbers as strings), checking its shape."""
        areas: list[AreaSpec] = []
        indicators: dict[str, IndicatorSpec] = {}
        questions: dict[str, QuestionSpec] = {}
        for a in data["areas"]:
            no = int(a["no"])
            part_weights: dict[str, Decimal] = {}
            for p in a["parts"]:
                kind = p["kind"]
                if kind not in ("pemenuhan", "reform"):
                    raise ValueError(f"area {no}: unknown part kind {kind!r}")
                part_weights[kind] = _dec(p["weight"], f"area {no} {kind}")
                for ind in p["indicators"]:
                    icode = str(ind["code"])
                    qcodes: list[str] = []
                    for q in ind["questions"]:
                        qcode = str(q["code"])
                        qcodes.append(qcode)
                        questions[qcode] = _question(q, no, kind, icode)
                    if not qcodes:
                        raise ValueError(f"{icode}: indicator without questions")
                    indicators[icode] = IndicatorSpec(
                        code=icode,
                        area_no=no,
                        part=kind,
                        weight=_dec(ind["weight"], icode),
                        question_codes=tuple(qcodes),
                        name=str(ind.get("name", "")),
                    )
            areas.append(
                AreaSpec(
                    no=no,
                    code=str(a["code"]),
                    name=str(a["name"]),
                    weight=_dec(a["weight"], f"area {no}"),
                    pemenuhan_weight=part_weights.get("pemenuhan", _ZERO),
                    reform_weight=part_weights.get("reform", _ZERO),
                )
            )
        hasil: dict[str, HasilSpec] = {}
        for comp in data["hasil"]:
            for item in comp["items"]:
                hcode = str(item["code"])
                hasil[hcode] = HasilSpec(
                    code=hcode,
                    component=str(comp["code"]),
                    weight=_dec(item["weight"], hcode),
                    answer_type=str(item["answer_type"]),
                    options=_options(item.get("options", []), hcode),
                    lke_row=int(item["lke_row"]),
                    name=str(item.get("name", "")),
                )
        missing = {"B.I.a", "B.I.b", "B.II.a"} - hasil.keys()
        if missing:
            raise ValueError(f"hasil inputs missing from the framework: {sorted(missing)}")
        rulesets = {
            str(r["predicate"]): RuleSet(
                predicate=str(r["predicate"]),
                total_min=_dec(r["total_min"], "ruleset"),
                pengungkit_min=_dec(r["pengungkit_min"], "ruleset"),
                area_min_pct=_dec(r["area_min_pct"], "ruleset"),
                bersih_akuntabel_min=_dec(r["bersih_akuntabel_min"], "ruleset"),
                ipak_min=_dec(r["ipak_min"], "ruleset"),
                kinerja_min=_dec(r["kinerja_min"], "ruleset"),
                pelayanan_prima_min=_dec(r["pelayanan_prima_min"], "ruleset"),
                requires_prior_wbk=bool(r["requires_prior_wbk"]),
            )
            for r in data["rulesets"]
        }
        return cls(
            code=str(data["code"]),
            name=str(data.get("name", "")),
            areas=tuple(sorted(areas, key=lambda x: x.no)),
            indicators=indicators,
            questions=questions,
            hasil=hasil,
            rulesets=rulesets,
        )

    @cached_property
    def input_codes(self) -> tuple[str, ...]:
        """The 113 codes a complete assessment answers: 110 questions, then the hasil inputs."""
        return (*self.questions, *self.hasil)

    @cached_property
    def area_by_no(self) -> dict[int, AreaSpec]:
        return {a.no: a for a in self.areas}

    @cached_property
    def indicators_by_area(self) -> dict[int, tuple[str, ...]]:
        return {
            a.no: tuple(c for c, i in self.indicators.items() if i.area_no == a.no)
            for a in self.areas
        }

    @cached_property
    def pengungkit_max(self) -> Decimal:
        return sum((i.weight for i in self.indicators.values()), _ZERO)


def _question(q: Mapping[str, Any], area_no: int, part: PartKind, icode: str) -> QuestionSpec:
    code = str(q["code"])
    answer_type = str(q["answer_type"])
    inputs = q.get("inputs") or []
    keys = tuple(str(i["key"]) for i in inputs)
    formula: Formula | None = None
    zero: Decimal | None = None
    if answer_type == PERCENT_TYPE:
        if not keys or "formula" not in q:
            raise ValueError(f"{code}: percentage question without inputs or formula")
        formula = _formula(q["formula"], keys, code)
        zraw = (q.get("zero_denominator") or {}).get("value")
        zero = None if zraw is None else _dec(zraw, f"{code} zero_denominator")
        if formula.kind == "ratio" and zero is None:
            # A ratio needs an explicit answer for 0 / 0; Excel would show #DIV/0!.
            raise ValueError(f"{code}: ratio formula without a zero_denominator value")
    elif answer_type not in CHOICE_TYPES:
        raise ValueError(f"{code}: unknown answer type {answer_type!r}")
    options = _options(q.get("options", []), code)
    if answer_type in CHOICE_TYPES and not options:
        raise ValueError(f"{code}: choice question without options")
    return QuestionSpec(
        code=code,
        area_no=area_no,
        part=part,
        indicator_code=icode,
        answer_type=answer_type,
        options=options,
        input_keys=keys,
        formula=formula,
        zero_denominator=zero,
        lke_row=int(q["lke_row"]),
        input_rows={str(i["key"]): int(i["lke_row"]) for i in inputs},
        text=str(q.get("text", "")),
        link_label=str(q.get("link_label", "")),
        label=str(q.get("label", "")),
        input_labels={str(i["key"]): str(i.get("label", "")) for i in inputs},
    )


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
        with localcontext(_CONTEXT):
            return _gaps(self.spec, self)

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


# --------------------------------------------------------------------------- scoring


def _percentage_value(
    q: QuestionSpec, counts: Mapping[str, int] | None
) -> tuple[Decimal | None, bool]:
    """(value, zero-denominator rule applied) of a percentage question; None when incomplete."""
    if counts is None or any(k not in counts for k in q.input_keys):
        return None, False
    if any(counts[k] < 0 for k in q.input_keys):
        raise ValueError(f"{q.code}: counts cannot be negative")
    f = q.formula
    assert f is not None  # noqa: S101 - from_dict guarantees a formula on percentage questions
    if f.kind == "decline":
        assert f.previous is not None and f.current is not None  # noqa: S101
        previous = Decimal(counts[f.previous])
        current = Decimal(counts[f.current])
        if previous == 0:
            # The regulation's own case (0 -> 0 is full marks) and the portal's rule for
            # 0 -> more (Excel: #DIV/0!): both flagged so the reviewer looks at the data.
            return (_ONE if current == 0 else _ZERO), True
        return max(_ZERO, (previous - current) / previous), False
    assert f.numerator is not None  # noqa: S101
    denominator = sum((Decimal(counts[k]) for k in f.denominator), _ZERO)
    if denominator == 0:
        assert q.zero_denominator is not None  # noqa: S101
        return q.zero_denominator, True
    return min(_ONE, Decimal(counts[f.numerator]) / denominator), False


def _question_result(q: QuestionSpec, answers: AnswerSet) -> QuestionResult:
    if q.is_percentage:
        value, zero = _percentage_value(q, answers.counts.get(q.code))
        return QuestionResult(q.code, value, None, zero)
    label = answers.choices.get(q.code)
    if label is None:
        return QuestionResult(q.code, None)
    try:
        return QuestionResult(q.code, q.option_values[label], label)
    except KeyError:
        raise ValueError(f"{q.code}: answer {label!r} is not one of its options") from None


def _indicator_score(weight: Decimal, values: Iterable[Decimal | None]) -> Decimal:
    answered = [v for v in values if v is not None]
    if not answered:
        return _ZERO
    return weight * sum(answered, _ZERO) / len(answered)


def _hasil(spec: FrameworkSpec, answers: AnswerSet) -> tuple[HasilResult, int]:
    scores: dict[str, Decimal] = {}
    answered = 0
    for code, h in spec.hasil.items():
        if h.is_index:
            index = answers.indices.get(code)
            if index is None:
                scores[code] = _ZERO
                continue
            if not _ZERO <= index <= INDEX_MAX:
                raise ValueError(f"{code}: index {index} is outside 0-4")
            scores[code] = index / INDEX_MAX * h.weight
        else:
            label = answers.choices.get(code)
            if label is None:
                scores[code] = _ZERO
                continue
            if label not in h.option_values:
                raise ValueError(f"{code}: answer {label!r} is not one of its options")
            scores[code] = h.option_values[label] * h.weight
        answered += 1
    bersih = sum((s for c, s in scores.items() if spec.hasil[c].component == "B.I"), _ZERO)
    prima = sum((s for c, s in scores.items() if spec.hasil[c].component == "B.II"), _ZERO)
    return (
        HasilResult(
            b_i_a=scores["B.I.a"],
            b_i_b=scores["B.I.b"],
            b_ii_a=scores["B.II.a"],
            bersih_akuntabel=bersih,
            pelayanan_prima=prima,
            total=bersih + prima,
        ),
        answered,
    )


def score(spec: FrameworkSpec, answers: AnswerSet) -> ScoreResult:
    """Score one answer set: values, indicators, areas, totals and verdicts (gap on demand).

    Raises ValueError on an answer the framework cannot score (an unknown option label, a
    negative count or an index outside 0-4); scoring/inputs.py reports those to people before
    they get here. Codes the framework does not know are ignored.
    """
    with localcontext(_CONTEXT):
        questions = {code: _question_result(q, answers) for code, q in spec.questions.items()}
        indicators: dict[str, Decimal] = {}
        conservative: dict[str, Decimal] = {}
        part_sum: dict[tuple[int, str], Decimal] = {}
        for icode, ind in spec.indicators.items():
            values = [questions[c].value for c in ind.question_codes]
            s = _indicator_score(ind.weight, values)
            indicators[icode] = s
            conservative[icode] = (
                ind.weight * sum((v for v in values if v is not None), _ZERO) / len(values)
            )
            key = (ind.area_no, ind.part)
            part_sum[key] = part_sum.get(key, _ZERO) + s
        areas: dict[int, AreaResult] = {}
        for a in spec.areas:
            pem = part_sum.get((a.no, "pemenuhan"), _ZERO)
            ref = part_sum.get((a.no, "reform"), _ZERO)
            areas[a.no] = AreaResult(
                no=a.no,
                name=a.name,
                weight=a.weight,
                pemenuhan=pem,
                reform=ref,
                score=pem + ref,
                pct=(pem + ref) * _HUNDRED / a.weight,
            )
        pemenuhan = sum((a.pemenuhan for a in areas.values()), _ZERO)
        reform = sum((a.reform for a in areas.values()), _ZERO)
        pengungkit = pemenuhan + reform
        hasil, hasil_answered = _hasil(spec, answers)
        conservative_pengungkit = sum(conservative.values(), _ZERO)
        answered = sum(1 for q in questions.values() if q.value is not None) + hasil_answered
        complete = answered == len(spec.input_codes)
        total = pengungkit + hasil.total
        zero_codes = [c for c, q in questions.items() if q.zero_denominator_applied]
        verdicts = {
            predicate: _verdict(
                spec, rules, areas, pengungkit, hasil, total, answers, answered, zero_codes
            )
            for predicate, rules in spec.rulesets.items()
        }
        return ScoreResult(
            framework=spec.code,
            questions=questions,
            indicators=indicators,
            indicators_conservative=conservative,
            areas=areas,
            pemenuhan=pemenuhan,
            reform=reform,
            pengungkit=pengungkit,
            hasil=hasil,
            total=total,
            conservative_pengungkit=conservative_pengungkit,
            conservative_total=conservative_pengungkit + hasil.total,
            answered=answered,
            inputs_total=len(spec.input_codes),
            complete=complete,
            verdicts=verdicts,
            spec=spec,
        )


# --------------------------------------------------------------------------- verdicts


def _points(key: str, label: str, value: Decimal, minimum: Decimal) -> Criterion:
    return Criterion(
        key=key,
        label=label,
        value=value,
        min=minimum,
        passed=value >= minimum,
        missing=max(_ZERO, minimum - value),
        unit="poin",
    )


def _verdict(
    spec: FrameworkSpec,
    rules: RuleSet,
    areas: Mapping[int, AreaResult],
    pengungkit: Decimal,
    hasil: HasilResult,
    total: Decimal,
    answers: AnswerSet,
    answered: int,
    zero_codes: list[str],
) -> Verdict:
    complete = answered == len(spec.input_codes)
    criteria: list[Criterion] = [
        _points("total", "Nilai total (pengungkit + hasil)", total, rules.total_min),
        _points("pengungkit", "Nilai komponen pengungkit", pengungkit, rules.pengungkit_min),
    ]
    warnings: list[str] = []
    pct_min = rules.area_min_pct
    for a in areas.values():
        # Compared in points so the division behind ``pct`` cannot decide an exact boundary.
        need_points = pct_min * a.weight / _HUNDRED
        area_passed = a.score * _HUNDRED >= pct_min * a.weight
        criteria.append(
            Criterion(
                key=f"area_{a.no}",
                label=f"Area {a.no} {a.name} (% dari bobot area)",
                value=a.pct,
                min=pct_min,
                passed=area_passed,
                missing=_ZERO if area_passed else max(_ZERO, pct_min - a.pct),
                unit="persen",
                missing_points=max(_ZERO, need_points - a.score),
            )
        )
        if not area_passed:
            continue  # already a failure; the stricter reading would only repeat it
        area = spec.area_by_no[a.no]
        for part, value, half in (
            ("pemenuhan", a.pemenuhan, area.pemenuhan_weight),
            ("reform", a.reform, area.reform_weight),
        ):
            if half > 0 and value * _HUNDRED < pct_min * half:
                warnings.append(
                    f"Area {a.no} {a.name}: {part} {format_id(value * _HUNDRED / half)}% dari "
                    f"bobot {part}, di bawah {format_id(pct_min)}% bila syarat dibaca per bagian "
                    "(hanya peringatan; syarat resmi dihitung per area)."
                )
    criteria += [
        _points(
            "bersih_akuntabel",
            "Hasil: birokrasi yang bersih dan akuntabel (B.I)",
            hasil.bersih_akuntabel,
            rules.bersih_akuntabel_min,
        ),
        _points("ipak", "Survei persepsi anti korupsi (IPAK, B.I.a)", hasil.b_i_a, rules.ipak_min),
        _points("kinerja", "Capaian kinerja lebih baik (B.I.b)", hasil.b_i_b, rules.kinerja_min),
        _points(
            "pelayanan_prima",
            "Hasil: pelayanan publik yang prima (IPKP, B.II.a)",
            hasil.pelayanan_prima,
            rules.pelayanan_prima_min,
        ),
    ]
    if rules.requires_prior_wbk:
        criteria.append(
            Criterion(
                key="prior_wbk",
                label="Sudah memperoleh predikat Menuju WBK",
                value=answers.prior_wbk,
                min=True,
                passed=answers.prior_wbk,
                missing=None,
                unit="ya_tidak",
            )
        )
    if not complete:
        warnings.insert(
            0,
            f"Penilaian belum lengkap ({answered} dari {len(spec.input_codes)} isian terjawab): "
            "hasil ini sementara.",
        )
    if zero_codes:
        warnings.append(
            "Aturan penyebut nol dipakai pada "
            + ", ".join(zero_codes)
            + "; periksa data dukungnya."
        )
    return Verdict(
        predicate=rules.predicate,
        passed=all(c.passed for c in criteria),
        final=complete,
        criteria=tuple(criteria),
        warnings=tuple(warnings),
    )


# --------------------------------------------------------------------------- gap analysis


class _Candidate:
    """A possible one-step raise; the GapStep is only built for steps that are reported."""

    __slots__ = (
        "area_no",
        "code",
        "gain",
        "indicator_code",
        "label",
        "old",
        "old_label",
        "row",
        "value",
    )

    def __init__(
        self,
        q: QuestionSpec,
        old: Decimal | None,
        old_label: str | None,
        value: Decimal,
        label: str | None,
        gain: Decimal,
    ) -> None:
        self.code = q.code
        self.row = q.lke_row
        self.area_no = q.area_no
        self.indicator_code = q.indicator_code
        self.old = old
        self.old_label = old_label
        self.value = value
        self.label = label
        self.gain = gain

    def beats(self, other: _Candidate) -> bool:
        return self.gain > other.gain or (self.gain == other.gain and self.row < other.row)

    def step(self) -> GapStep:
        if self.label is None:  # a percentage question, raised to 100 %
            from_ = None if self.old is None else _percent_label(self.old)
            return GapStep(self.code, from_, "100%", self.gain, self.area_no, self.indicator_code)
        return GapStep(
            self.code, self.old_label, self.label, self.gain, self.area_no, self.indicator_code
        )


def _percent_label(value: Decimal) -> str:
    return f"{(value * _HUNDRED).quantize(_CENT, rounding=ROUND_HALF_UP)}%"


def _candidates(
    spec: FrameworkSpec,
    ind: IndicatorSpec,
    values: Mapping[str, Decimal | None],
    labels: Mapping[str, str | None],
    best_only: bool = False,
) -> list[_Candidate]:
    """Every one-step raise within one indicator with its exact gain (positive gains only).

    With ``best_only`` the list holds just the best one (highest gain, then lowest row), which
    is all the greedy loop needs after a step.
    """
    answered = [v for c in ind.question_codes if (v := values[c]) is not None]
    total = sum(answered, _ZERO)
    n = len(answered)
    old = ind.weight * total / n if n else _ZERO
    out: list[_Candidate] = []
    top: Decimal = _ZERO
    for code in ind.question_codes:
        q = spec.questions[code]
        v = values[code]
        if q.is_percentage:
            if v is not None and v >= _ONE:
                continue
            new_value, new_label = _ONE, None
        else:
            option = q.next_better(labels[code])
            if option is None:
                continue
            new_value, new_label = option.value, option.label
        # Replacing one value changes the indicator's sum and, for a blank, its answered count.
        if v is None:
            gain = ind.weight * (total + new_value) / (n + 1) - old
        else:
            gain = ind.weight * (total - v + new_value) / n - old
        if gain <= 0 or (best_only and gain <= top):
            continue  # question codes run in LKE row order: on a tie the earlier row stays
        cand = _Candidate(q, v, labels[code], new_value, new_label, gain)
        if best_only:
            out, top = [cand], gain
        else:
            out.append(cand)
    return out


def _best(cands: Iterable[_Candidate | None]) -> _Candidate | None:
    best: _Candidate | None = None
    for c in cands:
        if c is not None and (best is None or c.beats(best)):
            best = c
    return best


def _hasil_needs(spec: FrameworkSpec, verdict: Verdict) -> list[HasilNeed]:
    needs: list[HasilNeed] = []
    ipak, kinerja, ipkp = spec.hasil["B.I.a"], spec.hasil["B.I.b"], spec.hasil["B.II.a"]
    for c in verdict.criteria:
        if c.passed:
            continue
        if c.key in ("ipak", "pelayanan_prima"):
            h = ipak if c.key == "ipak" else ipkp
            assert isinstance(c.min, Decimal)  # noqa: S101
            index = c.min * INDEX_MAX / h.weight
            needs.append(
                HasilNeed(
                    c.key,
                    c.label,
                    c.value,
                    c.min,
                    f"indeks survei {h.code} minimal {format_id(index)}",
                    index,
                )
            )
        elif c.key == "kinerja":
            assert isinstance(c.min, Decimal)  # noqa: S101
            ok = [o for o in kinerja.options if o.value * kinerja.weight >= c.min]
            label = min(ok, key=lambda o: o.value).label if ok else None
            needs.append(
                HasilNeed(
                    c.key, c.label, c.value, c.min, f"jawaban {kinerja.code} minimal {label}", label
                )
            )
        elif c.key == "bersih_akuntabel":
            assert isinstance(c.min, Decimal) and c.missing is not None  # noqa: S101
            needs.append(
                HasilNeed(
                    c.key,
                    c.label,
                    c.value,
                    c.min,
                    f"nilai B.I.a + B.I.b minimal {format_id(c.min)} "
                    f"(kurang {format_id(c.missing)} poin)",
                    c.min,
                )
            )
        elif c.key == "prior_wbk":
            needs.append(
                HasilNeed(c.key, c.label, c.value, c.min, "predikat Menuju WBK lebih dahulu", True)
            )
    return needs


def _gaps(spec: FrameworkSpec, result: ScoreResult) -> dict[str, Gap]:
    initial: dict[str, list[_Candidate]] = {}
    ranked: tuple[GapStep, ...] = ()
    if not all(v.passed for v in result.verdicts.values()):
        # The one-step candidates do not depend on the predicate: build them once.
        values = {c: q.value for c, q in result.questions.items()}
        labels = {c: q.answer for c, q in result.questions.items()}
        initial = {
            icode: _candidates(spec, ind, values, labels) for icode, ind in spec.indicators.items()
        }
        everything = (c for per in initial.values() for c in per)
        ranked = tuple(c.step() for c in sorted(everything, key=lambda c: (-c.gain, c.row)))
    return {
        predicate: _gap(
            spec,
            rules,
            result.verdicts[predicate],
            result.questions,
            result.areas,
            result.pengungkit,
            result.hasil,
            initial,
            ranked,
        )
        for predicate, rules in spec.rulesets.items()
    }


def _gap(
    spec: FrameworkSpec,
    rules: RuleSet,
    verdict: Verdict,
    questions: Mapping[str, QuestionResult],
    areas: Mapping[int, AreaResult],
    pengungkit: Decimal,
    hasil: HasilResult,
    initial: Mapping[str, list[_Candidate]],
    ranked: tuple[GapStep, ...],
) -> Gap:
    total_missing = verdict.criterion("total").missing
    assert isinstance(total_missing, Decimal)  # noqa: S101
    wanted = max(rules.pengungkit_min, rules.total_min - hasil.total)
    target = min(wanted, spec.pengungkit_max)
    if verdict.passed:
        return Gap(rules.predicate, True, _ZERO, target, (), (), _ZERO, True, (), "")

    values = {c: q.value for c, q in questions.items()}
    labels = {c: q.answer for c, q in questions.items()}
    # A step's usefulness, min(gain, P) + min(gain, A[area]), never falls as its gain rises, so the
    # best step of each area is simply its highest-gain step: track that per indicator and area.
    ind_best = {icode: _best(per) for icode, per in initial.items()}
    area_best = {
        no: _best(ind_best[i] for i in icodes) for no, icodes in spec.indicators_by_area.items()
    }
    area_need = {a.no: a.weight * rules.area_min_pct / _HUNDRED for a in spec.areas}
    area_score = {no: a.score for no, a in areas.items()}
    current = pengungkit
    plan: list[GapStep] = []

    p_short = max(_ZERO, target - current)
    a_short = {no: max(_ZERO, area_need[no] - area_score[no]) for no in area_score}
    while p_short > 0 or any(a_short.values()):
        best: _Candidate | None = None
        best_useful = _ZERO
        for no, cand in area_best.items():
            if cand is None:
                continue
            g = cand.gain
            useful = min(g, p_short) + min(g, a_short[no])
            if useful > best_useful or (
                best is not None and useful == best_useful and useful > 0 and cand.beats(best)
            ):
                best, best_useful = cand, useful
        if best is None:
            break  # every pengungkit answer is already at its best
        no = best.area_no
        plan.append(best.step())
        values[best.code] = best.value
        labels[best.code] = best.label
        current += best.gain
        area_score[no] += best.gain
        p_short = max(_ZERO, target - current)
        a_short[no] = max(_ZERO, area_need[no] - area_score[no])
        ind = spec.indicators[best.indicator_code]
        ind_best[ind.code] = _best(_candidates(spec, ind, values, labels, best_only=True))
        area_best[no] = _best(ind_best[i] for i in spec.indicators_by_area[no])

    reached = p_short <= 0 and all(s <= 0 for s in a_short.values())
    needs = _hasil_needs(spec, verdict)
    if wanted > spec.pengungkit_max:
        # Even a perfect pengungkit cannot lift the total: the rest must come from hasil.
        needs.insert(
            0,
            HasilNeed(
                "total",
                "Nilai total (pengungkit + hasil)",
                verdict.criterion("total").value,
                rules.total_min,
                f"nilai hasil minimal {format_id(rules.total_min - spec.pengungkit_max)} "
                f"(pengungkit paling tinggi {format_id(spec.pengungkit_max)})",
                rules.total_min - spec.pengungkit_max,
            ),
        )
    return Gap(
        predicate=rules.predicate,
        passed=False,
        missing_points=total_missing,
        pengungkit_target=target,
        ranked=ranked,
        steps=tuple(plan),
        steps_gain=sum((s.gain for s in plan), _ZERO),
        reached=reached,
        blocked_by_hasil=tuple(needs),
        message=_gap_message(rules.predicate, plan, needs),
    )


def _gap_message(predicate: str, plan: list[GapStep], needs: list[HasilNeed]) -> str:
    gain = sum((s.gain for s in plan), _ZERO)
    hasil_text = "; ".join(f"{n.label}: {n.needed}" for n in needs)
    if not plan and needs:
        return (
            f"Komponen pengungkit sudah memenuhi syarat {predicate}. Yang belum terpenuhi hanya "
            f"komponen hasil, yang tidak dapat dikejar dengan menaikkan jawaban: {hasil_text}."
        )
    steps_text = (
        f"Naikkan {len(plan)} langkah jawaban berikut (menambah {format_id(gain)} poin pengungkit)"
    )
    if needs:
        return f"{steps_text}, dan penuhi komponen hasil: {hasil_text}."
    return f"{steps_text} untuk mencapai {predicate}."
