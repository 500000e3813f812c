"""Reads of the monev: what a quarter's report says (monev_content), the monev page of an
assessment with the actions each person may take, and one stored report.

monev_content is the report's snapshot; the services store it as MonevReport.data, so the
PDF, the Excel and the page all read the same numbers. It is JSON-ready (strings, ints, floats).

How a quarter reads (Asia/Jakarta; "the cut-off" is the end of the quarter, or now when the
quarter is still running):

- items: those created before the cut-off or planned to start before it (a plan typed in or
  imported later still covers the months it names), cancelled ones counted apart. *Done*:
  status done, finished (done_at) before the cut-off. *Late*: not done by the cut-off and due
  before the cut-off's day. *Open*: the rest (due later or without a due date).
- progress notes and evidence: written or added inside the quarter (PlanNote.created_at,
  Evidence.created_at, deleted documents left out).
- score movement: the unit-side pengungkit and total when the report is generated, against the
  latest record from before the quarter began: a snapshot (taken at every submission and at the
  TPI's finalisation), else the score an earlier quarter's monev report recorded when it was
  generated; without either, the start is "not recorded". No score history is kept between those
  events, so nothing finer is claimed.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django.db.models import Prefetch, Q
from django.http import Http404
from django.utils import timezone

from areas.models import Area, Question
from evidence import rules as evidence_rules
from evidence.models import Evidence
from scoring.models import Side, Snapshot
from scoring.plans.models import PlanItem, PlanNote, Status
from scoring.plans.monev import rules
from scoring.plans.monev.models import MonevReport
from scoring.plans.monev.quarters import JAKARTA, Quarter, quarters_of
from scoring.selectors.scores import assessment_scores
from zi_portal.access import AnyUser
from zi_portal.models import Assessment
from zi_portal.refusals import Refusal, refuse_if

BUCKETS = ("done", "late", "open")
NOT_TIM_KERJA = evidence_rules.Code.NOT_TIM_KERJA


def _shown(refusal: Refusal | None, role_code: str) -> bool:
    return refusal is None or refusal.code != role_code


def _day(value: datetime.datetime | None) -> str:
    return value.astimezone(JAKARTA).date().isoformat() if value else ""


def _person(item: PlanItem) -> str:
    if item.person is not None:
        return item.person.get_full_name() or item.person.get_username()
    return item.person_name


def _bucket(item: PlanItem, cutoff: datetime.datetime) -> str | None:
    """done / late / open at the cut-off; None for a cancelled item."""
    if item.status == Status.CANCELLED:
        return None
    finished = item.done_at or item.updated_at
    if item.status == Status.DONE and finished < cutoff:
        return "done"
    cutoff_day = cutoff.astimezone(JAKARTA).date()
    if item.due_date is not None and item.due_date < cutoff_day:
        return "late"
    return "open"


def _item_row(item: PlanItem, bucket: str) -> dict[str, Any]:
    return {
        "id": item.pk,
        "indicator": item.indicator.code,
        "indicator_name": item.indicator.name,
        "step": item.step,
        "output": item.output,
        "person": _person(item),
        "due": item.due_date.isoformat() if item.due_date else "",
        "done": _day(item.done_at) if bucket == "done" else "",
        "status": item.status,
    }


def _score_of(data: dict[str, Any]) -> dict[str, float] | None:
    unit = (data.get("scores") or {}).get(Side.UNIT)
    if not unit or "pengungkit" not in unit:
        return None
    return {"pengungkit": float(unit["pengungkit"]), "total": float(unit["total"])}


def _score_start(assessment: Assessment, quarter: Quarter) -> dict[str, Any]:
    snap = (
        Snapshot.objects.filter(assessment=assessment, created_at__lt=quarter.start)
        .order_by("-created_at")
        .first()
    )
    if snap is not None and (score := _score_of(snap.data)) is not None:
        return {"source": "snapshot", "kind": snap.kind, "at": _day(snap.created_at), **score}
    earlier = (
        MonevReport.objects.filter(
            assessment=assessment, quarter__lt=quarter.no, generated_at__lt=quarter.start
        )
        .order_by("-generated_at")
        .first()
    )
    if earlier is not None and (now := (earlier.data.get("score") or {}).get("now")):
        return {
            "source": "monev",
            "quarter": earlier.quarter,
            "at": _day(earlier.generated_at),
            "pengungkit": now["pengungkit"],
            "total": now["total"],
        }
    return {"source": "none"}


def _score(assessment: Assessment, quarter: Quarter, now: datetime.datetime) -> dict[str, Any]:
    unit = assessment_scores(assessment=assessment)[Side.UNIT]
    current = {
        "pengungkit": float(unit.pengungkit),
        "total": float(unit.total),
        "at": _day(now),
    }
    start = _score_start(assessment, quarter)
    delta = None
    if start["source"] != "none":
        delta = {
            "pengungkit": round(current["pengungkit"] - start["pengungkit"], 4),
            "total": round(current["total"] - start["total"], 4),
        }
    return {"now": current, "start": start, "delta": delta}


def _evidence_in(assessment: Assessment, quarter: Quarter, cutoff: datetime.datetime) -> Any:
    return (
        Evidence.objects.filter(
            assessment=assessment,
            deleted_at__isnull=True,
            created_at__gte=quarter.start,
            created_at__lt=cutoff,
        )
        .prefetch_related(Prefetch("questions", queryset=Question.objects.order_by("position")))
        .order_by("created_at", "pk")
    )


def monev_content(
    *, assessment: Assessment, quarter: int, now: datetime.datetime | None = None
) -> dict[str, Any]:
    """The report of `quarter` of the assessment's cycle year, as stored in MonevReport.data."""
    now = now or timezone.now()
    q = Quarter(assessment.cycle.year, quarter)
    cutoff = min(q.end, now)
    areas = {a.no: a for a in Area.objects.filter(framework_id=assessment.framework_id)}
    per_area: dict[int, dict[str, Any]] = {
        no: {"no": no, "name": a.name, **{b: [] for b in BUCKETS}, "notes": [], "evidence": []}
        for no, a in sorted(areas.items())
    }
    cancelled = 0
    cutoff_day = cutoff.astimezone(JAKARTA).date()
    if cutoff == q.end:
        cutoff_day = q.last_day + datetime.timedelta(days=1)
    items = (
        PlanItem.objects.filter(assessment=assessment)
        .filter(Q(created_at__lt=cutoff) | Q(start_date__lt=cutoff_day))
        .select_related("indicator__part__area", "person")
        .order_by("indicator__part__area__no", "indicator__order", "due_date", "pk")
    )
    for item in items:
        bucket = _bucket(item, cutoff)
        if bucket is None:
            cancelled += 1
            continue
        per_area[item.indicator.part.area.no][bucket].append(_item_row(item, bucket))
    notes = (
        PlanNote.objects.filter(
            item__assessment=assessment,
            kind=PlanNote.Kind.PROGRESS,
            created_at__gte=q.start,
            created_at__lt=cutoff,
        )
        .select_related("item__indicator__part__area", "author")
        .order_by("created_at", "pk")
    )
    for note in notes:
        author = note.author.get_full_name() or note.author.get_username() if note.author else ""
        per_area[note.item.indicator.part.area.no]["notes"].append(
            {
                "item": note.item.step,
                "indicator": note.item.indicator.code,
                "text": note.text,
                "author": author,
                "at": _day(note.created_at),
            }
        )
    unattached: list[dict[str, Any]] = []
    evidence_total = 0
    for ev in _evidence_in(assessment, q, cutoff):
        evidence_total += 1
        by_area: dict[int | None, list[str]] = defaultdict(list)
        for question in ev.questions.all():
            by_area[question.area_no].append(question.code)
        row = {"title": ev.title, "at": _day(ev.created_at), "kind": ev.kind}
        if not by_area:
            unattached.append({**row, "questions": []})
        for no, codes in by_area.items():
            target = per_area[no]["evidence"] if no in per_area else unattached
            target.append({**row, "questions": codes})
    rows = list(per_area.values())
    for row in rows:
        row["counts"] = {b: len(row[b]) for b in BUCKETS}
        row["counts"]["notes"] = len(row["notes"])
        row["counts"]["evidence"] = len(row["evidence"])
    totals = {b: sum(r["counts"][b] for r in rows) for b in (*BUCKETS, "notes")}
    totals["cancelled"] = cancelled
    totals["evidence"] = evidence_total
    return {
        "unit": assessment.unit.name,
        "unit_code": assessment.unit.code,
        "year": q.year,
        "quarter": q.no,
        "first_day": q.first_day.isoformat(),
        "last_day": q.last_day.isoformat(),
        # The last day the report covers: the quarter's last day, or today while it runs.
        "cutoff": q.last_day.isoformat() if cutoff == q.end else _day(cutoff),
        "complete": q.end <= now,
        "generated_at": now.astimezone(JAKARTA).isoformat(timespec="minutes"),
        "areas": rows,
        "unattached_evidence": unattached,
        "totals": totals,
        "score": _score(assessment, q, now),
    }


def monitoring_questions(assessment: Assessment) -> list[Question]:
    """The monitoring questions of the assessment's framework, in MONITORING_CODES order."""
    found = {
        q.code: q
        for q in Question.objects.filter(
            indicator__part__area__framework_id=assessment.framework_id,
            code__in=rules.MONITORING_CODES,
        )
    }
    return [found[c] for c in rules.MONITORING_CODES if c in found]


@dataclass
class QuarterRow:
    quarter: Quarter
    report: MonevReport | None
    started: bool
    complete: bool
    generate_refusal: Refusal | None
    attach_refusal: Refusal | None
    sign_off_refusal: Refusal | None

    # A button is hidden from people whose role never allows it, and shown disabled with the
    # reason to those it is closed to for now (not generated yet, signed off, worksheet locked).
    @property
    def show_generate(self) -> bool:
        return _shown(self.generate_refusal, rules.Code.GENERATE_DENIED)

    @property
    def show_attach(self) -> bool:
        return _shown(self.attach_refusal, NOT_TIM_KERJA)

    @property
    def show_sign_off(self) -> bool:
        return _shown(self.sign_off_refusal, rules.Code.NOT_PIMPINAN)


@dataclass
class MonevPage:
    assessment: Assessment
    rows: list[QuarterRow]
    questions: list[Question]


def _reports(assessment: Assessment) -> dict[int, MonevReport]:
    qs = MonevReport.objects.filter(assessment=assessment).select_related(
        "pdf_job", "xlsx_job", "signed_off_by", "generated_by", "evidence", "attached_by"
    )
    return {r.quarter: r for r in qs}


def monev_page(*, user: AnyUser, assessment: Assessment) -> MonevPage:
    """The quarters of the assessment's cycle with their report and what `user` may do."""
    refuse_if(rules.monev_read_refusal(user, assessment), assessment=assessment)
    reports = _reports(assessment)
    questions = monitoring_questions(assessment)
    today = timezone.localdate()
    rows = []
    for q in quarters_of(assessment.cycle.year):
        report = reports.get(q.no)
        rows.append(
            QuarterRow(
                quarter=q,
                report=report,
                started=q.started(today),
                complete=q.complete(today),
                generate_refusal=rules.monev_generate_refusal(user, assessment, q.no, report),
                attach_refusal=rules.monev_attach_refusal(user, assessment, report, questions),
                sign_off_refusal=rules.monev_sign_off_refusal(user, assessment, report),
            )
        )
    return MonevPage(assessment=assessment, rows=rows, questions=questions)


def monev_report_get(*, user: AnyUser, assessment: Assessment, quarter: int) -> MonevReport:
    """The stored report of `quarter` the user may read (404 when there is none)."""
    refuse_if(rules.monev_read_refusal(user, assessment), assessment=assessment)
    report = _reports(assessment).get(quarter)
    if report is None:
        raise Http404
    return report
