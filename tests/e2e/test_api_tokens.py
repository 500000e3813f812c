"""The API in a browser: a token made on the profile page (shown once, fits a phone) opens the
API from a program; the Swagger UI page renders under the strict CSP from vendored files."""

from __future__ import annotations

import json
import urllib.request
from typing import Any

import pytest

from tests.e2e.conftest import login
from tests.e2e.test_phone import PHONE, assert_fits

pytestmark = pytest.mark.e2e


def test_token_made_on_the_page_opens_the_api(
    page: Any, live_server: Any, demo: Any, shot: Any
) -> None:
    page.set_viewport_size(PHONE)
    login(page, live_server.url, "timkerja1")
    page.click(".who a[href='/profil/']")
    page.click("#profile-links >> text=Token API")
    page.fill("#id_name", "Dasbor uji")
    page.click("button:has-text('Buat token')")
    secret = page.locator("[data-token-secret]").inner_text().strip()
    shot(page, "token-created")
    assert_fits(page, "token page")
    assert secret.startswith("zi_")
    page.reload()
    assert secret not in page.content()
    url = f"{live_server.url}/api/v1/assessments/"
    request = urllib.request.Request(url, headers={"Authorization": f"Bearer {secret}"})  # noqa: S310
    with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310 - live_server
        data = json.load(response)
    assert data["count"] >= 1
    assert all(a["unit"]["code"] for a in data["results"])


def test_swagger_ui_renders_without_csp_violations(
    page: Any, live_server: Any, demo: Any, shot: Any
) -> None:
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("requestfailed", lambda r: problems.append(f"failed: {r.url}"))
    page.goto(f"{live_server.url}/api/v1/docs/")
    page.wait_for_selector(".swagger-ui .info .title", timeout=20000)
    assert "ZI Portal API" in page.inner_text(".swagger-ui .info .title")
    assert page.locator(".opblock").count() >= 10
    shot(page, "swagger-ui")
    csp = [p for p in problems if "Content Security Policy" in p or "failed:" in p]
    assert not csp, csp
