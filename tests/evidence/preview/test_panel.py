"""The evidence panel with previews: one "Lihat" per previewable document, no query per document."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import EvidenceFactory, EvidenceLinkFactory, png_bytes

pytestmark = pytest.mark.django_db


def _panel(world: Any, q: Any) -> tuple[int, str]:
    client = world.client("tpi")
    url = reverse("evidence:panel", args=[world.own.pk, q.code])
    client.get(url, HTTP_HX_REQUEST="true")  # session and caches warm
    with CaptureQueriesContext(connection) as ctx:
        resp = client.get(url, HTTP_HX_REQUEST="true")
    assert resp.status_code == 200
    return len(ctx.captured_queries), resp.content.decode()


def test_panel_queries_do_not_grow_with_documents(world: Any, q1: Any) -> None:
    EvidenceFactory(assessment=world.own, questions=[q1])
    one, html = _panel(world, q1)
    assert html.count(">Lihat<") == 1
    for _ in range(3):
        EvidenceFactory(assessment=world.own, questions=[q1])
    image = EvidenceFactory(assessment=world.own, questions=[q1], content=png_bytes())
    image.current_revision.content_type = "image/png"
    image.current_revision.save(update_fields=["content_type"])
    EvidenceLinkFactory(assessment=world.own, questions=[q1])
    five, html = _panel(world, q1)
    assert five == one
    assert html.count(">Lihat<") == 5  # four PDFs and the image; the link has none
    assert html.count('hx-trigger="toggle once"') == 4


def test_preview_of_a_document_without_one_says_so(world: Any, q1: Any) -> None:
    ev = EvidenceFactory(assessment=world.own, questions=[q1])
    url = reverse("evidence_preview:preview", args=[world.own.pk, ev.pk, ev.current_revision_id])
    resp = world.client("tpi").get(url)
    assert resp.status_code == 200 and "<html" in resp.content.decode()  # the page without JS
    assert "Pratinjau belum dibuat untuk versi ini." in resp.content.decode()


def test_a_preview_no_worker_takes_stops_polling(world: Any, q1: Any) -> None:
    from datetime import timedelta

    from django.utils import timezone

    from evidence.preview.models import RevisionPreview
    from evidence.preview.services import preview_queue

    ev = EvidenceFactory(assessment=world.own, questions=[q1])
    preview_queue(revision=ev.current_revision)  # queued; no commit, so nothing runs it
    url = reverse("evidence_preview:preview", args=[world.own.pk, ev.pk, ev.current_revision_id])
    html = world.client("tpi").get(url, HTTP_HX_REQUEST="true").content.decode()
    assert "Pratinjau sedang dibuat..." in html and 'hx-trigger="load delay:2s"' in html
    RevisionPreview.objects.update(updated_at=timezone.now() - timedelta(minutes=11))
    html = world.client("tpi").get(url, HTTP_HX_REQUEST="true").content.decode()
    assert "Pratinjau masih menunggu antrean." in html and "hx-trigger" not in html
