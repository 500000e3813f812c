"""The Indonesian msgids the presenter and the dashboard templates use, and a check that none of
them is left untranslated in a text (the English interface, report and CLI).

The msgids come from the code itself (every gettext call in scoring/presenters.py and every
translate / blocktranslate in the dashboard templates), their English from the catalogue. A msgid
"appears untranslated" when one of its literal pieces (the text between its placeholders) of at
least two words, or one word of five letters or more, occurs in the text while the English
translation does not contain that piece (names such as "Menuju WBK" or "IPAK" stay in English).
Official names (areas, indicators, questions, options) are removed from the text first: they
stay as the regulation writes them in every language.
"""

from __future__ import annotations

import ast
import html
import re
from functools import cache
from pathlib import Path

from scoring.engine import FrameworkSpec

ROOT = Path(__file__).resolve().parents[1]
PO = ROOT / "locale" / "en" / "LC_MESSAGES" / "django.po"
PRESENTER = ROOT / "scoring" / "presenters.py"
TEMPLATES = tuple(
    ROOT / "templates" / "dashboard" / name
    for name in ("_verdict.html", "_gap.html", "unit_dashboard.html")
)
GETTEXT = {"_", "gettext", "gettext_lazy", "ngettext", "pgettext"}
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%%|\{\{[^}]*\}\}")
# Indonesian decimals (75,96): a digit, a comma, two digits and no third (1,234 is a thousand).
ID_DECIMAL = re.compile(r"\d,\d\d(?!\d)")
EN_DECIMAL = re.compile(r"\d\.\d\d(?!\d)")


def _po_entries() -> dict[str, str]:
    out: dict[str, str] = {}
    for block in PO.read_text(encoding="utf-8").split("\n\n"):
        m = re.search(r'^msgid ((?:".*"\n?)+)', block, re.M)
        s = re.search(r'^msgstr(?:\[0\])? ((?:".*"\n?)+)', block, re.M)
        if m and s:
            out[_join(m.group(1))] = _join(s.group(1))
    return out


def _join(chunk: str) -> str:
    return "".join(re.findall(r'"(.*)"', chunk)).replace('\\"', '"')


def _presenter_msgids() -> list[str]:
    out = []
    for node in ast.walk(ast.parse(PRESENTER.read_text(encoding="utf-8"))):
        call = isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
        if call and node.func.id in GETTEXT:  # type: ignore[attr-defined]
            out += [
                a.value
                for a in node.args  # type: ignore[attr-defined]
                if isinstance(a, ast.Constant) and isinstance(a.value, str)
            ]
    return out


def _template_msgids(path: Path) -> list[str]:
    # As makemessages writes them: a literal % doubled, a plural block by its singular.
    text = path.read_text(encoding="utf-8")
    out = re.findall(r'{%\s*translate\s+"([^"]+)"', text)
    out += re.findall(r"{%\s*translate\s+'([^']+)'", text)
    out = [m.replace("%", "%%") for m in out]
    block = r"{%\s*blocktranslate[^%]*%}(.*?){%\s*endblocktranslate\s*%}"
    for body in re.findall(block, text, re.S):
        singular = re.split(r"{%\s*plural\s*%}", body)[0].replace("%", "%%")
        out.append(re.sub(r"\{\{\s*(\w+)\s*\}\}", r"%(\1)s", singular))
    return out


@cache
def presenter_catalogue() -> tuple[tuple[str, str], ...]:
    """(msgid, English msgstr) of every message the presenter and dashboard templates use."""
    entries = _po_entries()
    ids = _presenter_msgids() + [m for t in TEMPLATES for m in _template_msgids(t)]
    missing = sorted({m for m in ids if not entries.get(m)})
    assert not missing, f"msgids without an English translation: {missing}"
    return tuple(dict.fromkeys((m, entries[m]) for m in ids))


def _pieces(msgid: str, msgstr: str) -> list[str]:
    out = []
    for raw in PLACEHOLDER.split(msgid):
        piece = raw.strip(" .,:;()%+-\n")
        words = piece.split()
        long_word = len(words) == 1 and len(piece) >= 5
        if (len(words) >= 2 or long_word) and piece not in msgstr:
            out.append(piece)
    return out


def page_text(markup: str) -> str:
    """The visible text of an HTML page, whitespace collapsed."""
    markup = re.sub(r"<(script|style|svg)\b.*?</\1>", " ", markup, flags=re.S)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", markup)).split())


def without_official_names(text: str, spec: FrameworkSpec) -> str:
    """``text`` with the regulation's own names taken out (they are never translated)."""
    names: set[str] = set()
    for a in spec.areas:
        names.add(a.name)
    for ind in spec.indicators.values():
        names.add(ind.name)
    for q in spec.questions.values():
        names.add(q.text)
        names.update(o.text for o in q.options)
        names.update(o.label for o in q.options if len(o.label) > 1)  # Ya / Tidak
    for h in spec.hasil.values():
        names.add(h.name)
    patterns = []
    for name in sorted((n for n in names if n.strip()), key=len, reverse=True):
        patterns.append(_flexible(name) + r"(?!\w)")
        if len(name) > 139:  # the gap lists cut long question texts at 140 characters
            patterns.append(_flexible(name[:139]))
    for pattern in patterns:
        text = re.sub(r"(?<!\w)" + pattern, " ", text)
    return text


def _flexible(name: str) -> str:
    """``name`` as a pattern that allows any spacing between its words (or none: a PDF's text
    extraction may join the words at a line break)."""
    return r"\s*".join(re.escape(w) for w in name.split())


def untranslated(text: str, spec: FrameworkSpec) -> list[str]:
    """Every Indonesian piece of a presenter or dashboard msgid found in ``text``."""
    clean = without_official_names(" ".join(text.split()), spec)
    found = []
    for msgid, msgstr in presenter_catalogue():
        for piece in _pieces(msgid, msgstr):
            if re.search(rf"(?<!\w){re.escape(piece)}(?!\w)", clean):
                found.append(f"{piece!r} (from {msgid!r})")
    return found
