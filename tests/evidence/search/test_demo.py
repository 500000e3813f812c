"""The issue's acceptance on the demo: a word that only one PDF's text holds ("parsel", in the
body of unit 1's gratification report, scoring/demo/documents.py: BODY_NOTES) finds that document
first for whoever may see unit 1, and nothing for the people of units 2 and 3."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from evidence.models import Evidence
from evidence.preview.models import RevisionPreview
from evidence.search.selectors import evidence_search
from scoring.demo.seed import demo_seed

pytestmark = pytest.mark.django_db


def test_a_word_of_one_demo_pdf_body(
    framework: Any, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        demo_seed()
    holders = RevisionPreview.objects.filter(text__icontains="parsel")
    assert holders.count() == 1  # one PDF's extracted text, nothing else holds the word
    target = Evidence.objects.get(current_revision=holders.get().revision)
    assert target.title == "Laporan Pengendalian Gratifikasi"
    assert not Evidence.objects.filter(title__icontains="parsel").exists()

    users = {u.username: u for u in get_user_model().objects.all()}
    for name in ("timkerja1", "pimpinan1", "tpi"):
        hits = evidence_search(user=users[name], query="parsel").hits
        assert hits and hits[0].evidence == target and hits[0].fields == ("text",), name
        assert "<mark>parsel</mark>" in hits[0].snippet
    for name in ("timkerja2", "timkerja3"):
        assert evidence_search(user=users[name], query="parsel").hits == [], name

    client = Client()
    client.force_login(users["timkerja1"])
    html = client.get("/cari/", {"q": "parsel"}).content.decode()
    assert "Laporan Pengendalian Gratifikasi" in html and "<mark>parsel</mark>" in html
