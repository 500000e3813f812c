"""The events of the ZI calendar, for one assessment (the page) or for everything a person may
see in the current cycle (the feed), and the person's feed addresses.

Events: the plan's due dates (open ones marked, late ones highlighted; cancelled items left out),
the phase windows of the cycle after any extension for the unit (zi_portal WindowExtension), the
TPN proposal deadline, the end of each quarter (triwulan) when the monev report is due, the end of
each document's validity (evidence effective_until), and the yearly obligations of
fixtures/zi-calendar-obligations.json. Plan items follow plan_read_refusal; the rest follows the
assessment's visibility.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass
from enum import StrEnum

from django.db.models import Prefetch, QuerySet
from django.shortcuts import get_object_or_404
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from evidence.models import Evidence, EvidenceAttachment
from scoring.plans.calendar.models import CalendarFeedToken
from scoring.plans.calendar.obligations import obligations
from scoring.plans.calendar.reminders import plan_item_url
from scoring.plans.calendar.rules import calendar_read_refusal
from scoring.plans.calendar.tokens import feed_token_matches, feed_token_prefix
from scoring.plans.models import OPEN_STATUSES, PlanItem, Status
from scoring.plans.monev.models import MonevReport
from scoring.plans.monev.quarters import quarters_of
from zi_portal.access import AnyUser
from zi_portal.models import Assessment, Cycle, Phase, WindowExtension
from zi_portal.refusals import refuse_if
from zi_portal.selectors import assessment_list_for_user


class Kind(StrEnum):
    PLAN = "plan"
    PHASE = "phase"
    DEADLINE = "deadline"
    MONEV = "monev"
    EXPIRY = "expiry"
    OBLIGATION = "obligation"


@dataclass(frozen=True)
class Event:
    """One day (or a span of days, `end` inclusive) on the calendar."""

    uid: str
    kind: str
    title: str
    start: datetime.date
    end: datetime.date | None = None
    url: str = ""
    detail: str = ""
    is_open: bool = False
    is_late: bool = False


@dataclass(frozen=True)
class Month:
    first: datetime.date
    events: list[Event]
    is_current: bool


def _unit(a: Assessment) -> str:
    return f"{a.unit.name} {a.cycle.year}"


@dataclass
class _Reads:
    """What the events of several assessments need, read once for all of them (the feed of an
    instansi admin spans every unit): a fixed number of queries, not a few per unit."""

    plans: dict[int, list[PlanItem]]
    extensions: dict[tuple[int, int, str], datetime.date]
    monev: dict[int, dict[int, str]]
    documents: dict[int, list[Evidence]]


def _reads(assessments: list[Assessment]) -> _Reads:
    ids = [a.pk for a in assessments]
    plans: dict[int, list[PlanItem]] = defaultdict(list)
    items = (
        PlanItem.objects.filter(assessment_id__in=ids, due_date__isnull=False)
        .exclude(status=Status.CANCELLED)
        .select_related("indicator")
        .order_by("due_date", "pk")
    )
    for item in items:
        plans[item.assessment_id].append(item)
    extensions: dict[tuple[int, int, str], datetime.date] = {}
    rows = WindowExtension.objects.filter(
        cycle_id__in={a.cycle_id for a in assessments},
        unit_id__in={a.unit_id for a in assessments},
    ).values_list("cycle_id", "unit_id", "phase", "new_end")
    for cycle_id, unit_id, phase, new_end in rows:
        key = (cycle_id, unit_id, phase)
        extensions[key] = max(new_end, extensions.get(key, new_end))
    monev: dict[int, dict[int, str]] = defaultdict(dict)
    for aid, quarter, status in MonevReport.objects.filter(assessment_id__in=ids).values_list(
        "assessment_id", "quarter", "status"
    ):
        monev[aid][quarter] = status
    documents: dict[int, list[Evidence]] = defaultdict(list)
    docs = (
        Evidence.objects.filter(
            assessment_id__in=ids, deleted_at__isnull=True, effective_until__isnull=False
        )
        .only("pk", "title", "effective_until", "assessment_id")
        .prefetch_related(
            Prefetch(
                "attachments",
                queryset=EvidenceAttachment.objects.select_related("question").order_by("pk"),
            )
        )
    )
    for ev in docs:
        documents[ev.assessment_id].append(ev)
    return _Reads(plans, extensions, monev, documents)


def _plan_events(a: Assessment, today: datetime.date, items: list[PlanItem]) -> list[Event]:
    out = []
    for item in items:
        due = item.due_date or today  # never None: the query asks for a due date
        is_open = item.status in OPEN_STATUSES
        late = item.status == Status.LATE or (is_open and due < today)
        out.append(
            Event(
                uid=f"plan-{item.pk}",
                kind=Kind.PLAN,
                title=_("Tenggat rencana aksi %(code)s: %(step)s")
                % {"code": item.indicator.code, "step": Truncator(item.step).chars(80)},
                start=due,
                url=plan_item_url(a.pk, item.pk),
                detail=f"{_unit(a)} · {item.get_status_display()}",
                is_open=is_open,
                is_late=late,
            )
        )
    return out


def _phase_events(
    a: Assessment, extensions: dict[tuple[int, int, str], datetime.date]
) -> list[Event]:
    """The two phase windows after the unit's extensions, and the TPN proposal deadline. The uid
    names the window's end, so units with the same windows share one event in the feed."""
    c = a.cycle
    out = []
    for phase, start, base_end in (
        (Phase.SELF_ASSESSMENT, c.self_assessment_start, c.self_assessment_end),
        (Phase.REVIEW, c.review_start, c.review_end),
    ):
        # As Assessment.window_end: the latest extension of the unit, never before the cycle's.
        end = max(base_end, extensions.get((a.cycle_id, a.unit_id, phase), base_end))
        extended = end != base_end
        title = _("%(phase)s siklus %(year)s") % {"phase": Phase(phase).label, "year": c.year}
        if extended:
            title += " · " + _("diperpanjang untuk %(unit)s") % {"unit": a.unit.name}
        out.append(
            Event(
                uid=f"phase-{phase}-{c.year}-{end.isoformat()}"
                + (f"-{a.unit_id}" if extended else ""),
                kind=Kind.PHASE,
                title=title,
                start=start,
                end=end,
                url=reverse("scoring:assessment", args=[a.pk]),
            )
        )
    out.append(
        Event(
            uid=f"tpn-deadline-{c.year}",
            kind=Kind.DEADLINE,
            title=_("Batas pengusulan ke TPN siklus %(year)s") % {"year": c.year},
            start=c.submission_deadline,
        )
    )
    return out


def _monev_url(a: Assessment) -> str:
    # The monev pages are their own app's (scoring/plans/monev); without them, the plan.
    try:
        return reverse("monev:page", args=[a.pk])
    except NoReverseMatch:
        return reverse("plans:plan", args=[a.pk])


def _monev_events(a: Assessment, today: datetime.date, reports: dict[int, str]) -> list[Event]:
    """The last day of each quarter, when the quarter's monev report is due; the report's state
    when one was generated (scoring/plans/monev MonevReport)."""
    url = _monev_url(a)
    out = []
    for q in quarters_of(a.cycle.year):
        status = reports.get(q.no)
        detail = (
            str(MonevReport.Status(status).label)
            if status
            else _("Laporan pemantauan dan evaluasi rencana aksi triwulan ini.")
        )
        out.append(
            Event(
                uid=f"monev-{a.pk}-{q.year}-{q.no}",
                kind=Kind.MONEV,
                title=_("Monev triwulan %(q)s %(unit)s") % {"q": q.roman, "unit": _unit(a)},
                start=q.last_day,
                url=url,
                detail=detail,
                is_open=q.started(today) and status != MonevReport.Status.SIGNED_OFF,
            )
        )
    return out


def _expiry_events(a: Assessment, docs: list[Evidence]) -> list[Event]:
    out = []
    for ev in docs:
        until = ev.effective_until or datetime.date.max  # never None: the query asks for one
        attachments = list(ev.attachments.all())
        url = (
            reverse("scoring:question", args=[a.pk, attachments[0].question.code])
            if attachments
            else reverse("scoring:assessment", args=[a.pk])
        )
        out.append(
            Event(
                uid=f"expiry-{ev.pk}-{until.isoformat()}",
                kind=Kind.EXPIRY,
                title=_("Masa berlaku bukti dukung berakhir: %(title)s")
                % {"title": Truncator(ev.title).chars(80)},
                start=until,
                url=url,
                detail=_unit(a),
            )
        )
    return out


def _obligation_events(year: int) -> list[Event]:
    out = []
    for ob in obligations():
        start, end = ob.dates(year)
        out.append(
            Event(
                uid=f"obligation-{ob.code}-{year}",
                kind=Kind.OBLIGATION,
                title=ob.title(),
                start=start,
                end=end,
                detail=_("Kewajiban tahunan unit ZI"),
            )
        )
    return out


def _sorted(events: list[Event]) -> list[Event]:
    unique = {e.uid: e for e in events}
    return sorted(unique.values(), key=lambda e: (e.start, e.end or e.start, e.kind, e.title))


def _assessment_events(a: Assessment, today: datetime.date, reads: _Reads) -> list[Event]:
    return (
        _plan_events(a, today, reads.plans.get(a.pk, []))
        + _phase_events(a, reads.extensions)
        + _monev_events(a, today, reads.monev.get(a.pk, {}))
        + _expiry_events(a, reads.documents.get(a.pk, []))
    )


def calendar_for_assessment(
    *, user: AnyUser, assessment: Assessment, today: datetime.date | None = None
) -> list[Event]:
    """Every event of the assessment's calendar, in date order (Refused when the person may not
    read the plan; the page found the assessment with assessment_get_for_user first)."""
    refuse_if(calendar_read_refusal(user, assessment), assessment=assessment)
    today = today or timezone.localdate()
    events = _assessment_events(assessment, today, _reads([assessment]))
    events += _obligation_events(assessment.cycle.year)
    return _sorted(events)


def calendar_months(events: list[Event], today: datetime.date | None = None) -> list[Month]:
    """The events grouped by the month they start in, months in order."""
    today = today or timezone.localdate()
    groups: dict[datetime.date, list[Event]] = defaultdict(list)
    for e in events:
        groups[e.start.replace(day=1)].append(e)
    current = today.replace(day=1)
    return [Month(first, groups[first], first == current) for first in sorted(groups)]


def current_cycle(today: datetime.date | None = None) -> Cycle | None:
    """The cycle of this year, else the newest one before it, else the newest."""
    year = (today or timezone.localdate()).year
    return (
        Cycle.objects.filter(year__lte=year).order_by("-year").first()
        or Cycle.objects.order_by("-year").first()
    )


def feed_events(*, user: AnyUser, today: datetime.date | None = None) -> list[Event]:
    """What the person's feed shows: every assessment of the current cycle they may read."""
    today = today or timezone.localdate()
    cycle = current_cycle(today)
    if cycle is None or not user.is_authenticated:
        return []
    events = _obligation_events(cycle.year)
    visible = assessment_list_for_user(user=user).filter(cycle=cycle).order_by("unit__name")
    mine = [a for a in visible if calendar_read_refusal(user, a) is None]
    reads = _reads(mine)
    for a in mine:
        events += _assessment_events(a, today, reads)
    return _sorted(events)


def feed_tokens_for_user(*, user: AnyUser) -> QuerySet[CalendarFeedToken]:
    return CalendarFeedToken.objects.filter(user_id=user.pk or 0)


def feed_token_get_for_user(*, user: AnyUser, pk: int) -> CalendarFeedToken:
    """One of the person's own feed addresses; 404 for anyone else's."""
    return get_object_or_404(feed_tokens_for_user(user=user), pk=pk)


def feed_token_find(token: str) -> CalendarFeedToken | None:
    """The active feed address whose token this is, else None (unknown, malformed, revoked or
    of a deactivated user). The secret is compared in constant time."""
    prefix = feed_token_prefix(token)
    row = (
        CalendarFeedToken.objects.select_related("user").filter(prefix=prefix).first()
        if prefix
        else None
    )
    if not feed_token_matches(token, row.digest if row else None) or row is None:
        return None
    if row.revoked_at is not None or not row.user.is_active:
        return None
    return row
