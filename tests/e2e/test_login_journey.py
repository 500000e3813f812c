"""Each demo account logs in through the browser and sees exactly its own assessments."""

from __future__ import annotations

from typing import Any

import pytest

from tests.e2e.conftest import login

pytestmark = pytest.mark.e2e

ALL = ["Balai Diklat Keuangan", "Kantor Wilayah Timur", "Unit Layanan Terpadu"]
EXPECTED = {
    "timkerja1": ["Unit Layanan Terpadu"],
    "pimpinan1": ["Unit Layanan Terpadu"],
    "timkerja2": ["Kantor Wilayah Timur"],
    "koordinator2": ["Kantor Wilayah Timur"],
    "pimpinan2": ["Kantor Wilayah Timur"],
    "timkerja3": ["Balai Diklat Keuangan"],
    "pimpinan3": ["Balai Diklat Keuangan"],
    "tpi": ALL,
    "pimpinaninstansi": ALL,
    "admin": ALL,
    "outsider": [],
}


def test_each_demo_account_sees_its_assessments(
    page: Any, live_server: Any, demo: Any, shot: Any
) -> None:
    page.goto(live_server.url + "/")
    assert page.locator("h1").inner_text() == "Masuk ke ZI Portal"
    shot(page, "login")
    page.fill("#id_username", "timkerja1")
    page.fill("#id_password", "salah-sekali")
    page.click("#login-submit")
    assert "Nama pengguna atau kata sandi salah" in page.locator(".error").inner_text()
    shot(page, "wrong-password")
    for username, units in EXPECTED.items():
        page.context.clear_cookies()
        login(page, live_server.url, username)
        page.wait_for_selector("text=Penilaian Zona Integritas")
        rows = page.locator("table.list tbody tr td:first-child").all_inner_texts()
        assert sorted(rows) == units, username
        if not units:
            assert "Belum ada penilaian" in page.content()
        shot(page, f"home-{username}")
