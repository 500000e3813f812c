"""What a search asks for and how a match is shown: the bounded query, its words and question
codes, the hit of one document, and the safe marking of matches (escape first, then <mark>).

The two backends (postgres.py, fallback.py) read a `ParsedQuery`; both find question codes with
`code_match` and report where a document matched as bit flags (`fields_from_flags`)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef, Q
from django.utils.functional import Promise
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _

from evidence.models import Evidence, EvidenceAttachment

MAX_QUERY_CHARS = 200
MAX_WORDS = 8
MIN_CHARS = 2
DEFAULT_LIMIT = 20
MAX_LIMIT = 50
SNIPPET_CHARS = 240
# A question code as the LKE writes it: "A.I.1.i.a", or a prefix of one ("A.I.1").
CODE_RE = re.compile(r"^[A-Za-z]{1,3}(?:\.[A-Za-z0-9]{1,6}){1,6}\.?$")
# Marks the backends put around a match before the text is escaped (private-use characters).
START, STOP = "\ue000", "\ue001"
_MARKED = re.compile(f"{START}(.*?){STOP}", re.S)

FIELD_ORDER = ("title", "code", "name", "text")
FIELD_LABELS: dict[str, Promise] = {
    "title": _("judul"),
    "code": _("kode pertanyaan"),
    "name": _("nama berkas"),
    "text": _("isi dokumen"),
    # PostgreSQL only: no word matched exactly, the title or file name is similar (a typo).
    "similar": _("judul atau nama berkas mirip"),
}


@dataclass(frozen=True)
class ParsedQuery:
    """The query as searched: `text` (whitespace collapsed, at most MAX_QUERY_CHARS and
    MAX_WORDS words), `words` (the positive words, at least MIN_CHARS long, for the fallback and
    the marking), `codes` (words that look like question codes), `problem` ("", "empty",
    "short")."""

    text: str
    words: tuple[str, ...]
    codes: tuple[str, ...]
    problem: str


def parse_query(raw: str | None) -> ParsedQuery:
    tokens = (raw or "")[: MAX_QUERY_CHARS * 2].split()[:MAX_WORDS]
    text = " ".join(tokens)[:MAX_QUERY_CHARS].strip()
    words: list[str] = []
    for token in text.split():
        if token.startswith("-") or token.lower() == "or":
            continue  # websearch syntax: an excluded word, or the OR between two
        word = token.strip("\"'()[]{},;:!?")
        if len(word) >= MIN_CHARS and word.lower() not in (w.lower() for w in words):
            words.append(word)
    codes = tuple(w.rstrip(".") for w in words if CODE_RE.match(w))
    problem = "empty" if not text else ("short" if not words else "")
    return ParsedQuery(text=text, words=tuple(words), codes=codes, problem=problem)


def mark(text: str, words: tuple[str, ...]) -> SafeString:
    """`text` escaped, every occurrence of a word (any case) inside <mark>."""
    if not words or not text:
        return escape(text)
    pattern = re.compile("|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)), re.I)
    out, pos = [], 0
    for m in pattern.finditer(text):
        out.append(escape(text[pos : m.start()]))
        out.append(format_html("<mark>{}</mark>", m.group()))
        pos = m.end()
    out.append(escape(text[pos:]))
    return mark_safe("".join(out))  # noqa: S308 - every piece escaped above


def mark_headline(headline: str) -> SafeString:
    """A PostgreSQL headline whose matches sit between START and STOP: escaped, then marked."""
    out, pos = [], 0
    for m in _MARKED.finditer(headline):
        out.append(escape(_clean(headline[pos : m.start()])))
        out.append(format_html("<mark>{}</mark>", _clean(m.group(1))))
        pos = m.end()
    out.append(escape(_clean(headline[pos:])))
    return mark_safe("".join(out))  # noqa: S308 - every piece escaped above


def _clean(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace(START, "").replace(STOP, ""))


def excerpt(text: str, words: tuple[str, ...], width: int = SNIPPET_CHARS) -> SafeString:
    """The part of `text` around the first match of any word, cut to `width`, marked."""
    flat = " ".join(text.split())
    lower = flat.lower()
    found = [p for p in (lower.find(w.lower()) for w in words) if p >= 0]
    start = max(min(found, default=0) - width // 3, 0)
    if start > 0 and flat.find(" ", start, start + 20) > 0:
        start = flat.find(" ", start, start + 20) + 1  # begin at a word
    end = start + width
    if end < len(flat) and flat.rfind(" ", end - 20, end) > start:
        end = flat.rfind(" ", end - 20, end)  # and end after one
    piece = flat[start:end]
    lead = "… " if start > 0 else ""
    tail = " …" if end < len(flat) else ""
    return mark_safe(escape(lead) + mark(piece, words) + escape(tail))  # noqa: S308


@dataclass(frozen=True)
class SearchHit:
    """One document found: where the words matched (FIELD_ORDER), the questions it serves,
    its title and file name with the matches marked, and a marked snippet of its text."""

    evidence: Evidence
    score: float
    fields: tuple[str, ...]
    codes: tuple[str, ...] = ()
    title_html: SafeString = field(default_factory=SafeString)
    name_html: SafeString = field(default_factory=SafeString)
    snippet: SafeString = field(default_factory=SafeString)

    @property
    def field_labels(self) -> list[str]:
        return [str(FIELD_LABELS[f]) for f in self.fields]


@dataclass(frozen=True)
class SearchResult:
    query: ParsedQuery
    hits: list[SearchHit]
    # More documents matched than the page shows.
    more: bool = False


FLAG_BITS = {"title": 8, "code": 4, "name": 2, "text": 1}


def fields_from_flags(flags: int) -> tuple[str, ...]:
    """The matched fields from the bit flags both backends compute; the bits are also the rank
    tiers: title before code before file name before text. No bit: a similar name."""
    return tuple(f for f in FIELD_ORDER if flags & FLAG_BITS[f]) or ("similar",)


def code_match(codes: tuple[str, ...]) -> Exists | None:
    """The document serves a question whose code is one of `codes` or lies under one
    ("A.I.1" finds A.I.1.i.a, not A.I.10.i.a)."""
    if not codes:
        return None
    which = Q()
    for code in codes:
        which |= Q(question__code__iexact=code) | Q(question__code__istartswith=f"{code}.")
    return Exists(EvidenceAttachment.objects.filter(which, evidence=OuterRef("pk")))
