"""Bahasa Indonesia by default, English complete and selectable."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse

PO = Path(__file__).resolve().parents[2] / "locale" / "en" / "LC_MESSAGES" / "django.po"


def _entries(text: str) -> list[tuple[str, str, str]]:
    """(flags, msgid, msgstr) of every entry, continuation lines joined."""
    out = []
    for block in text.split("\n\n"):
        flags = " ".join(line for line in block.splitlines() if line.startswith("#,"))
        m = re.search(r'^msgid ((?:".*"\n?)+)', block, re.M)
        s = re.search(r'^msgstr(?:\[0\])? ((?:".*"\n?)+)', block, re.M)
        if m and s:
            join = lambda chunk: "".join(re.findall(r'"(.*)"', chunk))  # noqa: E731
            out.append((flags, join(m.group(1)), join(s.group(1))))
    return out


def test_every_message_has_an_english_translation() -> None:
    entries = [e for e in _entries(PO.read_text(encoding="utf-8")) if e[1]]
    assert len(entries) > 400
    untranslated = [msgid for _, msgid, msgstr in entries if not msgstr]
    fuzzy = [msgid for flags, msgid, _ in entries if "fuzzy" in flags]
    assert untranslated == []
    assert fuzzy == []


@pytest.mark.django_db
def test_login_page_switches_to_english_and_back() -> None:
    client = Client()
    assert "Masuk ke ZI Portal" in client.get(reverse("login")).content.decode()
    client.post(reverse("set_language"), {"language": "en", "next": "/masuk/"})
    body = client.get(reverse("login")).content.decode()
    assert 'lang="en"' in body
    assert "Log in to ZI Portal" in body
    client.post(reverse("set_language"), {"language": "id", "next": "/masuk/"})
    assert "Masuk ke ZI Portal" in client.get(reverse("login")).content.decode()


@pytest.mark.django_db
def test_an_english_browser_still_gets_indonesian_until_it_switches() -> None:
    client = Client(headers={"accept-language": "en-US,en;q=0.9"})
    body = client.get(reverse("login")).content.decode()
    assert 'lang="id"' in body and "Masuk ke ZI Portal" in body
    client.post(reverse("set_language"), {"language": "en", "next": "/masuk/"})
    assert "Log in to ZI Portal" in client.get(reverse("login")).content.decode()
