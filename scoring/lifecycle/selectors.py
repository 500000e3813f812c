"""Reads of the ZI cycle after the TPI: the "Usulan ke TPN" page, prerequisites, the TPN timeline.

User-aware; the rules decide which actions show. Never imports a service.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import cast

from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone

from evidence.models import Evidence
from scoring.lifecycle import rules
from scoring.lifecycle.models import PrerequisiteValue, Proposal, ProposalQuota, TpnStep
from scoring.lifecycle.prerequisites import (
    holds_wbk,
    instansi_of,
    prerequisite_set,
    prerequisites_for,
    recorded_values,
)
from scoring.lifecycle.presenters import PrereqRow, kind_label, prereq_rows
from zi_portal.access import Access, AnyUser
from zi_portal.models import Assessment, Cycle, Membership, Role, Unit
from zi_portal.refusals import Refusal

Status = Assessment.Status


def target_predicate(unit: Unit, *, held: bool | None = None) -> str:
    """What a unit would be proposed for: WBBM once it holds WBK, WBK before (`held`: whether
    it holds WBK today, when the caller knows it already)."""
    held = holds_wbk(unit, timezone.localdate()) if held is None else held
    return "WBBM" if held else "WBK"


def prerequisite_rows(
    *, assessment: Assessment, predicate: str | None = None, held: bool | None = None
) -> list[PrereqRow]:
    """`held`: whether the unit holds WBK today, when the caller knows it (else read, once)."""
    if held is None:
        held = holds_wbk(assessment.unit, timezone.localdate())
    predicate = predicate or target_predicate(assessment.unit, held=held)
    return prereq_rows(
        prerequisites_for(
            cycle=assessment.cycle, unit=assessment.unit, predicate=predicate, held=held
        )
    )


def admin_instansi(user: AnyUser) -> QuerySet[Unit]:
    """The instansi the user administers (every top-level unit for a superuser)."""
    if getattr(user, "is_superuser", False):
        return Unit.objects.filter(parent__isnull=True).order_by("name")
    if not user.is_authenticated:
        return Unit.objects.none()
    ids = Membership.objects.filter(user_id=cast(int, user.pk), role=Role.ADMIN).values("unit_id")
    return Unit.objects.filter(pk__in=ids, parent__isnull=True).order_by("name")


@dataclass
class ProposalRow:
    assessment: Assessment
    predicate: str
    prerequisites: list[PrereqRow]
    refusal: Refusal | None
    proposal: Proposal | None

    @property
    def met(self) -> int:
        return sum(1 for p in self.prerequisites if p.status == "met")

    @property
    def counted(self) -> int:
        return sum(1 for p in self.prerequisites if p.status != "not_used")


@dataclass
class InstansiBlock:
    instansi: Unit
    quota: int | None
    used: int
    rows: list[ProposalRow]
    values: list[tuple[str, PrerequisiteValue | None]]
    kinds: list[tuple[str, str]] = field(default_factory=list)
    sources: list[Evidence] = field(default_factory=list)

    @property
    def left(self) -> int | None:
        return None if self.quota is None else max(self.quota - self.used, 0)


def _block(instansi: Unit, cycle: Cycle) -> InstansiBlock:
    assessments = list(
        Assessment.objects.filter(cycle=cycle, unit__parent=instansi)
        .select_related("unit", "unit__parent", "cycle")
        .order_by("unit__name")
    )
    proposals = {p.assessment_id: p for p in Proposal.objects.filter(assessment__in=assessments)}
    quota_row = ProposalQuota.objects.filter(cycle=cycle, instansi=instansi).first()
    quota = quota_row.units if quota_row else None
    used = len(proposals)
    rows = []
    for a in assessments:
        predicate = proposals[a.pk].predicate if a.pk in proposals else target_predicate(a.unit)
        results = prerequisites_for(cycle=cycle, unit=a.unit, predicate=predicate)
        refusal = rules.propose_refusal(assessment=a, quota=quota, used=used, results=results)
        rows.append(ProposalRow(a, predicate, prereq_rows(results), refusal, proposals.get(a.pk)))
    own = recorded_values(cycle=cycle, unit=instansi)
    codes = prerequisite_set().codes(level="instansi")
    return InstansiBlock(
        instansi=instansi,
        quota=quota,
        used=used,
        rows=rows,
        values=[(kind_label(c), own.get(c)) for c in codes],
        kinds=[(c, kind_label(c)) for c in codes],
        sources=list(evidence_choices(cycle=cycle, unit=instansi)),
    )


@dataclass
class ProposalsPage:
    cycle: Cycle
    cycles: list[Cycle]
    blocks: list[InstansiBlock]


def proposals_page(*, user: AnyUser, year: str | None) -> ProposalsPage:
    """The admin's "Usulan ke TPN" page of one cycle (the latest unless `year`)."""
    cycles = list(Cycle.objects.order_by("-year"))
    chosen = next((c for c in cycles if str(c.year) == (year or "")), None)
    cycle = chosen or (cycles[0] if cycles else None)
    if cycle is None:
        raise Http404
    blocks = [_block(i, cycle) for i in admin_instansi(user)]
    return ProposalsPage(cycle=cycle, cycles=cycles, blocks=blocks)


@dataclass
class Timeline:
    proposal: Proposal | None
    steps: list[TpnStep]
    next_stages: list[tuple[str, str]]
    may_record: bool
    prerequisites: list[PrereqRow]
    unit_kinds: list[tuple[str, str]]
    documents: list[Evidence]


def tpn_timeline(
    *, user: AnyUser, assessment: Assessment, access: Access | None = None
) -> Timeline:
    """The TPN stages of an assessment as recorded, and what the admin may record next
    (`access`: the user's access to the assessment, when the caller has it)."""
    proposal = Proposal.objects.filter(assessment=assessment).first()
    # The stages are shown under the proposal only: without one they are not read.
    steps = (
        list(
            TpnStep.objects.filter(assessment=assessment)
            .select_related("recorded_by")
            .prefetch_related("documents")
        )
        if proposal is not None
        else []
    )
    may = rules.lifecycle_admin_refusal(user=user, unit=assessment.unit, access=access) is None
    following = rules.next_stage(assessment.status) if proposal else None
    stages = [s for s in (following,) if s and s != Status.PROPOSED]
    if assessment.status in rules.DECIDABLE_FROM and Status.DECIDED not in stages:
        stages.append(Status.DECIDED)
    labels = dict(Status.choices)
    return Timeline(
        proposal=proposal,
        steps=steps,
        next_stages=[(s, str(labels[s])) for s in stages],
        may_record=may,
        prerequisites=prerequisite_rows(assessment=assessment),
        unit_kinds=[(c, kind_label(c)) for c in _recordable("unit")],
        documents=list(Evidence.objects.filter(assessment=assessment).order_by("title"))
        if may
        else [],
    )


def _recordable(level: str) -> list[str]:
    pset = prerequisite_set()
    return [c for c in pset.codes(level=level) if pset.kind(c).type != "held"]


def recordable_kinds(unit: Unit) -> list[str]:
    return _recordable("instansi" if unit.parent_id is None else "unit")


def unit_for_admin(*, user: AnyUser, unit_id: int) -> Unit:
    """A unit or instansi the user administers; 404 otherwise (nothing confirms it exists)."""
    unit = Unit.objects.select_related("parent").filter(pk=unit_id).first()
    if unit is None or not rules.is_instansi_admin(user, instansi_of(unit)):
        raise Http404
    return unit


def evidence_choices(*, cycle: Cycle, unit: Unit) -> QuerySet[Evidence]:
    """Documents that may be a value's source: of this cycle's assessments of the unit (or of
    the instansi's units)."""
    owners = Assessment.objects.filter(cycle=cycle)
    owners = (
        owners.filter(unit__parent=unit) if unit.parent_id is None else owners.filter(unit=unit)
    )
    return Evidence.objects.filter(assessment__in=owners).order_by("title")
