"""Reads of the rencana aksi: the plan of an assessment grouped per area, with what its open
items would add, and one item with its notes and links. User-aware: they refuse (Refused) what
plan_read_refusal refuses; the pages find the assessment with assessment_get_for_user first (404).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Prefetch, QuerySet
from django.http import Http404

from areas.models import Area
from scoring.plans import rules
from scoring.plans.models import OPEN_STATUSES, PlanEvidence, PlanItem, PlanNote, Status
from zi_portal.access import AnyUser
from zi_portal.models import Assessment
from zi_portal.refusals import Refusal, refuse_if


@dataclass
class AreaPlan:
    area: Area
    items: list[PlanItem] = field(default_factory=list)
    # The sum of PlanItem.points of the area's open items (planned, in progress, late).
    open_points: Decimal = Decimal("0")
    open_count: int = 0


@dataclass(frozen=True)
class StatusRow:
    key: str
    label: str
    count: int


@dataclass
class PlanView:
    assessment: Assessment
    areas: list[AreaPlan]
    # Every status of the plan (not only the filtered ones) -> number of items.
    counts: dict[str, int]
    open_points: Decimal
    status_filter: str
    edit_refusal: Refusal | None

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def can_edit(self) -> bool:
        return self.edit_refusal is None

    @property
    def status_rows(self) -> list[StatusRow]:
        """Each status with its label and count, for the filter links."""
        return [
            StatusRow(key=str(value), label=str(label), count=self.counts.get(value, 0))
            for value, label in Status.choices
        ]

    @property
    def items(self) -> list[PlanItem]:
        return [item for area in self.areas for item in area.items]


def plan_items(assessment: Assessment) -> QuerySet[PlanItem]:
    """The items of the assessment's plan, in plan order, with what the pages show."""
    return (
        PlanItem.objects.filter(assessment=assessment)
        .select_related("indicator__part__area", "question", "person")
        .prefetch_related(
            Prefetch("links", queryset=PlanEvidence.objects.select_related("evidence"))
        )
    )


def plan_for(*, user: AnyUser, assessment: Assessment, status: str = "") -> PlanView:
    """The plan grouped per area (framework order); `status` filters the items shown, while the
    counts and the open points always cover the whole plan."""
    refuse_if(rules.plan_read_refusal(user, assessment), assessment=assessment)
    status = status if status in Status.values else ""
    areas = {
        a.pk: AreaPlan(area=a) for a in Area.objects.filter(framework_id=assessment.framework_id)
    }
    counts: Counter[str] = Counter()
    for item in plan_items(assessment):
        group = areas[item.indicator.part.area_id]
        counts[item.status] += 1
        if item.status in OPEN_STATUSES:
            group.open_count += 1
            group.open_points += item.points or Decimal("0")
        if not status or item.status == status:
            group.items.append(item)
    return PlanView(
        assessment=assessment,
        areas=list(areas.values()),
        counts={s: counts.get(s, 0) for s in Status.values},
        open_points=sum((a.open_points for a in areas.values()), Decimal("0")),
        status_filter=status,
        edit_refusal=rules.plan_edit_refusal(user, assessment),
    )


@dataclass
class ItemView:
    item: PlanItem
    notes: list[PlanNote]
    links: list[PlanEvidence]
    edit_refusal: Refusal | None
    progress_refusal: Refusal | None
    comment_refusal: Refusal | None

    @property
    def can_edit(self) -> bool:
        return self.edit_refusal is None


def plan_item_get(*, user: AnyUser, assessment: Assessment, pk: int) -> PlanItem:
    """One item of this assessment's plan (404 otherwise)."""
    refuse_if(rules.plan_read_refusal(user, assessment), assessment=assessment)
    item = plan_items(assessment).filter(pk=pk).first()
    if item is None:
        raise Http404
    item.assessment = assessment
    return item


def plan_item_view(*, user: AnyUser, assessment: Assessment, pk: int) -> ItemView:
    item = plan_item_get(user=user, assessment=assessment, pk=pk)
    notes = list(item.notes.select_related("author"))
    links = [link for link in item.links.all() if link.evidence.deleted_at is None]
    return ItemView(
        item=item,
        notes=notes,
        links=links,
        edit_refusal=rules.plan_edit_refusal(user, assessment, item.indicator),
        progress_refusal=rules.plan_comment_refusal(user, item, PlanNote.Kind.PROGRESS),
        comment_refusal=rules.plan_comment_refusal(user, item, PlanNote.Kind.COMMENT),
    )


def open_points_by_area(assessment: Assessment) -> dict[int, Decimal]:
    """Area number -> the points the open items of that area would add (no user check: for
    report builders that already checked)."""
    out: dict[int, Decimal] = {}
    for item in PlanItem.objects.filter(
        assessment=assessment, status__in=OPEN_STATUSES, points__isnull=False
    ).select_related("indicator__part__area"):
        no = item.indicator.part.area.no
        out[no] = out.get(no, Decimal("0")) + (item.points or Decimal("0"))
    return out
