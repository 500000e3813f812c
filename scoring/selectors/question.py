"""Reads behind the question page (both sides, flags, formulas), the live percentage preview
and the small reads of the history and snapshot pages, in a fixed number of queries."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db.models import Count, Q, QuerySet
from django.http import Http404
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


# The questions of a framework version as the question page reads them (indicator, part, area,
# options, count inputs, expected documents), per process under (framework id, content hash), as
# scoring/framework.py caches the engine's spec: a version in use never changes and a changed row
# empties the hash (areas/documents.py), so a cached question is never stale. Read-only: callers
# share the Question objects and must not change them.
@dataclass(frozen=True)
class _FrameworkQuestions:
    by_code: dict[str, Question]
    code_at: dict[int, str]  # position -> code (the previous/next links)


_FRAMEWORKS: dict[tuple[int, str], _FrameworkQuestions] = {}
_FRAMEWORKS_SIZE = 32
_frameworks_lock = threading.Lock()


def _question_qs() -> QuerySet[Question]:
    return Question.objects.select_related(
        "indicator__part__area", "hasil_component", "framework"
    ).prefetch_related("options", "inputs", "expected_documents")


def _framework_questions(assessment: Assessment) -> _FrameworkQuestions | None:
    """The cached questions of the assessment's framework, or None when its content hash is not
    known (then each read goes to the database, as before the cache)."""
    framework = assessment.framework
    if not framework.content_hash:
        return None
    key = (framework.pk, framework.content_hash)
    found = _FRAMEWORKS.get(key)
    if found is not None:
        return found
    questions = list(_question_qs().filter(framework_id=framework.pk).order_by("position"))
    found = _FrameworkQuestions(
        by_code={q.code: q for q in questions}, code_at={q.position: q.code for q in questions}
    )
    with _frameworks_lock:
        if len(_FRAMEWORKS) >= _FRAMEWORKS_SIZE:
            _FRAMEWORKS.pop(next(iter(_FRAMEWORKS)))
        _FRAMEWORKS[key] = found
    return found


def question_get(*, assessment: Assessment, code: str) -> Question:
    """The question of the assessment's framework with this code, or 404."""
    from django.shortcuts import get_object_or_404

    cached = _framework_questions(assessment)
    if cached is not None:
        if code not in cached.by_code:
            raise Http404
        return cached.by_code[code]
    return get_object_or_404(_question_qs(), framework_id=assessment.framework_id, code=code)


def _neighbours(assessment: Assessment, question: Question) -> dict[int, str]:
    """position -> code of the questions before and after this one."""
    cached = _framework_questions(assessment)
    if cached is not None:
        return cached.code_at
    return dict(
        Question.objects.filter(framework_id=assessment.framework_id)
        .filter(Q(position=question.position - 1) | Q(position=question.position + 1))
        .values_list("position", "code")
    )


def question_page(
    *,
    assessment: Assessment,
    access: Access,
    question: Question,
    flags: list[ReviewFlag] | None = None,
    side: str | None = None,
) -> QuestionPage:
    """Both sides of one question with what the page shows around them. `flags`: the question's
    flags when the caller has read them already (question_review); `side`: only this side's
    answer, value and reason (the answer block an htmx save swaps in; no flags, no neighbours)."""
    sides = [side] if side else list(Side.values)
    # One row per side (answer_unique_side): unordered, without the model's sort joins.
    answers = {
        a.side: a
        for a in Answer.objects.filter(assessment=assessment, question=question, side__in=sides)
        .select_related("answered_by")
        .order_by()
    }
    if side:
        flags = []
    elif flags is None:
        flags = list(
            ReviewFlag.objects.filter(assessment=assessment, question=question).select_related(
                "created_by", "resolved_by"
            )
        )
    else:
        flags = sorted(flags, key=lambda f: (f.created_at, f.pk))
    spec = spec_for(assessment)
    values: dict[str, tuple[Decimal | None, bool]] = {}
    for s in Side.values:
        a = answers.get(s)
        if a is None:
            values[s] = (None, False)
            continue
        a.question = question
        result = score(spec, answer_set_from_rows([a], prior_wbk=False))
        values[s] = _question_value(result, question, a)
    by_pos = {} if side else _neighbours(assessment, question)
    spec_q = spec.questions.get(question.code)
    warnings = {
        s: count_warning_texts(spec_q, a.counts) if spec_q is not None and a.counts else []
        for s, a in answers.items()
    }
    reasons = {
        s: _reason(
            scoring_rules.answer_refusal(
                access=access, assessment=assessment, question=question, side=s
            )
        )
        for s in sides
    }
    return QuestionPage(
        question=question,
        unit=answers.get(Side.UNIT),
        tpi=answers.get(Side.TPI),
        unit_reason=reasons.get(Side.UNIT),
        tpi_reason=reasons.get(Side.TPI),
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
