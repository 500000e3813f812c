"""Plan items to remind a person of: due within REMIND_DAYS, or late.

Read by the tasks inbox (scoring/inbox/selectors.py), so the reminders reach the home page's
"Tugas saya" and the same daily e-mail digest (scoring/inbox/digest.py, which keeps the person's
digest choice and zi_portal.mail.muted()). Whose item it is: the person in charge when the item
names a user; when it names none (or only a person without an account), every tim kerja member
of the unit who may edit the item's area. Late: status "late", or still open past the due date
(before the nightly plan_mark_late has run). One query for the candidate items, whatever the
number of assessments; access per assessment is memoised by access_for.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from scoring.plans.calendar.rules import calendar_read_refusal
from scoring.plans.models import OPEN_STATUSES, PlanItem, Status
from zi_portal.access import AnyUser, access_for, visible_assessments_q
from zi_portal.models import Assessment, Membership, Role

REMIND_DAYS = 7


def plan_item_url(assessment_id: int, item_pk: int) -> str:
    """Where to act on a plan item: its page in the plan."""
    return reverse("plans:item", args=[assessment_id, item_pk])


@dataclass(frozen=True)
class Reminder:
    item: PlanItem
    due: datetime.date
    late: bool
    days_left: int


def _mine(user: AnyUser, item: PlanItem) -> bool:
    if item.person_id is not None:
        return bool(item.person_id == user.pk)
    access = access_for(user, item.assessment)
    return access.may_edit_area(item.indicator.part.area.no)


def plan_reminders(
    *,
    user: AnyUser,
    today: datetime.date | None = None,
    visible: Sequence[Assessment] | None = None,
) -> list[Reminder]:
    """The person's open plan items due by today + REMIND_DAYS, late ones first, then by date.
    `visible`: every assessment the user may see (assessments_for, with unit, parent and cycle),
    when the caller has read them (the home page): their items are then read by id and given
    those objects instead of joining them again."""
    if not user.is_authenticated:
        return []
    today = today or timezone.localdate()
    tim_units = Membership.objects.filter(user_id=user.pk, role=Role.TIM_KERJA).values("unit_id")
    items = (
        PlanItem.objects.filter(
            status__in=OPEN_STATUSES,
            due_date__isnull=False,
            due_date__lte=today + datetime.timedelta(days=REMIND_DAYS),
        )
        .filter(Q(person_id=user.pk) | Q(person__isnull=True, assessment__unit_id__in=tim_units))
        .order_by("due_date", "pk")
    )
    given = (
        {a.pk: a for a in visible if a.status != Assessment.Status.CLOSED}
        if visible is not None
        else None
    )
    if given is None:
        items = items.filter(
            assessment__in=Assessment.objects.filter(visible_assessments_q(user)).exclude(
                status=Assessment.Status.CLOSED
            )
        ).select_related("assessment__unit__parent", "assessment__cycle", "indicator__part__area")
    else:
        items = items.filter(assessment_id__in=given).select_related("indicator__part__area")
    out = []
    for item in items:
        if given is not None:
            item.assessment = given[item.assessment_id]
        if calendar_read_refusal(user, item.assessment) is not None or not _mine(user, item):
            continue
        due = item.due_date or today  # never None: the query asks for a due date
        days = (due - today).days
        out.append(Reminder(item, due, item.status == Status.LATE or days < 0, days))
    out.sort(key=lambda r: (not r.late, r.due, r.item.pk))
    return out
