"""The evidence search in a browser at phone width: the box on the assessment page finds the demo
PDF whose text alone holds "parsel", and the result page fits 390 px."""

from __future__ import annotations

from typing import Any

import pytest

from tests.e2e.conftest import login
from tests.e2e.test_phone import PHONE, assert_fits, reachable

pytestmark = pytest.mark.e2e


def test_search_from_the_assessment_page_on_a_phone(
    page: Any, live_server: Any, demo: Any, shot: Any
) -> None:
    page.set_viewport_size(PHONE)
    base = live_server.url
    login(page, base, "timkerja1")
    page.wait_for_selector("text=Penilaian Zona Integritas")
    page.goto(f"{base}/penilaian/{demo[0].pk}/")
    assert_fits(page, "assessment-with-search-box")
    box = page.locator("form.search-box input[type=search]")
    box.fill("parsel")
    button = page.locator("form.search-box button[type=submit]")
    reachable(button)
    button.click()
    page.wait_for_selector("ol.search-hits")
    shot(page, "search-hits")
    assert_fits(page, "search-hits")
    first = page.locator("li.search-hit").first
    assert "Laporan Pengendalian Gratifikasi" in first.inner_text()
    assert first.locator(".search-snippet mark").inner_text().lower() == "parsel"
    assert f"penilaian={demo[0].pk}" in page.url

    page.goto(f"{base}/cari/?q=a")
    assert "terlalu pendek" in page.inner_text("#search-help")
    assert_fits(page, "search-short")
