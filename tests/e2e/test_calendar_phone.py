"""The ZI calendar on a phone (390 px), in Indonesian and English: the month list of the demo
unit never scrolls sideways and marks its late plan items; a feed address made on the profile
page serves an iCalendar the parser reads, and stops once revoked."""

from __future__ import annotations

from typing import Any

import icalendar
import pytest

from tests.e2e.conftest import login
from tests.e2e.test_phone import PHONE, assert_fits

pytestmark = pytest.mark.e2e


def test_calendar_fits_a_phone_and_the_feed_works(
    page: Any, live_server: Any, demo: Any, shot: Any
) -> None:
    page.set_viewport_size(PHONE)
    base = live_server.url
    unit1 = demo[0]
    login(page, base, "timkerja1")
    page.wait_for_selector("text=Penilaian Zona Integritas")
    page.goto(f"{base}/penilaian/{unit1.pk}/rencana-aksi/")
    page.click("nav.tabs >> text=Kalender ZI")
    page.wait_for_selector(".cal-month")
    shot(page, "calendar")
    assert_fits(page, "calendar")
    assert page.locator(".cal-event.cal-plan").count() >= 1
    assert page.locator(".cal-event.cal-obligation").count() >= 1

    page.goto(f"{base}/profil/kalender/")
    page.fill("#id_name", "Ponsel")
    page.click("form.card button[type=submit]")
    shown = page.locator("[data-feed-url]").inner_text().strip()
    # The address is written with PORTAL_BASE_URL; the live server listens elsewhere.
    url = base + "/kalender/" + shown.split("/kalender/", 1)[1]
    shot(page, "calendar-feed-created")
    assert_fits(page, "calendar-feed-created")
    resp = page.request.get(url)
    assert resp.status == 200
    cal = icalendar.Calendar.from_ical(resp.body())
    assert len(list(cal.walk("VEVENT"))) > 5

    page.click("table.list button[type=submit]")
    page.click("#confirm-dialog-ok")  # revoking cannot be undone: the page asks first
    page.wait_for_selector("table.list td >> text=dicabut")
    assert page.request.get(url).status == 404

    page.select_option("#lang-select", "en")
    page.click("form.lang button[type=submit]")
    page.wait_for_selector("html[lang=en]")
    page.goto(f"{base}/penilaian/{unit1.pk}/kalender/")
    page.wait_for_selector("text=ZI calendar")
    shot(page, "calendar-en")
    assert_fits(page, "calendar-en")
