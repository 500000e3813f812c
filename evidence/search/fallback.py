"""The search without PostgreSQL (SQLite in development and tests): every word must appear
(case-insensitive substring) in the title, the file name, the extracted text or, for a word that
looks like one, a question code; the rank is the tier of the matched fields (title > code > file
name > text), newest first within a tier. The snippet is the text around the first match."""

from __future__ import annotations

from django.db.models import Case, Exists, F, FloatField, OuterRef, Q, QuerySet, Value, When
from django.db.models.functions import Cast, Greatest, Lower, StrIndex, Substr
from django.utils.safestring import SafeString

from evidence.models import Evidence
from evidence.preview.models import RevisionPreview
from evidence.search.query import (
    FLAG_BITS,
    SNIPPET_CHARS,
    ParsedQuery,
    code_match,
    excerpt,
)


def _any(field: str, words: tuple[str, ...]) -> Q:
    found = Q()
    for word in words:
        found |= Q(**{f"{field}__icontains": word})
    return found


def _text(words: tuple[str, ...]) -> Exists:
    previews = RevisionPreview.objects.filter(revision=OuterRef("current_revision"))
    return Exists(previews.filter(_any("text", words)))


def ranked(scope: QuerySet[Evidence], parsed: ParsedQuery) -> QuerySet[Evidence]:
    """The matching documents of `scope`, best first, annotated with `flags` and `score`."""
    codes = code_match(parsed.codes)
    for word in parsed.words:
        one = (
            Q(title__icontains=word)
            | Q(current_revision__original_name__icontains=word)
            | Q(_text((word,)))
        )
        code = code_match((word.rstrip("."),)) if word.rstrip(".") in parsed.codes else None
        if code is not None:
            one |= Q(code)
        scope = scope.filter(one)

    def tier(name: str, matched: Q) -> Case:
        return Case(When(matched, then=Value(FLAG_BITS[name])), default=Value(0))

    flags = (
        tier("title", _any("title", parsed.words))
        + (tier("code", Q(codes)) if codes is not None else Value(0))
        + tier("name", _any("current_revision__original_name", parsed.words))
        + tier("text", Q(_text(parsed.words)))
    )
    return scope.annotate(flags=flags, score=Cast(F("flags"), FloatField())).order_by(
        "-flags", "-created_at", "-pk"
    )


def snippets(parsed: ParsedQuery, revision_ids: list[int]) -> dict[int, SafeString]:
    """The text around the first match of each revision, marked; only the window is read."""
    rows = RevisionPreview.objects.filter(revision_id__in=revision_ids)
    names = []
    for n, word in enumerate(parsed.words):
        at = StrIndex(Lower("text"), Value(word.lower()))
        rows = rows.annotate(
            **{
                f"at{n}": at,
                f"win{n}": Substr("text", Greatest(at - SNIPPET_CHARS, 1), SNIPPET_CHARS * 3),
            }
        )
        names += [f"at{n}", f"win{n}"]
    out: dict[int, SafeString] = {}
    for row in rows.values("revision_id", *names):
        found = [(row[f"at{n}"], row[f"win{n}"]) for n in range(len(parsed.words))]
        found = [pair for pair in found if pair[0]]
        if found:
            out[row["revision_id"]] = excerpt(min(found)[1], parsed.words)
    return out
