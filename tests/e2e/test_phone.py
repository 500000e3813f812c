"""Phones: every main page is usable at 390x844 without sideways scrolling of the page.

Wide tables scroll inside their own box (.table-wrap) and the header wraps; the page itself must
never be wider than the screen. Full-page screenshots of each page go to test-output/screenshots/.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.e2e.conftest import login

pytestmark = pytest.mark.e2e

PHONE = {"width": 390, "height": 844}
QUESTION = "A.I.1.i.a"

# The elements that stick out past the right edge of the screen, for a readable failure message.
OVERFLOWING = """() => {
  const w = document.documentElement.clientWidth;
  const clips = (el) =>
    ['auto', 'scroll', 'hidden', 'clip'].includes(getComputedStyle(el).overflowX);
  const out = [];
  for (const el of document.querySelectorAll('body *')) {
    const pos = getComputedStyle(el).position;
    if (pos === 'fixed') continue;
    // A scroll box clips its in-flow descendants; an absolute one only from its containing block.
    let p = pos === 'absolute' ? el.offsetParent : el.parentElement, clipped = false;
    while (p && p !== document.body && p !== document.documentElement) {
      if (clips(p)) { clipped = true; break; }
      p = p.parentElement;
    }
    if (clipped) continue;
    const r = el.getBoundingClientRect();
    if (r.right > w + 0.5) out.push(el.tagName.toLowerCase() + (el.id ? '#' + el.id : '')
      + (typeof el.className === 'string' && el.className.trim()
        ? '.' + el.className.trim().replace(/\\s+/g, '.') : '')
      + ' right=' + Math.round(r.right));
  }
  return out.slice(0, 15);
}"""


def assert_fits(page: Any, name: str) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], (name, width, page.evaluate(OVERFLOWING))


def reachable(button: Any) -> None:
    """The button lies wholly on the screen and is tall enough to hit with a thumb."""
    box = button.bounding_box()
    assert box is not None
    assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"], box
    assert box["height"] >= 36, box


@pytest.fixture
def phone(page: Any) -> Any:
    page.set_viewport_size(PHONE)
    return page


def visit(page: Any, url: str, name: str, shot: Any) -> None:
    page.goto(url)
    page.wait_for_load_state("networkidle")
    shot(page, name)
    assert_fits(page, name)


def test_unit_pages_fit_a_phone(phone: Any, live_server: Any, demo: Any, shot: Any) -> None:
    base = live_server.url
    pk = demo[1].pk  # Kantor Wilayah Timur: a draft that timkerja2 is filling in
    login(phone, base, "timkerja2")
    phone.wait_for_selector("text=Penilaian Zona Integritas")
    shot(phone, "home")
    assert_fits(phone, "home")
    visit(phone, f"{base}/penilaian/{pk}/", "assessment", shot)
    visit(phone, f"{base}/penilaian/{pk}/pertanyaan/{QUESTION}/", "question", shot)
    # The answer form's save button and the evidence panel are on the page and reachable.
    save = phone.locator("form.answer-form button[type=submit]").first
    save.scroll_into_view_if_needed()
    reachable(save)
    upload = phone.locator("form.evidence-upload button[type=submit]")
    upload.scroll_into_view_if_needed()
    reachable(upload)
    visit(phone, f"{base}/penilaian/{pk}/dasbor/", "dashboard", shot)
    visit(phone, f"{base}/profil/", "profile", shot)


def test_instansi_pages_fit_a_phone(phone: Any, live_server: Any, demo: Any, shot: Any) -> None:
    base = live_server.url
    login(phone, base, "pimpinaninstansi")
    phone.wait_for_selector("text=Penilaian Zona Integritas")
    shot(phone, "home")
    assert_fits(phone, "home")
    visit(phone, f"{base}/instansi/", "overview", shot)
    visit(phone, f"{base}/penilaian/{demo[0].pk}/dasbor/", "dashboard", shot)


def test_english_fits_a_phone(phone: Any, live_server: Any, demo: Any, shot: Any) -> None:
    base = live_server.url
    pk = demo[0].pk
    login(phone, base, "tpi")
    phone.wait_for_selector("text=Penilaian Zona Integritas")
    phone.goto(f"{base}/penilaian/{pk}/")
    phone.select_option("#lang-select", "en")
    phone.click("form.lang button[type=submit]")
    phone.wait_for_selector("html[lang=en]")
    phone.wait_for_load_state("networkidle")
    shot(phone, "assessment-en")
    assert_fits(phone, "assessment-en")
    visit(phone, f"{base}/penilaian/{pk}/pertanyaan/{QUESTION}/", "question-en", shot)
    visit(phone, f"{base}/penilaian/{pk}/dasbor/", "dashboard-en", shot)


def test_desktop_keeps_its_tables(page: Any, live_server: Any, demo: Any, shot: Any) -> None:
    """At 1366 px the question list is still a table with a header row (cards are phone-only)."""
    base = live_server.url
    page.set_viewport_size({"width": 1366, "height": 900})
    login(page, base, "timkerja2")
    page.wait_for_selector("text=Penilaian Zona Integritas")
    page.goto(f"{base}/penilaian/{demo[1].pk}/")
    header = page.locator("table.questions-table thead th").first
    assert header.is_visible() and header.bounding_box()["width"] > 20
    display = page.evaluate(
        "getComputedStyle(document.querySelector('table.questions-table tr')).display"
    )
    assert display == "table-row"
    shot(page, "assessment-desktop")
