"""evidence_search: what it finds, for whom, in which order, and how it shows the match. The
same tests run on SQLite (the fallback) and on PostgreSQL (full-text search and trigrams) when
DATABASE_URL points at one."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from evidence.models import Evidence
from evidence.preview.models import RevisionPreview
from evidence.search.query import MAX_QUERY_CHARS, MAX_WORDS, parse_query
from evidence.search.selectors import evidence_search
from tests.conftest import SEES
from tests.evidence.search.conftest import ONLY_IN_TEXT, MakeDoc
from tests.factories import EvidenceLinkFactory, MembershipFactory, UserFactory
from zi_portal.models import Role

pytestmark = pytest.mark.django_db


def found(user: Any, query: str, **kwargs: Any) -> list[Evidence]:
    return [hit.evidence for hit in evidence_search(user=user, query=query, **kwargs).hits]


@pytest.fixture
def docs(world: Any, make_doc: MakeDoc, q1: Any) -> dict[str, Evidence]:
    """In the own unit: one PDF whose text alone holds ONLY_IN_TEXT, two others; in the sibling
    and the other unit, a document with the same title but not the word."""
    return {
        "target": make_doc(
            world.own,
            "Laporan Triwulan",
            f"Rapat koordinasi membahas {ONLY_IN_TEXT} dan tindak lanjut",
            questions=(q1,),
            name="laporan-tw.pdf",
        ),
        "plain": make_doc(world.own, "Notulen Rapat", "Rapat koordinasi biasa"),
        "other": make_doc(world.other, "Laporan Triwulan", "Rapat koordinasi unit lain"),
        "sibling": make_doc(world.sibling, "Laporan Triwulan", "Rapat koordinasi unit dua"),
    }


@pytest.mark.parametrize("persona", sorted(SEES["own"]))
def test_word_only_in_a_pdf_text_finds_that_document_first(
    world: Any, docs: dict[str, Evidence], persona: str, q1: Any
) -> None:
    preview = RevisionPreview.objects.get(revision=docs["target"].current_revision)
    assert ONLY_IN_TEXT in preview.text  # the task extracted it from the PDF
    assert ONLY_IN_TEXT.lower() not in (docs["target"].title + "laporan-tw.pdf").lower()

    result = evidence_search(user=world.users[persona], query=ONLY_IN_TEXT.lower())
    assert [h.evidence for h in result.hits] == [docs["target"]]
    hit = result.hits[0]
    assert hit.fields == ("text",)
    assert hit.codes == (q1.code,)
    assert f"<mark>{ONLY_IN_TEXT}</mark>" in hit.snippet


@pytest.mark.parametrize("persona", ["outsider", "other_unit", "sibling_unit"])
def test_nobody_else_finds_it(world: Any, docs: dict[str, Evidence], persona: str) -> None:
    if persona == "outsider":
        user = world.users["outsider"]
    else:
        unit = (world.other if persona == "other_unit" else world.sibling).unit
        user = UserFactory()
        MembershipFactory(user=user, unit=unit, role=Role.TIM_KERJA)
        # They do find their own unit's document with the shared title.
        assert found(user, "laporan triwulan") == [docs[persona.split("_")[0]]]
    assert found(user, ONLY_IN_TEXT) == []


def test_instansi_leadership_finds_its_units_not_another_instansi(
    world: Any, docs: dict[str, Evidence]
) -> None:
    hits = found(world.users["pimpinan_instansi"], "laporan triwulan")
    assert set(hits) == {docs["target"], docs["sibling"]}
    assert docs["other"] not in hits


def test_within_one_assessment(world: Any, docs: dict[str, Evidence]) -> None:
    admin = world.users["admin"]
    assert found(admin, "laporan triwulan", assessment=world.sibling) == [docs["sibling"]]
    # An assessment the user may not see yields nothing, even if a caller forgot to check.
    assert found(world.users["tim_kerja"], "laporan triwulan", assessment=world.other) == []


def test_title_beats_text(world: Any, make_doc: MakeDoc) -> None:
    in_title = make_doc(world.own, "Laporan Pengendalian Gratifikasi", "Isi lain", name="lpg.pdf")
    in_text = make_doc(world.own, "Notulen Rapat", "Pembahasan gratifikasi dan parsel")
    in_name = make_doc(world.own, "Daftar Hadir", "Hadir", name="gratifikasi-hadir.pdf")
    result = evidence_search(user=world.users["tpi"], query="gratifikasi")
    assert [h.evidence for h in result.hits] == [in_title, in_name, in_text]
    assert [h.fields for h in result.hits] == [("title",), ("name",), ("text",)]
    assert "<mark>Gratifikasi</mark>" in result.hits[0].title_html
    assert "<mark>gratifikasi</mark>" in result.hits[1].name_html


def test_question_code(world: Any, make_doc: MakeDoc, q1: Any, q3: Any) -> None:
    first = make_doc(world.own, "SK Tim", questions=(q1,))
    third = make_doc(world.own, "Rencana", questions=(q3,))
    user = world.users["tim_kerja"]
    result = evidence_search(user=user, query=q1.code)
    assert [h.evidence for h in result.hits] == [first]
    assert result.hits[0].fields == ("code",) and result.hits[0].codes == (q1.code,)
    # A code's leading part finds the documents of the questions under it.
    assert found(user, "A.I.1") == [first] and found(user, "a.i.3.") == [third]
    assert set(found(user, "A.I")) == {first, third}


def test_deleted_documents_are_never_found(world: Any, make_doc: MakeDoc) -> None:
    make_doc(world.own, f"Dihapus {ONLY_IN_TEXT}", f"isi {ONLY_IN_TEXT}", deleted=True)
    for persona in ("admin", "tim_kerja", "tpi"):
        assert found(world.users[persona], ONLY_IN_TEXT) == []


def test_links_are_found_by_title(world: Any, q1: Any) -> None:
    link = EvidenceLinkFactory(assessment=world.own, title="Kanal pengaduan", questions=[q1])
    hit = evidence_search(user=world.users["tpi"], query="pengaduan").hits
    assert [h.evidence for h in hit] == [link] and hit[0].fields == ("title",)


def test_snippet_and_title_are_escaped_and_marked(world: Any, make_doc: MakeDoc) -> None:
    make_doc(
        world.own,
        "<script>alert(1)</script> Laporan Bahaya",
        "Catatan <img src=x onerror=alert(2)> bahaya besar",
        name="<b>bahaya</b>.pdf",
    )
    hit = evidence_search(user=world.users["tim_kerja"], query="bahaya").hits[0]
    assert "<script>" not in hit.title_html and "&lt;script&gt;" in hit.title_html
    assert "<mark>Bahaya</mark>" in hit.title_html
    assert "<b>" not in hit.name_html and "&lt;b&gt;<mark>bahaya</mark>&lt;/b&gt;" in hit.name_html
    assert "<img" not in hit.snippet and "&lt;img" in hit.snippet
    assert "<mark>bahaya</mark>" in hit.snippet


def test_every_word_must_match(world: Any, docs: dict[str, Evidence]) -> None:
    user = world.users["tim_kerja"]
    assert found(user, f"koordinasi {ONLY_IN_TEXT}") == [docs["target"]]
    assert found(user, f"koordinasi {ONLY_IN_TEXT} tidakadadimanapun") == []


def test_empty_short_and_long_queries(world: Any, docs: dict[str, Evidence]) -> None:
    user = world.users["tim_kerja"]
    assert evidence_search(user=user, query="   ").query.problem == "empty"
    assert evidence_search(user=user, query=None).query.problem == "empty"
    short = evidence_search(user=user, query="a")
    assert short.query.problem == "short" and short.hits == []
    long = parse_query(" ".join(["rapat"] * 50) + "x" * 1000)
    assert len(long.text) <= MAX_QUERY_CHARS and len(long.text.split()) <= MAX_WORDS
    assert parse_query('"rapat koordinasi" -biasa').words == ("rapat", "koordinasi")


def test_limit_and_query_count_do_not_grow_with_the_documents(
    world: Any, make_doc: MakeDoc, q1: Any
) -> None:
    user = world.users["tpi"]
    for n in range(3):
        make_doc(world.own, f"Rapat {n}", f"rapat ke {n}", questions=(q1,))
    with CaptureQueriesContext(connection) as few:
        assert len(evidence_search(user=user, query="rapat").hits) == 3
    for n in range(3, 12):
        make_doc(world.own, f"Rapat {n}", f"rapat ke {n}", questions=(q1,))
    with CaptureQueriesContext(connection) as many:
        result = evidence_search(user=user, query="rapat", limit=10)
    assert len(result.hits) == 10 and result.more
    assert len(many) == len(few) <= 4


def test_a_headline_is_escaped_before_it_is_marked() -> None:
    from evidence.search.query import START, STOP, mark_headline

    html = mark_headline(f"a <script>x</script> {START}kata{STOP}  lain {START}<b>{STOP} {START}")
    assert html == "a &lt;script&gt;x&lt;/script&gt; <mark>kata</mark> lain <mark>&lt;b&gt;</mark> "


def test_an_excerpt_starts_and_ends_at_words() -> None:
    from evidence.search.query import excerpt

    text = " ".join(f"kata{n}" for n in range(200)) + " sasaran " + "akhir " * 100
    html = excerpt(text, ("sasaran",), width=60)
    assert html.startswith("… kata") and html.endswith(" …") and "<mark>sasaran</mark>" in html
    words = html.removeprefix("… ").removesuffix(" …").split()
    assert all(w in text.split() or w == "<mark>sasaran</mark>" for w in words)


def test_words_split_between_title_and_file_name(world: Any, make_doc: MakeDoc) -> None:
    doc = make_doc(world.own, "Notulen Rapat", "isi lain", name="gratifikasi.pdf")
    hits = evidence_search(user=world.users["tpi"], query="notulen gratifikasi").hits
    assert [h.evidence for h in hits] == [doc] and "title" in hits[0].fields


def test_only_the_current_revision_text_is_searched(
    world: Any, make_doc: MakeDoc, django_capture_on_commit_callbacks: Any
) -> None:
    from evidence.preview.services import preview_queue
    from tests.factories import EvidenceRevisionFactory, pdf_bytes

    doc = make_doc(world.own, "Laporan", f"versi lama {ONLY_IN_TEXT}")
    with django_capture_on_commit_callbacks(execute=True):
        new = EvidenceRevisionFactory(evidence=doc, content=pdf_bytes("versi baru Kemuningraya"))
        preview_queue(revision=new)
    user = world.users["tim_kerja"]
    assert found(user, ONLY_IN_TEXT) == []
    assert found(user, "kemuningraya") == [doc]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="trigrams need PostgreSQL")
def test_a_typo_in_a_title_still_finds_it_on_postgresql(world: Any, make_doc: MakeDoc) -> None:
    doc = make_doc(world.own, "Laporan Pengendalian Gratifikasi", "isi", name="lpg.pdf")
    hits = evidence_search(user=world.users["tpi"], query="gratifkasi").hits
    assert [h.evidence for h in hits] == [doc] and hits[0].fields == ("similar",)
