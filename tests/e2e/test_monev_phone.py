"""The monev page on a phone (390 px), in Indonesian and English: pimpinan1 reaches it from the
plan page's tab, finds the demo's report of the last complete quarter awaiting approval, signs
it off through the confirmation dialog. Nothing scrolls sideways."""

from __future__ import annotations

from typing import Any

import pytest
from django.utils import timezone

from scoring.plans.monev.quarters import last_complete_quarter
from tests.e2e.conftest import login
from tests.e2e.test_phone import PHONE, assert_fits

pytestmark = pytest.mark.e2e


def test_monev_fits_a_phone_and_the_pimpinan_signs_off(
    page: Any, live_server: Any, demo: Any, shot: Any
) -> None:
    page.set_viewport_size(PHONE)
    base = live_server.url
    unit1 = demo[0]
    login(page, base, "pimpinan1")
    page.wait_for_selector("text=Penilaian Zona Integritas")
    page.goto(f"{base}/penilaian/{unit1.pk}/rencana-aksi/")
    page.click("nav.tabs >> text=Monev")
    page.wait_for_selector(".monev-quarter")
    shot(page, "monev")
    assert_fits(page, "monev")
    done = last_complete_quarter(unit1.cycle.year, timezone.localdate())
    card = f"#tw-{done.no if done else 1}"
    assert page.locator(f"{card} >> text=Menunggu persetujuan").count() == 1
    assert page.locator(f"{card} .job-done").count() == 2  # the PDF and the Excel, made
    page.click(f"{card} .monev-actions button:has-text('Setujui laporan')")
    page.click("#confirm-dialog-ok")
    page.wait_for_selector("text=disetujui.")
    shot(page, "monev-signed-off")
    assert_fits(page, "monev-signed-off")
    assert page.locator(f"{card} .monev-actions button:has-text('Setujui laporan')").count() == 0
    assert page.locator(f"{card} >> text=Disetujui oleh").count() == 1

    page.select_option("#lang-select", "en")
    page.click("form.lang button[type=submit]")
    page.wait_for_selector("html[lang=en]")
    page.goto(f"{base}/penilaian/{unit1.pk}/monev/")
    page.wait_for_selector("text=Quarterly monitoring")
    shot(page, "monev-en")
    assert_fits(page, "monev-en")
    assert page.locator(f"{card} >> text=Approved by Ahmad").count() == 1
