"""The plan's Excel import on a phone (390 px): upload a seed-004-shaped workbook, read the
preview, import; the pages never scroll sideways and the buttons are thumb-sized."""

from __future__ import annotations

from typing import Any

import pytest

from scoring.plans.models import PlanItem
from tests.e2e.conftest import login
from tests.e2e.test_phone import PHONE, assert_fits, reachable
from tests.scoring.plans.transfer_workbooks import expected_codes, seed_workbook

pytestmark = pytest.mark.e2e

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def test_import_a_seed_workbook_on_a_phone(
    page: Any, live_server: Any, demo: Any, shot: Any
) -> None:
    page.set_viewport_size(PHONE)
    base = live_server.url
    assessment = demo[1]  # Kantor Wilayah Timur; koordinator2 holds every area
    before = PlanItem.objects.filter(assessment=assessment).count()
    login(page, base, "koordinator2")
    page.goto(f"{base}/penilaian/{assessment.pk}/rencana-aksi/")
    page.click("#plan-import-link")
    page.wait_for_selector("#plan-import")
    shot(page, "plan-import")
    assert_fits(page, "plan-import")
    page.set_input_files(
        "#id_workbook",
        files=[{"name": "rencana.xlsx", "mimeType": XLSX, "buffer": seed_workbook()}],
    )
    page.click("#plan-import button[type=submit]")
    page.wait_for_selector("#plan-import-items")
    shot(page, "plan-import-preview")
    assert_fits(page, "plan-import-preview")
    button = page.locator("#plan-import-apply button")
    reachable(button)
    button.click()
    page.wait_for_url(f"**/penilaian/{assessment.pk}/rencana-aksi/")
    shot(page, "plan-after-import")
    assert_fits(page, "plan-after-import")
    assert PlanItem.objects.filter(assessment=assessment).count() == before + len(expected_codes())
