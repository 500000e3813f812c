"""The admin's TPN pages on a 390 px phone: the proposals page, then the pra-evaluasi of the
demo's unit 1 recorded from its assessment page through the confirmation dialog."""

from __future__ import annotations

from typing import Any

import pytest

from tests.e2e.conftest import login
from tests.e2e.test_phone import PHONE, assert_fits, reachable

pytestmark = pytest.mark.e2e


def test_admin_records_the_pra_evaluasi_on_a_phone(
    page: Any, live_server: Any, demo: Any, shot: Any
) -> None:
    page.set_viewport_size(PHONE)
    base, unit1 = live_server.url, demo[0]
    login(page, base, "admin")
    page.wait_for_selector("text=Penilaian Zona Integritas")
    page.goto(f"{base}/usulan-tpn/")
    assert "terpakai 1, sisa 1" in page.locator(".quota").inner_text()
    assert page.locator("[data-refusal-code='tpn_not_layak']").count() == 2  # units 2 and 3
    shot(page, "tpn-proposals")
    assert_fits(page, "tpn-proposals")
    page.goto(f"{base}/penilaian/{unit1.pk}/")
    assert page.locator("#assessment-status").inner_text() == "Diusulkan ke TPN"
    page.click("#tpn details:has(form[action$='/tahap-tpn/']) summary")
    page.fill("#tpn input[name=happened_on]", "2026-12-01")
    page.fill("#tpn textarea[name=notes]", "Undangan pra-evaluasi daring")
    button = page.locator("#tpn form[action$='/tahap-tpn/'] button[type=submit]")
    reachable(button)
    shot(page, "tpn-step-form")
    assert_fits(page, "tpn-step-form")
    button.click()
    page.click("#confirm-dialog-ok")
    page.wait_for_selector("#tpn [data-stage='pra_evaluasi']")
    assert page.locator("#assessment-status").inner_text() == "Pra-evaluasi TPN"
    assert "Undangan pra-evaluasi daring" in page.locator("#tpn").inner_text()
    shot(page, "tpn-timeline")
    assert_fits(page, "tpn-timeline")
