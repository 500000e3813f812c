"""The admin's predicate pages in the browser at phone width: the list with the re-evaluation
warning, a decision recorded and a grant revoked through the confirmation dialog."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.utils import timezone

from tests.e2e.conftest import login
from tests.e2e.test_phone import PHONE, assert_fits

pytestmark = pytest.mark.e2e


def test_admin_records_and_revokes_a_predicate_on_a_phone(
    page: Any, live_server: Any, demo: Any, shot: Any
) -> None:
    from scoring.predicates.models import Predicate

    page.set_viewport_size(PHONE)
    base, unit = live_server.url, demo[0].unit
    login(page, base, "admin")
    page.goto(f"{base}/predikat/")
    shot(page, "list")
    assert_fits(page, "list")
    page.goto(f"{base}/predikat/unit/{unit.pk}/")
    page.select_option("#id_kind", "WBK")
    page.fill("#id_decree_number", "SK 5/2025")
    decreed = timezone.localdate() - datetime.timedelta(days=700)
    page.fill("#id_decree_date", decreed.isoformat())
    page.click("form[action$='/catat/'] button[type=submit]")
    page.click("#confirm-dialog-ok")
    page.wait_for_selector("text=SK 5/2025")
    row = Predicate.objects.get(unit=unit, decree_number="SK 5/2025")
    assert page.locator(f"tr[data-predicate='{row.pk}'] [data-due-state='soon']").count() == 1
    shot(page, "granted")
    assert_fits(page, "granted")
    page.click(f"tr[data-predicate='{row.pk}'] summary")
    page.fill(f"#reason-{row.pk}", "Evaluasi ulang tidak lulus")
    page.click(f"tr[data-predicate='{row.pk}'] button[type=submit]")
    assert "Cabut predikat" in page.locator("#confirm-dialog-text").inner_text()
    page.click("#confirm-dialog-ok")
    page.wait_for_selector(f"tr[data-predicate='{row.pk}'][data-revoked]")
    row.refresh_from_db()
    assert row.is_revoked and row.revoke_reason == "Evaluasi ulang tidak lulus"
    shot(page, "revoked")
