"""The framework as immutable data (FrameworkSpec), built from a reference-format document."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Context, Decimal
from functools import cached_property
from typing import Any, Literal

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
