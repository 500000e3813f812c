"""The reviewer reads evidence in place on a phone: "Lihat" opens the PDF's page images (htmx,
no inline script under the strict CSP) and a photo inline, and nothing sticks out at 390 px."""

from __future__ import annotations

from typing import Any

import pytest

from tests.e2e.conftest import login
from tests.e2e.test_phone import PHONE, assert_fits

pytestmark = pytest.mark.e2e


def loaded(page: Any, selector: str, width: int) -> None:
    """The image has arrived (polled from here: the page's CSP forbids Playwright's eval)."""
    script = f"document.querySelector({selector!r}).naturalWidth"
    for _ in range(100):
        if page.evaluate(script) >= width:
            return
        page.wait_for_timeout(100)
    raise AssertionError(f"{selector} did not load")


def test_reviewer_reads_a_pdf_and_a_photo_in_place_on_a_phone(
    page: Any, live_server: Any, demo: Any, shot: Any
) -> None:
    page.set_viewport_size(PHONE)
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    base, pk = live_server.url, demo[0].pk
    login(page, base, "tpi")
    page.wait_for_selector("text=Penilaian Zona Integritas")

    page.goto(f"{base}/penilaian/{pk}/pertanyaan/A.I.1.i.a/")
    toggle = page.locator("details.evidence-preview summary").first
    toggle.scroll_into_view_if_needed()
    toggle.click()
    image = page.locator(".preview-pages img").first
    image.wait_for(state="visible")
    loaded(page, ".preview-pages img", 1000)
    assert "halaman 1 dari" in page.locator(".preview-pages figcaption").first.inner_text()
    box = image.bounding_box()
    assert box is not None and box["width"] <= PHONE["width"]
    shot(page, "pdf-preview")
    assert_fits(page, "pdf-preview")

    page.goto(f"{base}/penilaian/{pk}/pertanyaan/A.I.1.ii.c/")
    page.locator("details.evidence-preview:has(img.preview-image) summary").first.click()
    photo = page.locator("img.preview-image").first
    photo.wait_for(state="visible")
    loaded(page, "img.preview-image", 1)
    shot(page, "photo-inline")
    assert_fits(page, "photo-inline")
    assert not [e for e in errors if "Content Security Policy" in e], errors
