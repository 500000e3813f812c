"""Reads behind the assessment page, in a fixed number of queries.

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
from functools import cached_property
from typing import Any
from urllib.parse import quote

from django.template.defaultfilters import floatformat
from django.utils import timezone
from django.utils.http import RFC3986_SUBDELIMS
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from areas.models import Area, Part, Question
from evidence import selectors as evidence_selectors
from evidence.models import ReviewFlag
from scoring import rules as scoring_rules
from scoring.engine import ScoreResult, score
from scoring.models import Answer, Side
from scoring.presenters import number
from scoring.selectors.answers import answer_text
from scoring.selectors.changes import FinalisePending, SubmissionChanges, submission_changes
from scoring.selectors.framework_questions import questions_for
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
# The question filter beside the statuses: changed since the previous submission.
CHANGED_FILTER = "berubah"
CHANGED_LABEL = _("Berubah sejak pengajuan terakhir")
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
    changed: bool = False  # changed by the unit since the previous submission
    to_confirm: bool = False  # a unit answer carried from the previous cycle (scoring/cycle)

    # The table shows every row's texts once per request: each is computed once (cached on the
    # row), in Python rather than by template filters (docs/scale.md, profiles).
    @property
    def status_label(self) -> Any:
        return STATUS_LABELS[self.status]

    @property
    def status_css(self) -> str:
        return STATUS_CSS[self.status]

    @cached_property
    def diff(self) -> Decimal | None:
        if self.unit_value is None or self.tpi_value is None:
            return None
        return self.tpi_value - self.unit_value

    @property
    def diff_text(self) -> str:
        """The TPI minus unit difference as the table shows it: signed, two places, localised."""
        if self.diff is None:
            return ""
        return ("+" if self.diff > 0 else "") + floatformat(self.diff, 2)

    @property
    def diff_css(self) -> str:
        if self.diff is None or self.diff == 0:
            return ""
        return "diff-pos" if self.diff > 0 else "diff-neg"

    @property
    def anchor(self) -> str:
        return slugify(self.question.code)

    @property
    def url_code(self) -> str:
        """The question code as `reverse` quotes it in a path (scoring/views/assessment.py puts
        it between the question URL's two parts)."""
        return quote(self.question.code, safe=RFC3986_SUBDELIMS + "/~:@")

    @cached_property
    def short_text(self) -> str:
        text = " ".join(self.question.text.split())
        return text if len(text) <= TEXT_SHORT else text[: TEXT_SHORT - 1].rstrip() + "…"

    def _text(self, answer: Answer | None, value: Decimal | None) -> str:
        # Counts read best as the percentage they give; the question page shows the counts.
        if answer is not None and answer.counts and value is not None:
            return f"{number(value * 100)}%"
        return answer_text(answer)

    @cached_property
    def unit_text(self) -> str:
        return self._text(self.unit, self.unit_value)

    @cached_property
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
    changes: SubmissionChanges | None = None
    # What the finalise form asks the TPI to confirm (when finalising is open to the user).
    pending: FinalisePending | None = None
    # Unit answers carried from the previous cycle, not yet confirmed (the score card's note).
    carried_count: int = 0


def _evidence_counts(assessment: Assessment) -> dict[int, int]:
    return dict(evidence_selectors.evidence_counts(assessment=assessment))


def _open_comment_counts(assessment: Assessment) -> dict[int, int]:
    return dict(evidence_selectors.open_comment_counts(assessment=assessment))


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


def _status(
    unit: Answer | None, tpi: Answer | None, evidence: int, flag: Any, awaiting: bool = False
) -> str:
    if awaiting:  # revised by the unit, or a returned flag, waiting for the TPI
        return "menunggu_review"
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
    spec = spec_for(assessment)  # first: fills in the framework's content hash if empty
    questions = questions_for(assessment)
    qmap = {q.pk: q for q in questions}
    # Every answer in one read, without the model's ordering (it joins the questions to sort):
    # the counted ones are the rows, the carried ones (to confirm) only mark their question.
    rows_read = list(Answer.objects.filter(assessment=assessment).order_by())
    if any(a.question_id not in qmap for a in rows_read):  # a test database reusing ids
        questions = questions_for(assessment, cached=False)
        qmap = {q.pk: q for q in questions}
    answers: dict[str, dict[int, Answer]] = {Side.UNIT: {}, Side.TPI: {}}
    carried: set[int] = set()
    carried_count = 0
    for a in rows_read:
        if a.needs_confirmation:  # not counted (Answer.objects.counted)
            carried.add(a.question_id)
            carried_count += a.side == Side.UNIT
            continue
        a.question = qmap[a.question_id]  # already loaded: no query per row
        answers[a.side][a.question_id] = a
    prior = assessment.unit.holds_wbk
    scores = {
        side: score(spec, answer_set_from_rows(rows.values(), prior_wbk=prior))
        for side, rows in answers.items()
    }
    evidence = _evidence_counts(assessment)
    comments = _open_comment_counts(assessment)
    # The model's order within one assessment (its cycle and unit sort keys are the same for
    # every row, and joining them to sort costs a millisecond of planning).
    flags = {
        f.question_id: f
        for f in ReviewFlag.objects.filter(assessment=assessment, resolved_at__isnull=True)
        .select_related("created_by")
        .order_by("-created_at")
    }
    changes = submission_changes(assessment=assessment)
    changed = changes.by_question()
    reviewing = assessment.status in (Assessment.Status.SUBMITTED, Assessment.Status.IN_REVIEW)
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
        change = changed.get(q.pk)
        awaiting = reviewing and (
            (flag is not None and flag.returned_at is not None)
            or (change is not None and not change.tpi_reviewed)
        )
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
                status=_status(unit, tpi, count, flag, awaiting),
                value_unit="indeks" if q.answer_type == Question.AnswerType.NILAI_0_4 else "nilai",
                changed=change is not None,
                to_confirm=q.pk in carried,
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
    elif status == CHANGED_FILTER:
        shown = [r for r in shown if r.changed]
    if mine and access.area_nos is not None:
        shown = [r for r in shown if r.group in access.area_nos]
    phase, end, days = window_info(assessment)
    actions = workflow_actions(access=access, assessment=assessment)
    pending = None
    if any(a.key == "finalise" and a.allowed for a in actions):
        returned = [f for f in flags.values() if f.returned_at is not None]
        for f in returned:
            f.question = qmap[f.question_id]
        returned.sort(key=lambda f: f.question.position)
        pending = FinalisePending(changes.unreviewed, returned)
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
        actions=actions,
        changes=changes,
        pending=pending,
        carried_count=carried_count,
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
