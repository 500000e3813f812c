"""The search on PostgreSQL: full-text search (configuration "simple", websearch syntax) over
the title (weight A), the file name (B) and the extracted text (C), trigram word similarity for
the names (typos: "gratifkasi"), question codes by prefix.

The text is matched through an uncorrelated subquery on the preview table whose expression is
exactly the one of the GIN index of migration evidence_search 0001, so PostgreSQL reads the index
instead of parsing every document. Rank: the tier of the matched fields (title 8, code 4, file
name 2, text 1: the same tiers as the fallback), then ts_rank (normalised to 0..1) and the best
trigram word similarity of the names within a tier."""

from __future__ import annotations

from typing import Any

from django.contrib.postgres.search import (
    SearchHeadline,
    SearchQuery,
    SearchRank,
    SearchVector,
    TrigramWordSimilarity,
)
from django.db.models import (
    BooleanField,
    Case,
    ExpressionWrapper,
    F,
    FloatField,
    Func,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Greatest, Left
from django.utils.safestring import SafeString

from evidence.models import Evidence
from evidence.preview.models import RevisionPreview
from evidence.search.query import FLAG_BITS, START, STOP, ParsedQuery, code_match, mark_headline

CONFIG = "simple"
# The rank and the snippet read this much of a document's text (the match itself uses it all).
RANK_CHARS = 100_000
# ts_rank normalisation 32: rank / (rank + 1), so a rank stays below one tier step.
NORMALISED = 32
NAME = "current_revision__original_name"


class Translate(Func):
    function = "TRANSLATE"


class WordSimilar(Func):
    """`query <% name`: the query is similar enough to some run of words of the name
    (pg_trgm.word_similarity_threshold), served by the gin_trgm_ops indexes of migration 0001."""

    arg_joiner = " <%% "
    template = "(%(expressions)s)"
    output_field = BooleanField()


def search_query(parsed: ParsedQuery) -> SearchQuery:
    return SearchQuery(parsed.text, config=CONFIG, search_type="websearch")


def text_vector(expression: str | Func = "text", weight: str | None = None) -> SearchVector:
    """The vector of the extracted text; with the defaults, exactly the indexed expression
    `to_tsvector('simple'::regconfig, COALESCE(text, ''))`."""
    return SearchVector(expression, config=CONFIG, weight=weight)


def text_matches(query: SearchQuery) -> QuerySet[Any, Any]:
    """Ids of the revisions whose text matches: the GIN index's query."""
    return (RevisionPreview.objects.alias(document=text_vector()).filter(document=query)).values(
        "revision_id"
    )


def _name_vector() -> SearchVector:
    # "sk-tim-kerja-zi.pdf" reads as the words sk tim kerja zi pdf.
    words = Translate(F(NAME), Value("-_."), Value("   "))
    return SearchVector(words, config=CONFIG, weight="B")


def ranked(scope: QuerySet[Evidence], parsed: ParsedQuery) -> QuerySet[Evidence]:
    """The matching documents of `scope`, best first, annotated with `flags` and `score`."""
    query = search_query(parsed)
    in_text = Q(current_revision_id__in=text_matches(query))
    codes = code_match(parsed.codes)
    similar = Q(WordSimilar(Value(parsed.text), F("title"))) | Q(
        WordSimilar(Value(parsed.text), F(NAME))
    )
    names = SearchVector("title", config=CONFIG, weight="A") + _name_vector()
    scope = scope.alias(
        title_doc=SearchVector("title", config=CONFIG), name_doc=_name_vector(), names_doc=names
    )
    # The title and the file name are one field for the match ("notulen gratifikasi": one word
    # in each); the text is another (its index serves the words all in the text).
    found = Q(names_doc=query) | in_text | similar
    if codes is not None:
        found |= Q(codes)

    def tier(name: str, matched: Q) -> Case:
        return Case(When(matched, then=Value(FLAG_BITS[name])), default=Value(0))

    in_title = Q(title_doc=query) | (Q(names_doc=query) & ~Q(name_doc=query))
    flags = (
        tier("title", in_title)
        + (tier("code", Q(codes)) if codes is not None else Value(0))
        + tier("name", Q(name_doc=query))
        + tier("text", in_text)
    )
    text_rank = RevisionPreview.objects.filter(revision=OuterRef("current_revision")).annotate(
        rank=SearchRank(
            text_vector(Left("text", RANK_CHARS), weight="C"), query, normalization=NORMALISED
        )
    )
    names_rank = SearchRank(names, query, normalization=NORMALISED)
    similarity = Greatest(
        Coalesce(TrigramWordSimilarity(parsed.text, "title"), 0.0),
        Coalesce(TrigramWordSimilarity(parsed.text, NAME), 0.0),
    )
    return (
        scope.filter(found)
        .annotate(flags=flags)
        .annotate(
            score=ExpressionWrapper(
                F("flags")
                + names_rank
                + Case(
                    When(in_text, then=Coalesce(Subquery(text_rank.values("rank")[:1]), 0.0)),
                    default=Value(0.0),
                    output_field=FloatField(),
                )
                + similarity,
                output_field=FloatField(),
            )
        )
        .order_by("-score", "-created_at", "-pk")
    )


def snippets(parsed: ParsedQuery, revision_ids: list[int]) -> dict[int, SafeString]:
    """ts_headline of each revision's text (its first RANK_CHARS), matches marked safely."""
    rows = RevisionPreview.objects.filter(revision_id__in=revision_ids).annotate(
        headline=SearchHeadline(
            Left("text", RANK_CHARS),
            search_query(parsed),
            config=CONFIG,
            start_sel=START,
            stop_sel=STOP,
            max_words=30,
            min_words=12,
            max_fragments=2,
            fragment_delimiter=" … ",
        )
    )
    return {rid: mark_headline(h) for rid, h in rows.values_list("revision_id", "headline")}
