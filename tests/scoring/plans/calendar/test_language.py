"""Every interface string of the ZI calendar has its English: each translate / blocktranslate of
its templates and each gettext of its Python modules (and the inbox reminders) is in the English
catalogue with a non-empty translation."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from tests.i18n_catalogue import GETTEXT, ROOT, _po_entries, _template_msgids

TEMPLATES = sorted((ROOT / "templates" / "plans" / "calendar").glob("*.html"))
MODULES = [
    *sorted((ROOT / "scoring" / "plans" / "calendar").glob("*.py")),
    ROOT / "scoring" / "inbox" / "selectors.py",
]


def _python_msgids(path: Path) -> list[str]:
    out = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        call = isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
        if call and node.func.id in GETTEXT:  # type: ignore[attr-defined]
            out += [
                a.value
                for a in node.args[:1]  # type: ignore[attr-defined]
                if isinstance(a, ast.Constant) and isinstance(a.value, str)
            ]
    return out


@pytest.mark.parametrize("path", TEMPLATES + MODULES, ids=lambda p: p.name)
def test_every_msgid_has_its_english(path: Path) -> None:
    entries = _po_entries()
    ids = _template_msgids(path) if path.suffix == ".html" else _python_msgids(path)
    missing = [m for m in ids if not entries.get(m)]
    assert missing == []


def test_the_check_reads_the_strings() -> None:
    ids = [m for p in TEMPLATES for m in _template_msgids(p)]
    ids += [m for p in MODULES for m in _python_msgids(p)]
    assert "Kalender ZI" in ids and "Kewajiban tahunan unit ZI" in ids
    assert len(ids) > 60
