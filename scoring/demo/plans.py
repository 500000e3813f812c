"""The demo's rencana aksi (issue 13), written through the plan services so every row is audited:

- unit 1: items in every status (planned, in progress, done, late, cancelled with its reason),
  the first two of them "added to plan" from the dashboard's quickest steps (indicator, question,
  target answer and points of the gap step), the plan's own indicators of seed 004 (A.I.1.ii
  rencana pembangunan ZI, A.I.1.iii monitoring), documents of the unit linked, progress notes
  from the tim kerja and comments from the pimpinan and the TPI;
- unit 2 (the draft, where the monev step attaches its report): the same plan by its own
  team (koordinator2, pimpinan2), so a new tim kerja can act on every status.

Deterministic for a given day (dates count from today, like the cycle's windows) and idempotent:
an assessment that has plan items already is left as it is. The monev step of the demo runs after
this one and reads the plan (`seed_plans` returns the items it wrote per assessment).
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.utils import timezone

from areas.models import Indicator, Question
from evidence.models import Evidence
from scoring.plans.from_gap import gap_prefill
from scoring.plans.models import PlanItem, Status
from scoring.plans.services import (
    plan_evidence_link,
    plan_item_create,
    plan_item_set_status,
    plan_note_add,
)
from zi_portal.models import Assessment

DAY = datetime.timedelta(days=1)

# (indicator, question or "", step, output, authority, start and due in days from today, status,
#  cancel reason)
UNIT1_OWN: list[tuple[str, str, str, str, str, int, int, str, str]] = [
    (
        "A.I.1.ii",
        "A.I.1.ii.a",
        "Menyusun rencana kerja pembangunan ZI dan target prioritas tahun berjalan",
        "Dokumen rencana kerja ZI ditetapkan kepala unit",
        "Kepala unit",
        -80,
        -40,
        Status.DONE,
        "",
    ),
    (
        "A.I.1.iii",
        "A.I.1.iii.a",
        "Monitoring dan evaluasi pembangunan ZI triwulan berjalan",
        "Laporan monev triwulanan",
        "Tim kerja ZI",
        -30,
        20,
        Status.IN_PROGRESS,
        "",
    ),
    (
        "A.I.1.i",
        "A.I.1.i.b",
        "Rapat koordinasi tim kerja ZI dan notulanya",
        "Notula rapat dan daftar hadir",
        "Ketua tim kerja",
        -45,
        -10,
        Status.LATE,
        "",
    ),
    (
        "A.II.1.iii",
        "",
        "Lomba budaya kerja antar-seksi",
        "Pemenang lomba dan dokumentasi",
        "Tim kerja ZI",
        -20,
        30,
        Status.CANCELLED,
        "Diganti dengan apel budaya kerja mingguan yang sudah berjalan.",
    ),
]
UNIT1_NOTES = {
    "A.I.1.ii": [
        ("timkerja1", "progress", "Draf rencana kerja dibahas dalam rapat tim kerja."),
        ("timkerja1", "progress", "Rencana kerja ditandatangani kepala unit; bukti diunggah."),
        ("pimpinan1", "comment", "Pastikan target prioritas dipantau setiap triwulan."),
    ],
    "A.I.1.iii": [
        (
            "timkerja1",
            "progress",
            "Data capaian triwulan dari tiap seksi sudah terkumpul 3 dari 5.",
        ),
        ("tpi", "comment", "Sertakan tindak lanjut hasil monev triwulan sebelumnya."),
    ],
    "A.I.1.i": [("timkerja1", "progress", "Rapat ditunda karena kepala unit dinas luar.")],
}


def _indicator(assessment: Assessment, code: str) -> Indicator | None:
    return Indicator.objects.filter(
        part__area__framework_id=assessment.framework_id, code=code
    ).first()


def _question(assessment: Assessment, code: str) -> Question | None:
    if not code:
        return None
    return Question.objects.filter(framework_id=assessment.framework_id, code=code).first()


def _gap_items(
    assessment: Assessment, actor: Any, today: datetime.date, statuses: list[str], person: Any
) -> list[PlanItem]:
    """Items "added to plan" from the first steps of the unit's quickest steps."""
    from scoring.selectors.scores import assessment_scores

    out: list[PlanItem] = []
    gaps = assessment_scores(assessment=assessment)["unit"].gap
    for predicate in ("WBK", "WBBM"):
        gap = gaps.get(predicate)
        if gap is None or gap.passed or not gap.steps:
            continue
        for n, step in enumerate(gap.steps[: len(statuses)]):
            initial = gap_prefill(assessment=assessment, predicate=predicate, code=step.question)
            if initial is None:
                continue
            out.append(
                plan_item_create(
                    actor=actor,
                    assessment=assessment,
                    indicator=Indicator.objects.get(pk=initial["indicator"]),
                    question=Question.objects.get(pk=initial["question"]),
                    step=initial["step"],
                    output=f"Bukti dukung pertanyaan {step.question} lengkap",
                    target_answer=initial["target_answer"],
                    points=Decimal(initial["points"]),
                    person=person,
                    start_date=today - 7 * DAY,
                    due_date=today + (30 + 15 * n) * DAY,
                    status=statuses[n],
                )
            )
        break  # the first predicate not yet met
    return out


def _evidence_for(
    assessment: Assessment, question: Question | None, skip: set[int]
) -> Evidence | None:
    docs = Evidence.objects.filter(assessment=assessment, deleted_at__isnull=True).order_by("pk")
    if question is not None:
        attached = docs.filter(questions=question).exclude(pk__in=skip).first()
        if attached is not None:
            return attached
    return docs.exclude(pk__in=skip).first()


def _full_plan(
    assessment: Assessment,
    users: dict[str, Any],
    today: datetime.date,
    cast: dict[str, str],
) -> list[PlanItem]:
    """Gap items plus UNIT1_OWN with notes; `cast` maps the note authors of UNIT1_NOTES to this
    unit's usernames (an author missing from it writes no note)."""
    team = users[cast["timkerja1"]]
    items = _gap_items(assessment, team, today, [Status.PLANNED, Status.IN_PROGRESS], team)
    used: set[int] = set()
    for code, qcode, step, output, authority, start, due, status, reason in UNIT1_OWN:
        indicator = _indicator(assessment, code)
        if indicator is None:
            continue
        question = _question(assessment, qcode)
        item = plan_item_create(
            actor=team,
            assessment=assessment,
            indicator=indicator,
            question=question,
            step=step,
            output=output,
            authority=authority,
            person=team if status != Status.LATE else None,
            person_name="" if status != Status.LATE else "Sekretaris tim kerja (Ibu Rina)",
            start_date=today + start * DAY,
            due_date=today + due * DAY,
            status=Status.PLANNED,
        )
        if status in (Status.DONE, Status.IN_PROGRESS):
            ev = _evidence_for(assessment, question, used)
            if ev is not None:
                used.add(ev.pk)
                plan_evidence_link(actor=team, item=item, evidence=ev)
        for username, kind, text in UNIT1_NOTES.get(code, []):
            if username in cast:
                plan_note_add(actor=users[cast[username]], item=item, kind=kind, text=text)
        if status != Status.PLANNED:
            item = plan_item_set_status(actor=team, item=item, status=status, reason=reason)
        items.append(item)
    if items:
        first = items[0]
        ev = _evidence_for(assessment, first.question, used)
        if ev is not None:
            plan_evidence_link(actor=team, item=first, evidence=ev)
    return items


def _unit1(assessment: Assessment, users: dict[str, Any], today: datetime.date) -> list[PlanItem]:
    cast = {"timkerja1": "timkerja1", "pimpinan1": "pimpinan1", "tpi": "tpi"}
    return _full_plan(assessment, users, today, cast)


def _unit2(assessment: Assessment, users: dict[str, Any], today: datetime.date) -> list[PlanItem]:
    cast = {"timkerja1": "koordinator2", "pimpinan1": "pimpinan2"}
    return _full_plan(assessment, users, today, cast)


def seed_plans(
    assessments: list[Assessment], users: dict[str, Any], *, today: datetime.date | None = None
) -> dict[int, list[PlanItem]]:
    """The demo plans of unit 1 and unit 2 (assessments in the seed's order); an assessment that
    has a plan already is skipped. Returns the items per assessment pk (all of its items)."""
    day = today or timezone.localdate()
    plays = {0: _unit1, 1: _unit2}
    for index, play in plays.items():
        if (
            index < len(assessments)
            and not PlanItem.objects.filter(assessment=assessments[index]).exists()
        ):
            play(assessments[index], users, day)
    return {a.pk: list(PlanItem.objects.filter(assessment=a).order_by("pk")) for a in assessments}
