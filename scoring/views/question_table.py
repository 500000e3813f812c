"""The assessment page's question table body (up to 113 rows) as one escaped string.

The Django template loop cost about 1 ms a row (docs/scale.md, profiles), so the rows are written
here with plain string formatting, every value escaped as `{{ }}` escapes it. What depends only on
the framework version and the language (the anchor, the code and its link label, the short text,
the column labels, the group headers) is built once per process under (framework id, content
hash, language), as scoring/selectors/framework_questions.py keeps the questions; each request
fills in the link and the assessment's own cells. The output is byte for byte what the template
loop wrote (tests/scoring/views/test_question_table.py renders both on the same rows).
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from areas.models import Framework
from scoring.selectors.pages import STATUS_LABELS, Progress, QuestionRow


def _e(value: Any) -> str:
    return str(conditional_escape(value))


def _count(value: int) -> str:
    # As {{ }} shows an int: no thousand separator (settings.USE_THOUSAND_SEPARATOR is off).
    return str(value)


@dataclass(frozen=True)
class _Labels:
    """The column labels and texts of the table in one language, escaped as the template's
    `{{ l_… }}` variables are."""

    unit: str
    tpi: str
    diff: str
    docs: str
    comments: str
    status: str
    confirm: str
    zero: str
    hasil: str
    statuses: dict[str, str]

    @classmethod
    def now(cls) -> _Labels:
        return cls(
            unit=_e(_("Unit")),
            tpi=_e(_("TPI")),
            diff=_e(_("Selisih")),
            docs=_e(_("Bukti")),
            comments=_e(_("Komentar")),
            status=_e(_("Status")),
            confirm=_e(_("Perlu dikonfirmasi")),
            zero=_e(_("Aturan penyebut nol diterapkan")),
            hasil=_e(_("Hasil")),
            statuses={key: _e(label) for key, label in STATUS_LABELS.items()},
        )


@dataclass(frozen=True)
class _Static:
    """One question's row up to its link's URL (head), and from the URL to the unit cell's
    content (tail); its link part; the group header that goes before it when its group starts."""

    code: str
    head: str
    url_code: str
    tail: str
    group_header: str


class _Table:
    def __init__(self) -> None:
        self.labels = _Labels.now()
        self.rows: dict[int, _Static] = {}

    def static(self, row: QuestionRow) -> _Static:
        q = row.question
        found = self.rows.get(q.pk)
        if found is not None and found.code == q.code:
            return found
        label = f'<br><span class="tag">{_e(q.link_label)}</span>' if q.link_label else ""
        area = q.indicator.part.area if row.group else None  # type: ignore[union-attr]
        group = _e(area) if area is not None else self.labels.hasil
        built = _Static(
            code=q.code,
            head=f'\n  <tr id="q-{_e(row.anchor)}">\n    <td><a href="',
            url_code=_e(row.url_code),
            tail=(
                f'">{_e(q.code)}</a>{label}</td>\n'
                f"    <td>{_e(row.short_text)}</td>\n"
                f'    <td data-label="{self.labels.unit}">'
            ),
            group_header=(
                f'<tr class="group-row"><th colspan="8" scope="rowgroup">{group}</th></tr>'
            ),
        )
        self.rows[q.pk] = built
        return built


_TABLES: dict[tuple[int, str, str], _Table] = {}
_TABLES_SIZE = 64
_tables_lock = threading.Lock()


def _table(framework: Framework) -> _Table:
    """The table's static parts for the framework version in the current language (not kept for
    a framework without its content hash: its rows may be changing)."""
    if not framework.content_hash:
        return _Table()
    key = (framework.pk, framework.content_hash, get_language() or "")
    table = _TABLES.get(key)
    if table is None:
        table = _Table()
        with _tables_lock:
            if len(_TABLES) >= _TABLES_SIZE:
                _TABLES.pop(next(iter(_TABLES)))
            _TABLES[key] = table
    return table


def question_rows_html(
    rows: Sequence[QuestionRow], *, framework: Framework, url_start: str, url_end: str
) -> SafeString:
    """The rows of templates/scoring/_question_table.html's <tbody>: a question's link is
    url_start + its quoted code + url_end (scoring/views/assessment.py: _question_url_parts)."""
    table = _table(framework)
    labels = table.labels
    start, end = _e(url_start), _e(url_end)
    zero = f' <abbr class="warn" title="{labels.zero}">0/0</abbr>'
    confirm = f'<span class="warn to-confirm">{labels.confirm}</span> '
    out: list[str] = []
    group: int | None = None
    for r in rows:
        s = table.static(r)
        out.append("\n  ")
        if r.group != group:
            out.append(s.group_header)
            group = r.group
        diff = r.diff_text
        if diff:
            diff = f'<span class="{r.diff_css}">{_e(diff)}</span>'
        out.append(
            f"{s.head}{start}{s.url_code}{end}{s.tail}"
            f"{confirm if r.to_confirm else ''}{_e(r.unit_text)}"
            f"{zero if r.unit_zero_rule else ''}</td>\n"
            f'    <td data-label="{labels.tpi}">{_e(r.tpi_text)}'
            f"{zero if r.tpi_zero_rule else ''}</td>\n"
            f'    <td class="num" data-label="{labels.diff}">{diff}</td>\n'
            f'    <td class="num" data-label="{labels.docs}">{_count(r.evidence_count)}</td>\n'
            f'    <td class="num" data-label="{labels.comments}">{_count(r.open_comments)}</td>\n'
            f'    <td data-label="{labels.status}"><span class="status {r.status_css}">'
            f"{labels.statuses[r.status]}</span></td>\n"
            "  </tr>\n  "
        )
    return mark_safe("".join(out))  # noqa: S308 - every value above is escaped


def _progress_cells(p: Progress) -> str:
    return "".join(
        f'\n<td class="num"><progress value="{n}" max="{p.total}"></progress> {n}/{p.total}</td>'
        for n in (p.answered, p.with_evidence, p.reviewed)
    )


def progress_rows_html(progress: Sequence[Progress]) -> SafeString:
    """The rows of the page's progress table (templates/scoring/assessment_detail.html): each
    area, then its parts, with answered, with evidence and reviewed of the total."""
    out: list[str] = []
    for g in progress:
        out.append(
            f'\n      <tr class="group-row">\n        <th scope="row">{_e(g.label)}</th>\n'
            f"        {_progress_cells(g)}\n\n      </tr>\n      "
        )
        for p in g.parts:
            out.append(
                f'\n      <tr><td class="indent">{_e(p.label)}</td>{_progress_cells(p)}\n'
                "</tr>\n      "
            )
        out.append("\n    ")
    return mark_safe("".join(out))  # noqa: S308 - the labels are escaped, the rest are numbers
