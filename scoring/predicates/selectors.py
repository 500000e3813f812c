"""Reads of the predicate history: whether a unit holds WBK on a day, its current predicate, and
the history rows of its pages (with the re-evaluation due date and its warning).

An overdue re-evaluation does NOT end a predicate by itself: a grant counts until the admin
records its revocation (with the reason, e.g. the re-evaluation's outcome), because the decree
stands until another decree ends it. The pages warn from 90 days before the due date on.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from scoring.predicates import rules
from scoring.predicates.models import Kind, Predicate
from zi_portal.access import AnyUser, units_for
from zi_portal.models import Unit
from zi_portal.refusals import refuse_if

DUE_WARNING_DAYS = 90
# WBBM is built on WBK: a unit holding WBBM has held WBK ("already holds WBK" counts it).
HOLDS_WBK_KINDS = (Kind.WBK, Kind.WBBM)


def _end_of_day(on: datetime.date) -> datetime.datetime:
    return datetime.datetime.combine(
        on + datetime.timedelta(days=1), datetime.time.min, tzinfo=timezone.get_current_timezone()
    )


def _newest_first(rows: Iterable[Predicate]) -> list[Predicate]:
    return sorted(
        rows,
        key=lambda p: (p.kind == Kind.WBBM, p.decree_date or datetime.date.min, p.pk),
        reverse=True,
    )


def _active_grants(unit: Unit, on: datetime.date | None) -> QuerySet[Predicate]:
    on = on or timezone.localdate()
    rows = Predicate.objects.filter(unit=unit, kind__in=HOLDS_WBK_KINDS).filter(
        Q(decree_date__lte=on) | Q(decree_date__isnull=True)
    )
    # Unordered: the model's ordering joins the unit to sort by its name (one unit here), and
    # the callers sort in Python or only ask whether there is a row.
    return rows.filter(Q(revoked_at__isnull=True) | Q(revoked_at__gte=_end_of_day(on))).order_by()


def active_grants(unit: Unit, on: datetime.date | None = None) -> list[Predicate]:
    """Grants of the unit decreed on or before `on` (rows from before the portal count), not
    revoked by then; the newest first."""
    return _newest_first(_active_grants(unit, on))


def grants_among(rows: Iterable[Predicate], on: datetime.date | None = None) -> list[Predicate]:
    """`active_grants` over rows already read (every row of one unit, `unit_predicates`): the
    same filter in Python, so the pages' panels share one read of the unit's history."""
    on = on or timezone.localdate()
    end = _end_of_day(on)
    return _newest_first(
        p
        for p in rows
        if p.kind in HOLDS_WBK_KINDS
        and (p.decree_date is None or p.decree_date <= on)
        and (p.revoked_at is None or p.revoked_at >= end)
    )


def unit_predicates(unit: Unit) -> list[Predicate]:
    """Every decision on the unit (newest first, with what its history rows show): the one read
    that the dashboard's predicate and prerequisite panels share."""
    # The model's ordering without its first key (the unit, by name: one unit here, so a join
    # that sorts nothing).
    return list(
        Predicate.objects.filter(unit=unit)
        .select_related("assessment__cycle", "cycle", "granted_by", "revoked_by")
        .order_by("-decree_date", "-granted_at")
    )


def unit_holds_wbk(unit: Unit, on: datetime.date | None = None) -> bool:
    """Whether the unit holds WBK (or WBBM) on `on` (default today), from its history."""
    return _active_grants(unit, on).exists()


def current_predicate(unit: Unit, on: datetime.date | None = None) -> Predicate | None:
    """The unit's highest standing predicate: WBBM over WBK, then the newest decree."""
    grants = active_grants(unit, on)
    return grants[0] if grants else None


@dataclass(frozen=True)
class HistoryRow:
    predicate: Predicate
    due: datetime.date | None
    due_state: str  # "" | "soon" (within 90 days) | "past"


def due_state(due: datetime.date | None, today: datetime.date) -> str:
    if due is None:
        return ""
    if due < today:
        return "past"
    if (due - today).days <= DUE_WARNING_DAYS:
        return "soon"
    return ""


def predicate_history(
    unit: Unit, today: datetime.date | None = None, *, rows: list[Predicate] | None = None
) -> list[HistoryRow]:
    """Every decision on the unit, newest first, with the re-evaluation warning of live grants
    (`rows`: the unit's decisions already read by `unit_predicates`)."""
    today = today or timezone.localdate()
    out = []
    for p in unit_predicates(unit) if rows is None else rows:
        due = p.reevaluation_due
        state = "" if p.is_revoked else due_state(due, today)
        out.append(HistoryRow(predicate=p, due=due, due_state=state))
    return out


def unit_for_predicates(*, user: AnyUser, unit_id: int) -> Unit:
    """A unit the user may see (404 otherwise, nothing confirms it exists) and administers
    (the predicate_not_admin refusal otherwise)."""
    unit = units_for(user).filter(pk=unit_id).select_related("parent").first()
    if unit is None:
        raise Http404
    refuse_if(rules.predicate_admin_refusal(user=user, unit=unit))
    return unit


@dataclass(frozen=True)
class UnitRow:
    unit: Unit
    current: Predicate | None
    due: datetime.date | None
    due_state: str


def predicates_index(*, user: AnyUser) -> list[UnitRow]:
    """The work units the user administers, with their current predicate and its warning."""
    today = timezone.localdate()
    units = units_for(user).filter(parent__isnull=False).select_related("parent")
    out = []
    for unit in units.order_by("parent__name", "name"):
        if rules.predicate_admin_refusal(user=user, unit=unit) is not None:
            continue
        current = current_predicate(unit, today)
        due = current.reevaluation_due if current else None
        out.append(UnitRow(unit=unit, current=current, due=due, due_state=due_state(due, today)))
    return out


@dataclass(frozen=True)
class Panel:
    unit: Unit
    rows: list[HistoryRow]
    current: Predicate | None
    may_manage: bool


def predicate_panel(*, user: AnyUser, unit: Unit, rows: list[Predicate] | None = None) -> Panel:
    """The unit's predicate history as its dashboard shows it (the caller checked the unit is
    visible to the user); the link to the admin page for its admins. `rows`: the unit's
    decisions already read (`unit_predicates`), else one read here."""
    rows = unit_predicates(unit) if rows is None else rows
    grants = grants_among(rows)
    return Panel(
        unit=unit,
        rows=predicate_history(unit, rows=rows),
        current=grants[0] if grants else None,
        may_manage=rules.predicate_admin_refusal(user=user, unit=unit) is None,
    )


def predicate_get_for_admin(*, user: AnyUser, pk: int) -> Predicate:
    """A predicate of a unit the user administers; 404 for one of a unit the user cannot see."""
    row = Predicate.objects.select_related("unit").filter(pk=pk).first()
    if row is None:
        raise Http404
    unit_for_predicates(user=user, unit_id=row.unit_id)
    return row
