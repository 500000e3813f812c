"""Reads behind each unit's public ZI page: the seed-000 link tables with the published documents.

Evidence owns publication, so the page lives here; it reads the framework's own rows (areas),
never the scoring engine.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.http import Http404

from areas.models import Area, Part
from evidence.models import Evidence
from evidence.validity import today_jakarta
from zi_portal.models import Assessment, Unit


@dataclass(frozen=True)
class PublicDoc:
    pk: int
    title: str
    is_link: bool
    url: str
    filename: str


@dataclass(frozen=True)
class PublicItem:
    label: str
    text: str
    docs: tuple[PublicDoc, ...]


@dataclass(frozen=True)
class PublicIndicator:
    number: str
    name: str
    items: tuple[PublicItem, ...]


@dataclass(frozen=True)
class PublicArea:
    roman: str
    name: str
    indicators: tuple[PublicIndicator, ...]
    reform_docs: tuple[PublicDoc, ...]


def public_unit_get(*, slug: str) -> tuple[Unit, Assessment]:
    """The unit of a public ZI page and its newest assessment; 404 when it has none."""
    unit = Unit.objects.filter(slug=slug, parent__isnull=False).select_related("parent").first()
    if unit is None:
        raise Http404
    assessment = (
        Assessment.objects.filter(unit=unit)
        .select_related("cycle")
        .order_by("-cycle__year")
        .first()
    )
    if assessment is None:
        raise Http404
    return unit, assessment


def published_evidence(*, unit: Unit) -> QuerySet[Evidence]:
    """Evidence the unit chose to publish: public, not deleted, with a current revision or URL,
    and not past its end date (evidence/validity.py: a lapsed decree is not shown as current)."""
    return (
        Evidence.objects.filter(assessment__unit=unit, is_public=True, deleted_at__isnull=True)
        .filter(Q(kind=Evidence.Kind.LINK) | Q(current_revision__isnull=False))
        .exclude(effective_until__lt=today_jakarta())
    )


def public_evidence_get(*, unit: Unit, pk: int) -> Evidence:
    """A published file of this unit (the only thing the public download serves); else 404."""
    ev = (
        published_evidence(unit=unit)
        .filter(pk=pk, kind=Evidence.Kind.FILE)
        .select_related("current_revision")
        .first()
    )
    if ev is None or ev.current_revision is None or not ev.current_revision.file:
        raise Http404
    return ev


def public_page(*, unit: Unit, assessment: Assessment) -> list[PublicArea]:
    """The seed-000 link tables (I.1.a ... VI.x) with the published documents of the assessment."""
    docs_by_code: dict[str, list[PublicDoc]] = defaultdict(list)
    evidence = (
        published_evidence(unit=unit)
        .filter(assessment=assessment)
        .select_related("current_revision")
        .prefetch_related("attachments__question")
        .order_by("created_at", "pk")
    )
    for ev in evidence:
        rev = ev.current_revision
        doc = PublicDoc(
            pk=ev.pk,
            title=ev.title,
            is_link=ev.kind == Evidence.Kind.LINK,
            url=ev.url,
            filename=rev.original_name if rev else "",
        )
        for att in ev.attachments.all():
            docs_by_code[att.question.code].append(doc)
    areas = Area.objects.filter(framework_id=assessment.framework_id).prefetch_related(
        "parts__indicators__questions"
    )
    return [_public_area(area, docs_by_code) for area in areas]


def _public_area(area: Area, docs_by_code: dict[str, list[PublicDoc]]) -> PublicArea:
    indicators: list[PublicIndicator] = []
    reform_docs: list[PublicDoc] = []
    seen: set[int] = set()
    for part in sorted(area.parts.all(), key=lambda p: p.kind != Part.Kind.PEMENUHAN):
        for ind in sorted(part.indicators.all(), key=lambda i: i.order):
            questions = sorted(ind.questions.all(), key=lambda q: q.position)
            if part.kind == Part.Kind.REFORM:
                for q in questions:
                    for d in docs_by_code.get(q.code, []):
                        if d.pk not in seen:
                            seen.add(d.pk)
                            reform_docs.append(d)
                continue
            items = []
            number = ""
            for q in questions:
                # link_label "I.1.a": the indicator's number is "I.1", the row's letter "a."
                head, _sep, letter = q.link_label.rpartition(".")
                number = number or head
                items.append(
                    PublicItem(
                        label=f"{letter}." if letter else q.code,
                        text=q.text,
                        docs=tuple(docs_by_code.get(q.code, [])),
                    )
                )
            indicators.append(PublicIndicator(number or ind.code, ind.name, tuple(items)))
    return PublicArea(area.roman, area.name, tuple(indicators), tuple(reform_docs))
