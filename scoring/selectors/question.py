"""Reads behind the question page (both sides, flags, formulas), the live percentage preview
and the small reads of the history and snapshot pages, in a fixed number of queries."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from areas.models import Question
from evidence.models import ReviewFlag
from scoring import rules as scoring_rules
from scoring.counts import count_warning_texts, parse_count
from scoring.engine import AnswerSet, FrameworkSpec, score
from scoring.framework import spec_for_framework
from scoring.models import Answer, AssessmentEvent, Side, Snapshot
from scoring.presenters import number
from scoring.selectors.answers import answer_text
from scoring.selectors.pages import _question_value, _reason
from scoring.selectors.scores import answer_set_from_rows, spec_for
from zi_portal.access import Access
from zi_portal.models import Assessment


@dataclass
class QuestionPage:
    question: Question
    unit: Answer | None
    tpi: Answer | None
    unit_reason: str | None
    tpi_reason: str | None
    flags: list[ReviewFlag]
    open_flag: ReviewFlag | None
    unit_value: Decimal | None
    tpi_value: Decimal | None
    unit_zero_rule: bool
    tpi_zero_rule: bool
    previous_code: str | None
    next_code: str | None
    input_labels: dict[str, str]
    formula: str
    zero_rule: str
    # The counts' warnings (numerator above denominator), in words, next to each side's answer.
    unit_warnings: list[str] = field(default_factory=list)
    tpi_warnings: list[str] = field(default_factory=list)

    @property
    def unit_text(self) -> str:
        return answer_text(self.unit, labels=self.input_labels)

    @property
    def tpi_text(self) -> str:
        return answer_text(self.tpi, labels=self.input_labels)

    @property
    def unit_pct(self) -> Decimal | None:
        return None if self.unit_value is None else self.unit_value * 100

    @property
    def tpi_pct(self) -> Decimal | None:
        return None if self.tpi_value is None else self.tpi_value * 100

    @property
    def resolved_flags(self) -> list[ReviewFlag]:
        return [f for f in self.flags if f.resolved_at is not None]


def question_get(*, assessment: Assessment, code: str) -> Question:
    """The question of the assessment's framework with this code, or 404."""
    from django.shortcuts import get_object_or_404

    return get_object_or_404(
        Question.objects.select_related(
            "indicator__part__area", "hasil_component", "framework"
        ).prefetch_related("options", "inputs", "expected_documents"),
        framework_id=assessment.framework_id,
        code=code,
    )


def question_page(*, assessment: Assessment, access: Access, question: Question) -> QuestionPage:
    answers = {
        a.side: a
        for a in Answer.objects.filter(assessment=assessment, question=question).select_related(
            "answered_by"
        )
    }
    flags = list(
        ReviewFlag.objects.filter(assessment=assessment, question=question).select_related(
            "created_by", "resolved_by"
        )
    )
    spec = spec_for(assessment)
    values: dict[str, tuple[Decimal | None, bool]] = {}
    for side in Side.values:
        a = answers.get(side)
        if a is None:
            values[side] = (None, False)
            continue
        a.question = question
        result = score(spec, answer_set_from_rows([a], prior_wbk=False))
        values[side] = _question_value(result, question, a)
    neighbours = list(
        Question.objects.filter(framework_id=assessment.framework_id)
        .filter(Q(position=question.position - 1) | Q(position=question.position + 1))
        .values_list("position", "code")
    )
    by_pos = dict(neighbours)
    spec_q = spec.questions.get(question.code)
    warnings = {
        side: count_warning_texts(spec_q, a.counts) if spec_q is not None and a.counts else []
        for side, a in answers.items()
    }
    return QuestionPage(
        question=question,
        unit=answers.get(Side.UNIT),
        tpi=answers.get(Side.TPI),
        unit_reason=_reason(
            scoring_rules.answer_refusal(
                access=access, assessment=assessment, question=question, side=Side.UNIT
            )
        ),
        tpi_reason=_reason(
            scoring_rules.answer_refusal(
                access=access, assessment=assessment, question=question, side=Side.TPI
            )
        ),
        flags=flags,
        open_flag=next((f for f in flags if f.resolved_at is None), None),
        unit_value=values[Side.UNIT][0],
        tpi_value=values[Side.TPI][0],
        unit_zero_rule=values[Side.UNIT][1],
        tpi_zero_rule=values[Side.TPI][1],
        previous_code=by_pos.get(question.position - 1),
        next_code=by_pos.get(question.position + 1),
        input_labels={i.key: i.label for i in question.inputs.all()},
        **formula_texts(question, spec),
        unit_warnings=warnings.get(Side.UNIT, []),
        tpi_warnings=warnings.get(Side.TPI, []),
    )


def formula_texts(question: Question, spec: FrameworkSpec) -> dict[str, str]:
    """The percentage formula and its zero-denominator rule in words, from the engine's spec."""
    spec_q = spec.questions.get(question.code)
    if spec_q is None or spec_q.formula is None:
        return {"formula": "", "zero_rule": ""}
    f = spec_q.formula
    names = {i.key: i.label for i in question.inputs.all()}

    def name(key: str | None) -> str:
        return names.get(key or "", key or "")

    if f.kind == "decline":
        return {
            "formula": str(_("Persentase = (%(prev)s - %(cur)s) / %(prev)s, paling rendah 0%%."))
            % {"prev": name(f.previous), "cur": name(f.current)},
            "zero_rule": str(
                _(
                    "Bila %(prev)s = 0: nilai 100%% bila %(cur)s juga 0, dan 0%% bila %(cur)s "
                    "lebih dari 0."
                )
            )
            % {"prev": name(f.previous), "cur": name(f.current)},
        }
    denominator = " + ".join(name(k) for k in f.denominator)
    zero = spec_q.zero_denominator or Decimal(0)
    return {
        "formula": str(_("Persentase = %(num)s / %(den)s, paling tinggi 100%%."))
        % {
            "num": name(f.numerator),
            "den": denominator if len(f.denominator) == 1 else f"({denominator})",
        },
        "zero_rule": str(_("Bila %(den)s = 0, nilainya ditetapkan %(pct)s%%."))
        % {"den": denominator, "pct": number(zero * 100)},
    }


@dataclass(frozen=True)
class Preview:
    value: Decimal | None
    zero_rule: bool
    missing: list[str]
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def pct(self) -> Decimal | None:
        return None if self.value is None else self.value * 100


def percentage_preview(*, question: Question, raw: dict[str, str]) -> Preview:
    """The percentage the engine gives these counts (with the zero-denominator rule), live.

    Each count is read by the answer form's and service's own parser (scoring.counts), so what
    the preview shows as a percentage is exactly what saving accepts, and its refusal the same
    words; the numerator-above-denominator warning comes before saving."""
    spec = spec_for_framework(question.framework)  # the question's own framework version
    spec_q = spec.questions.get(question.code)
    if spec_q is None or not spec_q.is_percentage:
        return Preview(None, False, [], [str(_("Pertanyaan ini bukan pertanyaan persentase."))])
    counts: dict[str, int] = {}
    missing: list[str] = []
    errors: list[str] = []
    # The labels the answer form and the service name (the framework rows of this question).
    labels = {**spec_q.input_labels, **{i.key: i.label for i in question.inputs.all()}}
    for key in spec_q.input_keys:
        text = (raw.get(key) or "").strip()
        if not text:
            missing.append(labels.get(key) or key)
            continue
        try:
            counts[key] = parse_count(labels.get(key) or key, text)
        except ValidationError as exc:
            errors.extend(exc.messages)
    if errors:
        return Preview(None, False, [], errors)
    if missing:
        return Preview(None, False, missing)
    result = score(spec, AnswerSet(counts={question.code: counts}))
    qr = result.questions[question.code]
    return Preview(
        qr.value, qr.zero_denominator_applied, [], warnings=count_warning_texts(spec_q, counts)
    )


# --------------------------------------------------------------------------- misc reads


def snapshots_for(*, assessment: Assessment) -> list[Snapshot]:
    return list(
        Snapshot.objects.filter(assessment=assessment)
        .select_related("created_by")
        .defer("data")
        .order_by("-created_at")
    )


def events_for(*, assessment: Assessment) -> list[AssessmentEvent]:
    return list(
        AssessmentEvent.objects.filter(assessment=assessment)
        .select_related("actor")
        .order_by("-created_at")
    )


def answer_counts(*, assessment: Assessment) -> dict[str, int]:
    """How many questions each side has answered (for headers and e-mails)."""
    rows = (
        Answer.objects.counted()
        .filter(assessment=assessment)
        .values("side")
        .annotate(n=Count("pk"))
    )
    return {r["side"]: r["n"] for r in rows}
