"""One person's pending tasks across the assessments they may see ("Tugas saya").

Each task is decided by the rule the matching service asks (scoring/rules.py, evidence/rules.py),
so the list never offers a step the page would refuse:

- pimpinan unit: the sign-off waits (``sign_off_refusal`` is None);
- tim kerja: the submission may go (``submit_refusal`` is None), open flags returned to the unit
  on questions of their areas not yet replied to (``flags_to_fix``, the unit-side rule), and
  comments the TPI wrote last on a question of their areas;
- TPI: a submission to review (``tpi_side_refusal`` is None), the questions the unit changed
  since the previous submission not reviewed again (``unreviewed_changes``), the flags that came
  back to accept (``flags_to_accept``), and comments the unit side wrote last;
- the person in charge of a plan item (or, when it names no user, the tim kerja of its area): the
  item late or due within a week (scoring/plans/calendar/reminders.py), in any status but closed;
- everyone with a writing role: the end of the current phase (``Assessment.window_end``) with the
  days left.

Only assessments in a working status are read (draft, revision, submitted, in review): the query
count grows with those, never with finished ones, and comments and the people of each side are
read once for all of them.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum

from django.db.models import Max
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from areas.models import Question
from evidence.models import Comment
from evidence.rules import TPI_EDITABLE, UNIT_EDITABLE, tpi_side_refusal, unit_side_refusal
from scoring.models import Snapshot
from scoring.plans.calendar.reminders import plan_item_url, plan_reminders
from scoring.rules import sign_off_refusal, submit_refusal
from scoring.selectors.changes import flags_to_accept, flags_to_fix, unreviewed_changes
from zi_portal.access import Access, AnyUser, access_for
from zi_portal.models import (
    Assessment,
    Membership,
    Phase,
    ReviewerAssignment,
    Role,
    window_ends_read,
)
from zi_portal.selectors import assessment_list_for_user

WORKING = frozenset(UNIT_EDITABLE) | frozenset(TPI_EDITABLE)


class Kind(StrEnum):
    SIGN_OFF = "sign_off"
    SUBMIT = "submit"
    FLAG_FIX = "flag_fix"
    COMMENT = "comment"
    REVIEW = "review"
    CHANGED = "changed"
    FLAG_ACCEPT = "flag_accept"
    DEADLINE = "deadline"
    PLAN_LATE = "plan_late"
    PLAN_DUE = "plan_due"


@dataclass(frozen=True)
class Task:
    """One pending task: what (kind code), a sentence, where to act (a path), and when."""

    kind: str
    text: str
    url: str
    date: datetime.date | None
    assessment_id: int
    days_left: int | None = None


@dataclass(frozen=True)
class _Sides:
    """Who writes for each side of each assessment: reviewer ids and unit-side ids."""

    reviewers: dict[int, set[int]]
    unit_side: dict[int, set[int]]


def _day(at: datetime.datetime | None) -> datetime.date | None:
    return timezone.localdate(at) if at is not None else None


def _name(a: Assessment) -> str:
    return f"{a.unit.name} {a.cycle.year}"


def _question_url(a: Assessment, code: str) -> str:
    return reverse("scoring:question", args=[a.pk, code])


def _assessment_url(a: Assessment) -> str:
    return reverse("scoring:assessment", args=[a.pk])


def _sides(assessments: list[Assessment]) -> _Sides:
    units = {a.unit_id for a in assessments}
    reviewers: dict[tuple[int, int], set[int]] = defaultdict(set)
    for unit_id, cycle_id, user_id in ReviewerAssignment.objects.filter(
        unit_id__in=units
    ).values_list("unit_id", "cycle_id", "reviewer_id"):
        reviewers[(unit_id, cycle_id)].add(user_id)
    members: dict[int, set[int]] = defaultdict(set)
    for unit_id, user_id in Membership.objects.filter(
        unit_id__in=units, role__in=[Role.TIM_KERJA, Role.PIMPINAN_UNIT]
    ).values_list("unit_id", "user_id"):
        members[unit_id].add(user_id)
    return _Sides(
        reviewers={a.pk: reviewers[(a.unit_id, a.cycle_id)] for a in assessments},
        unit_side={a.pk: members[a.unit_id] for a in assessments},
    )


def _last_comments(assessments: list[Assessment]) -> dict[int, list[Comment]]:
    """The latest comment of each question thread, per assessment, when it is not resolved."""
    last: dict[tuple[int, int], Comment] = {}
    rows = (
        Comment.objects.filter(assessment_id__in=[a.pk for a in assessments])
        .select_related("question")
        .only("assessment_id", "question__code", "author_id", "created_at", "resolved")
        .order_by("created_at", "pk")
    )
    for c in rows:
        last[(c.assessment_id, c.question_id)] = c
    out: dict[int, list[Comment]] = defaultdict(list)
    for (assessment_id, _q), c in last.items():
        if not c.resolved:
            out[assessment_id].append(c)
    return out


def _comment_tasks(
    a: Assessment, access: Access, comments: list[Comment], sides: _Sides, user_id: int
) -> list[Task]:
    tasks = []
    for c in comments:
        if c.author_id == user_id:
            continue
        q: Question = c.question
        from_tpi = c.author_id in sides.reviewers[a.pk]
        from_unit = c.author_id in sides.unit_side[a.pk]
        if from_tpi and access.may_edit_area(q.area_no):
            text = _("Jawab komentar TPI pada pertanyaan %(code)s (%(name)s).")
        elif from_unit and access.has(Role.TPI):
            text = _("Jawab komentar unit pada pertanyaan %(code)s (%(name)s).")
        else:
            continue
        tasks.append(
            Task(
                Kind.COMMENT,
                text % {"code": q.code, "name": _name(a)},
                _question_url(a, q.code),
                _day(c.created_at),
                a.pk,
            )
        )
    return tasks


def _unit_tasks(a: Assessment, access: Access) -> list[Task]:
    tasks = []
    name = _name(a)
    if access.has(Role.PIMPINAN_UNIT) and sign_off_refusal(access=access, assessment=a) is None:
        tasks.append(
            Task(
                Kind.SIGN_OFF,
                _("Setujui pengajuan penilaian %(name)s.") % {"name": name},
                _assessment_url(a),
                _day(a.updated_at),
                a.pk,
            )
        )
    if not access.has(Role.TIM_KERJA):
        return tasks
    if submit_refusal(access=access, assessment=a) is None:
        tasks.append(
            Task(
                Kind.SUBMIT,
                _("Ajukan penilaian %(name)s ke TPI; persetujuan pimpinan sudah ada.")
                % {"name": name},
                _assessment_url(a),
                _day(a.signed_off_at),
                a.pk,
            )
        )
    if unit_side_refusal(access=access, assessment=a, question=None) is None:
        for flag in flags_to_fix(a):
            if flag.replied_at is not None or not access.may_edit_area(flag.question.area_no):
                continue
            tasks.append(
                Task(
                    Kind.FLAG_FIX,
                    _("Perbaiki pertanyaan %(code)s (%(name)s) sesuai catatan TPI: %(note)s")
                    % {
                        "code": flag.question.code,
                        "name": name,
                        "note": Truncator(flag.note).chars(120),
                    },
                    _question_url(a, flag.question.code),
                    _day(flag.returned_at),
                    a.pk,
                )
            )
    return tasks


def _tpi_tasks(
    a: Assessment, access: Access, submitted_at: dict[int, datetime.datetime]
) -> list[Task]:
    if tpi_side_refusal(access=access, assessment=a) is not None:
        return []
    name = _name(a)
    url = _assessment_url(a)
    when = _day(submitted_at.get(a.pk))
    tasks = [
        Task(
            Kind.REVIEW,
            _("Evaluasi penilaian %(name)s yang diajukan ke TPI.") % {"name": name},
            url,
            when,
            a.pk,
        )
    ]
    changed = len(unreviewed_changes(a))
    if changed:
        text = ngettext(
            "%(n)s pertanyaan diubah unit sejak pengajuan sebelumnya dan belum Anda nilai ulang "
            "(%(name)s).",
            "%(n)s pertanyaan diubah unit sejak pengajuan sebelumnya dan belum Anda nilai ulang "
            "(%(name)s).",
            changed,
        ) % {"n": changed, "name": name}
        tasks.append(Task(Kind.CHANGED, text, url + "?status=berubah", when, a.pk))
    to_accept = len(flags_to_accept(a))
    if to_accept:
        text = ngettext(
            "%(n)s catatan perbaikan kembali dari unit dan menunggu Anda terima (%(name)s).",
            "%(n)s catatan perbaikan kembali dari unit dan menunggu Anda terima (%(name)s).",
            to_accept,
        ) % {"n": to_accept, "name": name}
        tasks.append(Task(Kind.FLAG_ACCEPT, text, url, when, a.pk))
    return tasks


def _deadline_task(a: Assessment, access: Access, today: datetime.date) -> Task | None:
    """The end of the phase this person works in now, when it has not passed."""
    if a.status in UNIT_EDITABLE and access.roles & {Role.TIM_KERJA, Role.PIMPINAN_UNIT}:
        phase = Phase.SELF_ASSESSMENT
    elif a.status in TPI_EDITABLE and access.has(Role.TPI):
        phase = Phase.REVIEW
    else:
        return None
    end = a.window_end(phase)
    days = (end - today).days
    if days < 0:
        return None
    values = {
        "phase": str(Phase(phase).label).lower(),
        "name": _name(a),
        "date": date_format(end, "j F Y"),
        "n": days,
    }
    if days == 0:
        text = _("Jadwal %(phase)s %(name)s berakhir hari ini, %(date)s.") % values
    else:
        text = (
            ngettext(
                "Jadwal %(phase)s %(name)s berakhir %(date)s (%(n)s hari lagi).",
                "Jadwal %(phase)s %(name)s berakhir %(date)s (%(n)s hari lagi).",
                days,
            )
            % values
        )
    return Task(Kind.DEADLINE, text, _assessment_url(a), end, a.pk, days_left=days)


def _plan_tasks(
    user: AnyUser, today: datetime.date, visible: Sequence[Assessment] | None
) -> list[Task]:
    """The person's plan items late or due within a week (scoring/plans/calendar/reminders.py)."""
    tasks = []
    for r in plan_reminders(user=user, today=today, visible=visible):
        item, a = r.item, r.item.assessment
        values = {
            "code": item.indicator.code,
            "name": _name(a),
            "date": date_format(r.due, "j F Y"),
            "step": Truncator(item.step).chars(100),
            "n": r.days_left,
        }
        if r.late:
            kind, text = (
                Kind.PLAN_LATE,
                _("Rencana aksi %(code)s (%(name)s) terlambat, tenggat %(date)s: %(step)s"),
            )
        elif r.days_left == 0:
            kind, text = (
                Kind.PLAN_DUE,
                _("Rencana aksi %(code)s (%(name)s) jatuh tempo hari ini: %(step)s"),
            )
        else:
            kind, text = (
                Kind.PLAN_DUE,
                ngettext(
                    "Rencana aksi %(code)s (%(name)s) jatuh tempo %(date)s (%(n)s hari lagi): "
                    "%(step)s",
                    "Rencana aksi %(code)s (%(name)s) jatuh tempo %(date)s (%(n)s hari lagi): "
                    "%(step)s",
                    r.days_left,
                ),
            )
        url = plan_item_url(a.pk, item.pk)
        tasks.append(Task(kind, text % values, url, r.due, a.pk, days_left=r.days_left))
    return tasks


def tasks_for_user(
    *,
    user: AnyUser,
    today: datetime.date | None = None,
    visible: Sequence[Assessment] | None = None,
) -> list[Task]:
    """The person's pending tasks, assessment by assessment (the home page's order), each
    assessment's tasks in the order of the work and its deadline last. `visible`: the user's
    assessment list when the caller has read it (the home page shows it too)."""
    if not user.is_authenticated:
        return []
    today = today or timezone.localdate()
    listed: Iterable[Assessment] = (
        visible
        if visible is not None
        else assessment_list_for_user(user=user).filter(status__in=WORKING)
    )
    working = [a for a in listed if a.status in WORKING]
    roles = {Role.TIM_KERJA, Role.PIMPINAN_UNIT, Role.TPI}
    mine = [(a, acc) for a in working if (acc := access_for(user, a)).roles & roles]
    if not mine:
        return _plan_tasks(user, today, visible)
    assessments = [a for a, _acc in mine]
    window_ends_read(assessments)
    sides = _sides(assessments)
    comments = _last_comments(assessments)
    submitted_at = dict(
        Snapshot.objects.filter(
            assessment_id__in=[a.pk for a in assessments], kind=Snapshot.Kind.SUBMITTED
        )
        .values("assessment_id")
        .annotate(at=Max("created_at"))
        .values_list("assessment_id", "at")
    )
    tasks: list[Task] = []
    for a, access in mine:
        tasks += _unit_tasks(a, access)
        if access.has(Role.TPI):
            tasks += _tpi_tasks(a, access, submitted_at)
        tasks += _comment_tasks(a, access, comments.get(a.pk, []), sides, int(user.pk))
        deadline = _deadline_task(a, access, today)
        if deadline is not None:
            tasks.append(deadline)
    return tasks + _plan_tasks(user, today, visible)
