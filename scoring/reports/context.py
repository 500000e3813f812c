"""The data of the evaluation report (Laporan Hasil Evaluasi) and the institution summary.

Built from objects the caller already may see; a fixed number of queries whatever the number of
questions or documents (answers, attachments with revisions, plus the dashboard's own reads).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from evidence.models import EvidenceAttachment
from evidence.validity import is_expired, today_jakarta
from scoring.engine import FrameworkSpec, ScoreResult
from scoring.models import Answer, Side
from scoring.presenters import number
from scoring.reports.charts import Chart
from scoring.reports.selectors.dashboard import ROMAN, UnitDashboard, unit_dashboard
from scoring.reports.selectors.overview import Overview, OverviewParams, institution_overview
from scoring.selectors.answers import answer_text
from zi_portal.access import AnyUser
from zi_portal.models import Assessment


@dataclass(frozen=True)
class EvidenceLine:
    title: str
    kind: str
    url: str
    revision: int | None
    sha_short: str
    filename: str
    # "Kedaluwarsa sejak <date>" when past its end date (evidence/validity.py), else "".
    expired_since: str = ""


@dataclass(frozen=True)
class QuestionLine:
    code: str
    link_label: str
    text: str
    unit_answer: str
    unit_value: str
    unit_note: str
    tpi_answer: str
    tpi_value: str
    tpi_note: str
    differs: bool
    evidence: tuple[EvidenceLine, ...]


@dataclass(frozen=True)
class IndicatorBlock:
    code: str
    name: str
    part: str
    weight: str
    unit_score: str
    tpi_score: str
    questions: tuple[QuestionLine, ...]


@dataclass(frozen=True)
class AreaBlock:
    roman: str
    name: str
    indicators: tuple[IndicatorBlock, ...]


def _value_text(value: Decimal | None, percent: bool) -> str:
    if value is None:
        return "-"
    return number(value * 100) + "%" if percent else number(value)


def _evidence_by_code(assessment: Assessment) -> dict[str, list[EvidenceLine]]:
    out: dict[str, list[EvidenceLine]] = defaultdict(list)
    attachments = (
        EvidenceAttachment.objects.filter(
            evidence__assessment=assessment, evidence__deleted_at__isnull=True
        )
        .select_related("question", "evidence", "evidence__current_revision")
        .order_by("question__position", "evidence__created_at", "evidence__pk")
    )
    today = today_jakarta()
    for att in attachments:
        ev = att.evidence
        rev = ev.current_revision
        expired = ""
        if ev.effective_until is not None and is_expired(ev, today):
            expired = _("Kedaluwarsa sejak %(d)s") % {
                "d": date_format(ev.effective_until, "DATE_FORMAT")
            }
        out[att.question.code].append(
            EvidenceLine(
                title=ev.title,
                kind=ev.kind,
                url=ev.url,
                revision=rev.number if rev else None,
                sha_short=rev.sha256[:12] if rev and rev.sha256 else "",
                filename=rev.original_name if rev else "",
                expired_since=expired,
            )
        )
    return out


def question_blocks(
    spec: FrameworkSpec, assessment: Assessment, unit: ScoreResult, tpi: ScoreResult
) -> list[AreaBlock]:
    """Every question with both sides' answers, notes and evidence, in LKE order."""
    answers: dict[tuple[str, str], Answer] = {}
    for a in Answer.objects.counted().filter(assessment=assessment).select_related("question"):
        answers[(a.question.code, a.side)] = a
    evidence = _evidence_by_code(assessment)
    blocks: list[AreaBlock] = []
    for area in spec.areas:
        indicators: list[IndicatorBlock] = []
        for icode, ind in spec.indicators.items():
            if ind.area_no != area.no:
                continue
            lines = []
            for qcode in ind.question_codes:
                q = spec.questions[qcode]
                ua, ta = answers.get((qcode, Side.UNIT)), answers.get((qcode, Side.TPI))
                uv, tv = unit.questions[qcode].value, tpi.questions[qcode].value
                lines.append(
                    QuestionLine(
                        code=qcode,
                        link_label=q.link_label,
                        text=q.text,
                        unit_answer=answer_text(ua, labels=q.input_labels),
                        unit_value=_value_text(uv, q.is_percentage),
                        unit_note=ua.note if ua else "",
                        tpi_answer=answer_text(ta, labels=q.input_labels),
                        tpi_value=_value_text(tv, q.is_percentage),
                        tpi_note=ta.note if ta else "",
                        differs=ta is not None and uv != tv,
                        evidence=tuple(evidence.get(qcode, [])),
                    )
                )
            indicators.append(
                IndicatorBlock(
                    code=icode,
                    name=ind.name,
                    part=ind.part,
                    weight=number(ind.weight),
                    unit_score=number(unit.indicators[icode]),
                    tpi_score=number(tpi.indicators[icode]),
                    questions=tuple(lines),
                )
            )
        blocks.append(AreaBlock(ROMAN[area.no - 1], area.name, tuple(indicators)))
    hasil_lines = []
    for code, h in spec.hasil.items():
        ua, ta = answers.get((code, Side.UNIT)), answers.get((code, Side.TPI))
        hasil_lines.append(
            QuestionLine(
                code=code,
                link_label="",
                text=h.name,
                unit_answer=answer_text(ua),
                unit_value=number(_hasil_score(unit, code)),
                unit_note=ua.note if ua else "",
                tpi_answer=answer_text(ta),
                tpi_value=number(_hasil_score(tpi, code)),
                tpi_note=ta.note if ta else "",
                differs=ta is not None and _hasil_score(unit, code) != _hasil_score(tpi, code),
                evidence=tuple(evidence.get(code, [])),
            )
        )
    blocks.append(
        AreaBlock(
            "B",
            _("Komponen Hasil"),
            (
                IndicatorBlock(
                    "B",
                    _("Bersih dan akuntabel (B.I); pelayanan prima (B.II)"),
                    "hasil",
                    number(sum((h.weight for h in spec.hasil.values()), Decimal(0))),
                    number(unit.hasil.total),
                    number(tpi.hasil.total),
                    tuple(hasil_lines),
                ),
            ),
        )
    )
    return blocks


def _hasil_score(result: ScoreResult, code: str) -> Decimal:
    h = result.hasil
    return {"B.I.a": h.b_i_a, "B.I.b": h.b_i_b, "B.II.a": h.b_ii_a}[code]


def assessment_report_context(*, assessment: Assessment) -> dict[str, Any]:
    """The evaluation report of one assessment: dashboard summary plus every question."""
    dash: UnitDashboard = unit_dashboard(assessment=assessment)
    charts: dict[str, Chart] = {c.key: c for c in dash.charts}
    return {
        "assessment": assessment,
        "unit": assessment.unit,
        "dash": dash,
        "charts": charts,
        "blocks": question_blocks(dash.spec, assessment, dash.unit, dash.tpi),
        "generated_at": timezone.localtime(),
        "primary": dash.tpi if dash.has_tpi else dash.unit,
        "primary_side": "TPI" if dash.has_tpi else "Unit",
    }


def institution_report_context(*, user: AnyUser, params: OverviewParams) -> dict[str, Any]:
    """The institution summary: the overview rows of the requester's instansi."""
    overview: Overview = institution_overview(user=user, params=params)
    return {
        "overview": overview,
        "generated_at": timezone.localtime(),
        "eligible_wbk": sum(1 for r in overview.rows if r.wbk),
        "eligible_wbbm": sum(1 for r in overview.rows if r.wbbm),
        "assessed": sum(1 for r in overview.rows if r.assessment),
    }
