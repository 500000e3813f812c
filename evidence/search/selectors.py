"""Search across the evidence (issue 16): documents found by title, file name, extracted text
and question code, ranked, with the match marked; only the documents the user may see.

PostgreSQL: full-text search and trigram similarity (`postgres.py`, indexes in migration 0001);
any other database: the substring fallback (`fallback.py`). Both rank by the same tiers (title,
question code, file name, text). The work is bounded: the query's length and words
(`query.py`), the number of hits, and four queries whatever the number of documents."""

from __future__ import annotations

from types import ModuleType

from django.db import connections
from django.db.models import QuerySet

from evidence.models import Evidence, EvidenceAttachment
from evidence.search import fallback, postgres
from evidence.search.query import (
    DEFAULT_LIMIT,
    FLAG_BITS,
    MAX_LIMIT,
    SearchHit,
    SearchResult,
    fields_from_flags,
    mark,
    parse_query,
)
from zi_portal.access import AnyUser, assessments_for
from zi_portal.models import Assessment


def _scope(user: AnyUser, assessment: Assessment | None) -> QuerySet[Evidence]:
    """Documents not deleted, of the assessments the user may see (of `assessment` only when
    given; its view checked it, the filter checks again)."""
    # The ids first (one small query), so PostgreSQL reads only these assessments' documents
    # through the assessment index instead of weighing every document of the instansi.
    visible = list(assessments_for(user).values_list("pk", flat=True))
    scope = Evidence.objects.filter(deleted_at__isnull=True, assessment_id__in=visible)
    if assessment is not None:
        scope = scope.filter(assessment=assessment)
    return scope.select_related(
        "assessment", "assessment__unit", "assessment__cycle", "current_revision"
    )


def _backend(scope: QuerySet[Evidence]) -> ModuleType:
    return postgres if connections[scope.db].vendor == "postgresql" else fallback


def _codes(ids: list[int]) -> dict[int, list[str]]:
    out: dict[int, list[str]] = {pk: [] for pk in ids}
    rows = EvidenceAttachment.objects.filter(evidence_id__in=ids).order_by("question__code")
    for evidence_id, code in rows.values_list("evidence_id", "question__code"):
        out[evidence_id].append(code)
    return out


def evidence_search(
    *,
    user: AnyUser,
    query: str | None,
    assessment: Assessment | None = None,
    limit: int = DEFAULT_LIMIT,
) -> SearchResult:
    """The documents matching `query` that `user` may see, best first (at most `limit`)."""
    parsed = parse_query(query)
    if parsed.problem or not user.is_authenticated:
        return SearchResult(query=parsed, hits=[])
    limit = max(1, min(limit, MAX_LIMIT))
    scope = _scope(user, assessment)
    backend = _backend(scope)
    rows = list(backend.ranked(scope, parsed)[: limit + 1])
    found = rows[:limit]
    codes = _codes([ev.pk for ev in found])
    in_text = [ev.current_revision_id for ev in found if ev.flags & FLAG_BITS["text"]]
    snippets = backend.snippets(parsed, in_text) if in_text else {}
    hits = [
        SearchHit(
            evidence=ev,
            score=float(ev.score),
            fields=fields_from_flags(ev.flags),
            codes=tuple(codes[ev.pk]),
            title_html=mark(ev.title, parsed.words),
            name_html=mark(
                ev.current_revision.original_name if ev.current_revision else "", parsed.words
            ),
            snippet=snippets.get(ev.current_revision_id, mark("", ())),
        )
        for ev in found
    ]
    return SearchResult(query=parsed, hits=hits, more=len(rows) > limit)
