"""The rencana aksi on a phone (390 px), in Indonesian and English: the plan page, an item with
its notes and linked documents, the form prefilled from a gap step of the dashboard; the pages
never scroll sideways and the save button is thumb-sized."""

from __future__ import annotations

from typing import Any

import pytest

from scoring.plans.models import PlanItem, Status
from tests.e2e.conftest import login
from tests.e2e.test_phone import PHONE, assert_fits, reachable

pytestmark = pytest.mark.e2e


def test_plan_pages_fit_a_phone(page: Any, live_server: Any, demo: Any, shot: Any) -> None:
    page.set_viewport_size(PHONE)
    base = live_server.url
    unit1 = demo[0]
    login(page, base, "timkerja1")
    page.wait_for_selector("text=Penilaian Zona Integritas")
    page.goto(f"{base}/penilaian/{unit1.pk}/rencana-aksi/")
    page.wait_for_selector("#plan-summary")
    shot(page, "plan")
    assert_fits(page, "plan")
    page.goto(f"{base}/penilaian/{unit1.pk}/rencana-aksi/?status=late")
    assert page.locator(".plan-status-late").count() >= 1
    assert page.locator(".plan-status-done").count() == 0
    done = PlanItem.objects.filter(assessment=unit1, status=Status.DONE).first()
    assert done is not None
    page.goto(f"{base}/penilaian/{unit1.pk}/rencana-aksi/{done.pk}/")
    page.wait_for_selector("#item-notes")
    shot(page, "item")
    assert_fits(page, "item")
    # From the dashboard's quickest steps to the prefilled form.
    page.goto(f"{base}/penilaian/{unit1.pk}/dasbor/")
    link = page.locator("a.gap-plan-link").first
    link.click()
    page.wait_for_selector("#gap-prefill")
    shot(page, "item-form-from-gap")
    assert_fits(page, "item-form-from-gap")
    save = page.locator("#plan-item-save")
    save.scroll_into_view_if_needed()
    reachable(save)
    # English.
    page.select_option("#lang-select", "en")
    page.click("form.lang button[type=submit]")
    page.wait_for_selector("html[lang=en]")
    page.goto(f"{base}/penilaian/{unit1.pk}/rencana-aksi/")
    page.wait_for_selector("text=Action plan")
    shot(page, "plan-en")
    assert_fits(page, "plan-en")
