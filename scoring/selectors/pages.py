"""Reads behind the assessment and question pages, in a fixed number of queries.

Callers pass an assessment and access obtained through zi_portal.selectors.assessment_get_for_user,
so everything here is already scoped to what the user may see. The assessment page loads the
questions (with options) once, both sides' answers once, evidence counts, open comment counts and
open flags once each, and scores both sides from the same answer rows: its query count does not
depend on how many answers, documents or comments exist.
"""

from __future__ import annotations

import datetime
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from areas.models import Area, Part, Question
from evidence import selectors as evidence_selectors
from evidence.models import ReviewFlag
from scoring import rules as scoring_rules
from scoring.counts import count_warning_texts, parse_count
from scoring.engine import AnswerSet, FrameworkSpec, ScoreResult, score
from scoring.framework import spec_for_framework
from scoring.models import Answer, AssessmentEvent, Side, Snapshot
from scoring.presenters import number
from scoring.selectors.answers import answer_text
from scoring.selectors.scores import answer_set_from_rows, spec_for
from zi_portal.access import Access
from zi_portal.models import Assessment, Phase, Role
from zi_portal.refusals import Refusal

STATUS_LABELS: dict[str, Any] = {
    "belum_diisi": _("Belum diisi"),
    "perlu_bukti": _("Perlu bukti"),
    "perlu_perbaikan": _("Perlu perbaikan"),
    "menunggu_review": _("Menunggu review"),
    "disetujui": _("Disetujui"),
}
# The CSS badge of each question status (existing status-* colours of portal.css).
STATUS_CSS = {
    "belum_diisi": "status-draft",
    "perlu_bukti": "status-revision",
    "perlu_perbaikan": "status-revision",
    "menunggu_review": "status-submitted",
    "disetujui": "status-evaluated",
}
HASIL_GROUP = 0
TEXT_SHORT = 140


@dataclass
class QuestionRow:
    question: Question
    group: int  # area number, or HASIL_GROUP for the three hasil inputs
    part: str  # pemenuhan | reform | hasil
    unit: Answer | None
    tpi: Answer | None
    unit_value: Decimal | None
    tpi_value: Decimal | None
    unit_zero_rule: bool
    tpi_zero_rule: bool
    evidence_count: int
    open_comments: int
    flag: ReviewFlag | None
    status: str
    value_unit: str = "nilai"  # nilai (0-1) | indeks (0-4)

    @property
    def status_label(self) -> Any:
        return STATUS_LABELS[self.status]

    @property
    def status_css(self) -> str:
        return STATUS_CSS[self.status]

    @property
    def diff(self) -> Decimal | None:
        if self.unit_value is None or self.tpi_value is None:
            return None
        return self.tpi_value - self.unit_value

    @property
    def short_text(self) -> str:
        text = " ".join(self.question.text.split())
        return text if len(text) <= TEXT_SHORT else text[: TEXT_SHORT - 1].rstrip() + "…"

    def _text(self, answer: Answer | None, value: Decimal | None) -> str:
        # Counts read best as the percentage they give; the question page shows the counts.
        if answer is not None and answer.counts and value is not None:
            return f"{number(value * 100)}%"
        return answer_text(answer)

    @property
    def unit_text(self) -> str:
        return self._text(self.unit, self.unit_value)

    @property
    def tpi_text(self) -> str:
        return self._text(self.tpi, self.tpi_value)


@dataclass
class Progress:
    label: str
    total: int = 0
    answered: int = 0
    with_evidence: int = 0
    reviewed: int = 0
    parts: list[Progress] = field(default_factory=list)

    def add(self, row: QuestionRow) -> None:
        self.total += 1
        self.answered += row.unit is not None
        self.with_evidence += row.evidence_count > 0
        self.reviewed += row.tpi is not None


@dataclass
class Action:
    key: str
    label: Any
    reason: str | None

    @property
    def allowed(self) -> bool:
        return self.reason is None


@dataclass
class AssessmentPage:
    assessment: Assessment
    access: Access
    rows: list[QuestionRow]
    all_count: int
    progress: list[Progress]
    scores: dict[str, ScoreResult]
    areas: list[Area]
    status_counts: dict[str, int]
    phase: str | None
    window_end: datetime.date | None
    days_left: int | None
    actions: list[Action]


def _evidence_counts(assessment: Assessment) -> dict[int, int]:
    return dict(evidence_selectors.evidence_counts(assessment=assessment))


def _open_comment_counts(assessment: Assessment) -> dict[int, int]:
    return dict(evidence_selectors.open_comment_counts(assessment=assessment))


def questions_for(assessment: Assessment) -> list[Question]:
    """The 113 inputs of the assessment's framework in worksheet order, with their options."""
    return list(
        Question.objects.filter(framework_id=assessment.framework_id)
        .select_related("indicator__part__area", "hasil_component")
        .prefetch_related("options")
        .order_by("position")
    )


def _question_value(
    result: ScoreResult, q: Question, answer: Answer | None
) -> tuple[Decimal | None, bool]:
    """(value, zero-denominator rule applied): 0-1 for questions, the index for B.I.a/B.II.a."""
    if answer is None:
        return None, False
    qr = result.questions.get(q.code)
    if qr is not None:
        return qr.value, qr.zero_denominator_applied
    if answer.index_value is not None:
        return Decimal(answer.index_value), False
    values = {o.label: o.value for o in q.options.all()}
    return values.get(answer.choice), False


def _status(unit: Answer | None, tpi: Answer | None, evidence: int, flag: Any) -> str:
    if flag is not None:
        return "perlu_perbaikan"
    if unit is None:
        return "belum_diisi"
    if tpi is not None:
        return "disetujui"
    if evidence == 0:
        return "perlu_bukti"
    return "menunggu_review"


def window_info(assessment: Assessment) -> tuple[str | None, datetime.date | None, int | None]:
    """The phase that matters in the current status, its end for this unit, and days left."""
    s = Assessment.Status
    if assessment.status in (s.DRAFT, s.REVISION):
        phase: str | None = Phase.SELF_ASSESSMENT
    elif assessment.status in (s.SUBMITTED, s.IN_REVIEW):
        phase = Phase.REVIEW
    else:
        return None, None, None
    end = assessment.window_end(str(phase))
    return phase, end, (end - timezone.localdate()).days


def _reason(refusal: Refusal | None) -> str | None:
    """What the page says about a refused action: the refusal's message."""
    return str(refusal) if refusal is not None else None


def workflow_actions(*, access: Access, assessment: Assessment) -> list[Action]:
    """Every workflow button the user's role could ever use here, with why it is closed now (the
    same scoring/rules.py functions the services enforce)."""
    actions: list[Action] = []
    if access.has(Role.PIMPINAN_UNIT):
        actions.append(
            Action(
                "sign_off",
                _("Setujui pengajuan"),
                _reason(scoring_rules.sign_off_refusal(access=access, assessment=assessment)),
            )
        )
    if access.has(Role.TIM_KERJA):
        actions.append(
            Action(
                "submit",
                _("Ajukan ke TPI"),
                _reason(scoring_rules.submit_refusal(access=access, assessment=assessment)),
            )
        )
    if access.has(Role.TPI):
        actions.append(
            Action(
                "return",
                _("Kembalikan untuk perbaikan"),
                _reason(scoring_rules.return_refusal(access=access, assessment=assessment)),
            )
        )
        actions.append(
            Action(
                "finalise",
                _("Selesaikan evaluasi"),
                _reason(scoring_rules.finalise_refusal(access=access, assessment=assessment)),
            )
        )
    if access.has(Role.ADMIN):
        actions.append(
            Action(
                "extend",
                _("Perpanjang jadwal"),
                _reason(scoring_rules.window_extend_refusal(access=access)),
            )
        )
    return actions


def assessment_page(
    *,
    assessment: Assessment,
    access: Access,
    area: str = "",
    status: str = "",
    mine: bool = False,
) -> AssessmentPage:
    questions = questions_for(assessment)
    qmap = {q.pk: q for q in questions}
    answers: dict[str, dict[int, Answer]] = {Side.UNIT: {}, Side.TPI: {}}
    for a in Answer.objects.filter(assessment=assessment).select_related("answered_by"):
        a.question = qmap[a.question_id]  # already loaded: no query per row
        answers[a.side][a.question_id] = a
    prior = assessment.unit.holds_wbk
    spec = spec_for(assessment)
    scores = {
        side: score(spec, answer_set_from_rows(rows.values(), prior_wbk=prior))
        for side, rows in answers.items()
    }
    evidence = _evidence_counts(assessment)
    comments = _open_comment_counts(assessment)
    flags = {
        f.question_id: f
        for f in ReviewFlag.objects.filter(
            assessment=assessment, resolved_at__isnull=True
        ).select_related("created_by")
    }
    rows: list[QuestionRow] = []
    areas_by_no: dict[int, Area] = {}
    for q in questions:
        unit, tpi = answers[Side.UNIT].get(q.pk), answers[Side.TPI].get(q.pk)
        uv, uz = _question_value(scores[Side.UNIT], q, unit)
        tv, tz = _question_value(scores[Side.TPI], q, tpi)
        if q.indicator_id:
            part_obj: Part = q.indicator.part  # type: ignore[union-attr]
            group, part = part_obj.area.no, part_obj.kind
            areas_by_no.setdefault(group, part_obj.area)
        else:
            group, part = HASIL_GROUP, "hasil"
        count = evidence.get(q.pk, 0)
        flag = flags.get(q.pk)
        rows.append(
            QuestionRow(
                question=q,
                group=group,
                part=part,
                unit=unit,
                tpi=tpi,
                unit_value=uv,
                tpi_value=tv,
                unit_zero_rule=uz,
                tpi_zero_rule=tz,
                evidence_count=count,
                open_comments=comments.get(q.pk, 0),
                flag=flag,
                status=_status(unit, tpi, count, flag),
                value_unit="indeks" if q.answer_type == Question.AnswerType.NILAI_0_4 else "nilai",
            )
        )
    progress = _progress(rows, areas_by_no)
    status_counts = dict(Counter(r.status for r in rows))
    shown = rows
    if area:
        wanted = HASIL_GROUP if area == "hasil" else int(area) if area.isdigit() else -1
        shown = [r for r in shown if r.group == wanted]
    if status in STATUS_LABELS:
        shown = [r for r in shown if r.status == status]
    if mine and access.area_nos is not None:
        shown = [r for r in shown if r.group in access.area_nos]
    phase, end, days = window_info(assessment)
    return AssessmentPage(
        assessment=assessment,
        access=access,
        rows=shown,
        all_count=len(rows),
        progress=progress,
        scores=scores,
        areas=[areas_by_no[n] for n in sorted(areas_by_no)],
        status_counts=status_counts,
        phase=phase,
        window_end=end,
        days_left=days,
        actions=workflow_actions(access=access, assessment=assessment),
    )


def _progress(rows: list[QuestionRow], areas: dict[int, Area]) -> list[Progress]:
    groups: dict[int, Progress] = {}
    parts: dict[tuple[int, str], Progress] = {}
    part_labels = dict(Part.Kind.choices)
    for r in rows:
        if r.group not in groups:
            label = str(areas[r.group]) if r.group in areas else str(_("Hasil"))
            groups[r.group] = Progress(label=label)
        groups[r.group].add(r)
        if r.group != HASIL_GROUP:
            key = (r.group, r.part)
            if key not in parts:
                parts[key] = Progress(label=str(part_labels[r.part]))
                groups[r.group].parts.append(parts[key])
            parts[key].add(r)
    return [groups[k] for k in sorted(groups, key=lambda n: (n == HASIL_GROUP, n))]


# --------------------------------------------------------------------------- question page


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
    rows = Answer.objects.filter(assessment=assessment).values("side").annotate(n=Count("pk"))
    return {r["side"]: r["n"] for r in rows}


__all__ = [
    "Action",
    "AssessmentPage",
    "Preview",
    "QuestionPage",
    "QuestionRow",
    "assessment_page",
    "percentage_preview",
    "question_get",
    "question_page",
]
