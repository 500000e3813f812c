"""Previews end to end: upload -> task after the commit -> page images and text, through the
permission-checked views; more pages on demand; the failure paths."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse
from PIL import Image

from evidence.models import Evidence, EvidenceRevision
from evidence.preview.models import PreviewPage, RevisionPreview
from tests.evidence.conftest import docx_bytes, upload, xlsx_bytes
from tests.evidence.preview.conftest import KNOWN_WORD, encrypted_pdf, five_page_pdf, tall_pdf
from tests.factories import png_bytes

pytestmark = pytest.mark.django_db


def _upload(world: Any, q: Any, name: str, content: bytes, capture: Any) -> EvidenceRevision:
    client = world.client("tim_kerja")
    with capture(execute=True):
        resp = client.post(
            reverse("evidence:upload", args=[world.own.pk, q.code]),
            {"documents": [upload(name, content)]},
        )
    assert resp.status_code == 302
    ev = Evidence.objects.get(title=name)
    assert ev.current_revision is not None
    return ev.current_revision


def _url(name: str, rev: EvidenceRevision, *extra: int) -> str:
    ev = rev.evidence
    return reverse(f"evidence_preview:{name}", args=[ev.assessment_id, ev.pk, rev.pk, *extra])


def test_pdf_gets_three_pages_then_the_rest_on_demand(
    world: Any, q1: Any, settings: Any, django_capture_on_commit_callbacks: Any
) -> None:
    rev = _upload(world, q1, "laporan.pdf", five_page_pdf(), django_capture_on_commit_callbacks)
    preview = RevisionPreview.objects.get(revision=rev)
    assert (preview.status, preview.reason, preview.page_count) == ("done", "", 5)
    assert list(preview.pages.values_list("number", flat=True)) == [1, 2, 3]
    for page in preview.pages.all():
        stored = Path(settings.MEDIA_ROOT) / page.image.name
        assert page.image.name.startswith(f"previews/{world.own.pk}/{rev.pk}/")
        assert Image.open(stored).size == (page.width, page.height) and page.width == 1000

    tpi = world.client("tpi")
    html = tpi.get(_url("preview", rev), HTTP_HX_REQUEST="true").content.decode()
    assert "halaman 1 dari 5" in html and "halaman 3 dari 5" in html
    assert "halaman 4 dari 5" not in html
    assert 'alt="Halaman 2 dari 5: laporan.pdf"' in html
    assert 'name="upto" value="5"' in html and "Muat halaman berikutnya" in html

    with django_capture_on_commit_callbacks(execute=True):
        resp = tpi.post(_url("more", rev), {"upto": "5"}, HTTP_HX_REQUEST="true")
    assert resp.status_code == 200
    assert list(preview.pages.values_list("number", flat=True)) == [1, 2, 3, 4, 5]
    html = tpi.get(_url("preview", rev), HTTP_HX_REQUEST="true").content.decode()
    assert "halaman 5 dari 5" in html and "Muat halaman berikutnya" not in html


def test_page_image_and_text_views(
    world: Any, q1: Any, django_capture_on_commit_callbacks: Any
) -> None:
    rev = _upload(world, q1, "laporan.pdf", five_page_pdf(), django_capture_on_commit_callbacks)
    tpi = world.client("tpi")
    resp = tpi.get(_url("page", rev, 2))
    body = b"".join(resp.streaming_content)  # type: ignore[attr-defined]
    assert resp.status_code == 200 and resp["Content-Type"] == "image/png"
    assert body.startswith(b"\x89PNG") and Image.open(io.BytesIO(body)).width == 1000
    assert resp["Cache-Control"].startswith("private")
    assert tpi.get(_url("page", rev, 4)).status_code == 404  # not rendered yet
    text = tpi.get(_url("text", rev))
    assert text["Content-Type"] == "text/plain; charset=utf-8"
    assert text["Cache-Control"] == "private, no-store"
    assert f"{KNOWN_WORD} zona 5" in text.content.decode()
    assert KNOWN_WORD in RevisionPreview.objects.get(revision=rev).text


def test_docx_and_xlsx_text_shown_in_place(
    world: Any, q1: Any, django_capture_on_commit_callbacks: Any
) -> None:
    docx = _upload(world, q1, "sk.docx", docx_bytes(), django_capture_on_commit_callbacks)
    xlsx = _upload(world, q1, "data.xlsx", xlsx_bytes(), django_capture_on_commit_callbacks)
    assert RevisionPreview.objects.get(revision=docx).text == "Laporan pembangunan ZI"
    assert "A.I.1.i.a\t1" in RevisionPreview.objects.get(revision=xlsx).text
    html = world.client("tpi").get(_url("preview", docx), HTTP_HX_REQUEST="true").content.decode()
    assert 'class="preview-text"' in html and "Laporan pembangunan ZI" in html
    assert "<img" not in html


def test_image_shown_inline_through_the_checked_view(
    world: Any, q1: Any, django_capture_on_commit_callbacks: Any
) -> None:
    rev = _upload(world, q1, "foto.png", png_bytes(), django_capture_on_commit_callbacks)
    assert RevisionPreview.objects.get(revision=rev).status == "not_applicable"
    resp = world.client("tpi").get(_url("inline", rev))
    assert resp.status_code == 200 and resp["Content-Type"] == "image/png"
    assert resp["Content-Disposition"] == "inline"
    assert b"".join(resp.streaming_content) == png_bytes()  # type: ignore[attr-defined]
    pdf = _upload(world, q1, "a.pdf", five_page_pdf(), django_capture_on_commit_callbacks)
    assert world.client("tpi").get(_url("inline", pdf)).status_code == 404  # images only
    page = (
        world.client("tpi")
        .get(reverse("scoring:question", args=[world.own.pk, q1.code]))
        .content.decode()
    )
    assert f'src="{_url("inline", rev)}"' in page
    assert f'hx-get="{_url("preview", pdf)}"' in page and ">Lihat<" in page


@pytest.mark.parametrize("persona", ["outsider", "pimpinan_instansi"])
def test_forbidden_user_gets_404_everywhere(
    world: Any, q1: Any, persona: str, django_capture_on_commit_callbacks: Any
) -> None:
    """outsider: may not see the assessment. pimpinan_instansi: sees the sibling unit's
    assessment and asks for this document under it (the download's mismatch check)."""
    pdf = _upload(world, q1, "a.pdf", five_page_pdf(), django_capture_on_commit_callbacks)
    img = _upload(world, q1, "foto.png", png_bytes(), django_capture_on_commit_callbacks)
    a = world.own.pk if persona == "outsider" else world.sibling.pk
    client = world.client(persona)

    def url(name: str, rev: EvidenceRevision, *extra: int) -> str:
        return reverse(f"evidence_preview:{name}", args=[a, rev.evidence_id, rev.pk, *extra])

    urls = [url("preview", pdf), url("page", pdf, 1), url("text", pdf), url("inline", img)]
    for u in urls:
        assert client.get(u).status_code == 404, u
    assert client.post(url("more", pdf), {"upto": "5"}).status_code == 404
    assert RevisionPreview.objects.get(revision=pdf).pages_wanted == 3
    # The same URLs under the right assessment answer a user who may see it.
    assert world.client("tpi").get(_url("page", pdf, 1)).status_code == 200


def test_encrypted_pdf_fails_with_a_reason_never_a_500(
    world: Any, q1: Any, django_capture_on_commit_callbacks: Any
) -> None:
    rev = _upload(world, q1, "kunci.pdf", encrypted_pdf(), django_capture_on_commit_callbacks)
    preview = RevisionPreview.objects.get(revision=rev)
    assert (preview.status, preview.reason) == ("failed", "encrypted")
    resp = world.client("tpi").get(_url("preview", rev), HTTP_HX_REQUEST="true")
    assert resp.status_code == 200
    assert "Pratinjau tidak dapat dibuat: PDF terkunci kata sandi." in resp.content.decode()
    assert world.client("tpi").get(_url("text", rev)).status_code == 404


def test_tall_page_stays_within_the_pixel_limit(
    world: Any, q1: Any, settings: Any, django_capture_on_commit_callbacks: Any
) -> None:
    settings.PREVIEW_MAX_PIXELS = 2_000_000
    rev = _upload(world, q1, "tinggi.pdf", tall_pdf(), django_capture_on_commit_callbacks)
    page = PreviewPage.objects.get(preview__revision=rev)
    assert page.width * page.height <= 2_000_000
    assert page.height > page.width * 100  # the page's shape is kept, only smaller


def test_out_of_time_is_failed_timeout(
    world: Any, q1: Any, settings: Any, django_capture_on_commit_callbacks: Any
) -> None:
    settings.PREVIEW_TIME_BUDGET_SECONDS = -1
    rev = _upload(world, q1, "lambat.pdf", five_page_pdf(), django_capture_on_commit_callbacks)
    preview = RevisionPreview.objects.get(revision=rev)
    assert (preview.status, preview.reason) == ("failed", "timeout")
    assert not preview.pages.exists()
