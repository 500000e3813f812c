"""The search page (/cari/), its box on the assessment page and the link in the navigation."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from tests.evidence.search.conftest import ONLY_IN_TEXT, MakeDoc

pytestmark = pytest.mark.django_db

URL = "/cari/"


@pytest.fixture
def target(world: Any, make_doc: MakeDoc, q1: Any) -> Any:
    return make_doc(
        world.own,
        "<script>alert(1)</script> Laporan Triwulan",
        f"Rapat membahas {ONLY_IN_TEXT} <b>tebal</b>",
        questions=(q1,),
        name="laporan-tw.pdf",
    )


def test_the_page_lists_the_hit_with_its_unit_question_file_and_snippet(
    world: Any, target: Any, q1: Any
) -> None:
    resp = world.client("tpi").get(URL, {"q": ONLY_IN_TEXT})
    assert resp.status_code == 200
    html = resp.content.decode()
    assert reverse("scoring:question", args=[world.own.pk, q1.code]) in html
    assert reverse("scoring:assessment", args=[world.own.pk]) in html and "Unit Satu" in html
    assert "laporan-tw.pdf" in html and "isi dokumen" in html
    # The text's markup is never markup on the page (PostgreSQL's headline drops tags, the
    # fallback escapes them).
    assert f"membahas <mark>{ONLY_IN_TEXT}</mark> " in html and "<b>tebal" not in html
    assert "<script>alert(1)" not in html and "&lt;script&gt;alert(1)" in html
    download = reverse(
        "evidence:download", args=[world.own.pk, target.pk, target.current_revision_id]
    )
    assert download in html and "1 dokumen ditemukan." in html


def test_nothing_for_who_may_not_see_it(world: Any, target: Any) -> None:
    html = world.client("outsider").get(URL, {"q": ONLY_IN_TEXT}).content.decode()
    assert 'id="search-none"' in html and "laporan-tw.pdf" not in html


def test_within_an_assessment_and_its_404s(world: Any, target: Any) -> None:
    tpi = world.client("tpi")
    html = tpi.get(URL, {"q": ONLY_IN_TEXT, "penilaian": world.own.pk}).content.decode()
    assert "laporan-tw.pdf" in html and f'name="penilaian" value="{world.own.pk}"' in html
    assert tpi.get(URL, {"q": ONLY_IN_TEXT, "penilaian": world.other.pk}).status_code == 404
    assert tpi.get(URL, {"q": ONLY_IN_TEXT, "penilaian": "x"}).status_code == 404
    assert tpi.post(URL, {"q": ONLY_IN_TEXT}).status_code == 405


def test_empty_and_short_queries_are_explained(world: Any) -> None:
    client = world.client("tim_kerja")
    empty = client.get(URL).content.decode()
    assert 'id="search-help"' in empty and "kode pertanyaan (misalnya A.I.1.i.a)" in empty
    short = client.get(URL, {"q": "a"}).content.decode()
    assert "terlalu pendek" in short and "sedikitnya 2 huruf" in short


def test_english(world: Any, target: Any) -> None:
    client = world.client("tpi")
    client.cookies["django_language"] = "en"
    html = client.get(URL, {"q": ONLY_IN_TEXT}).content.decode()
    assert "1 document found." in html and "document text" in html
    assert "Search documents" in html
    short = client.get(URL, {"q": "a"}).content.decode()
    assert "at least 2 characters" in short


def test_box_on_the_assessment_page_and_link_in_the_navigation(world: Any) -> None:
    html = world.client("tim_kerja").get(reverse("scoring:assessment", args=[world.own.pk]))
    page = html.content.decode()
    assert 'action="/cari/"' in page and f'name="penilaian" value="{world.own.pk}"' in page
    assert 'role="search"' in page and '<a href="/cari/">Cari dokumen</a>' in page


def test_anonymous_goes_to_the_login(client: Any) -> None:
    resp = client.get(URL, {"q": ONLY_IN_TEXT})
    assert resp.status_code == 302 and "/masuk/" in resp["Location"]
