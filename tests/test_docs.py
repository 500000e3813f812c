"""docs/architecture.md is the map of the code: every file it names exists, and every
`path.py: name` it gives defines that name."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DOC = ROOT / "docs" / "architecture.md"
# `scoring/engine/gap.py: gaps_for` or `evidence/validation/` or `zi_portal/http.py`
REFERENCE = re.compile(
    r"`((?:zi_portal|areas|evidence|scoring|tests|templates|docs)/[\w/.<>-]*)(?::\s*([\w, ]+))?`"
)


def _references() -> list[tuple[str, list[str]]]:
    out = []
    for path, names in REFERENCE.findall(DOC.read_text(encoding="utf-8")):
        if "<" in path:  # a pattern such as tests/<app>/..., not a file
            continue
        out.append((path, [n.strip() for n in names.split(",") if n.strip()]))
    return out


def test_the_architecture_page_names_only_files_that_exist() -> None:
    refs = _references()
    assert len(refs) > 40
    missing = [path for path, _ in refs if not (ROOT / path).exists()]
    assert missing == []


def test_the_architecture_page_names_only_functions_that_exist() -> None:
    absent = []
    for path, names in _references():
        if not path.endswith(".py") or not names:
            continue
        source = (ROOT / path).read_text(encoding="utf-8")
        absent += [
            f"{path}: {name}"
            for name in names
            if not re.search(rf"^\s*(?:def|class)\s+{name}\b|^{name}\s*[:=]", source, re.M)
        ]
    assert absent == []
