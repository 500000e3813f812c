"""Browser tests: Playwright driving Debian's Chromium (/usr/bin/chromium) against live_server.

Never `playwright install`: the machine has no route to download browsers. Screenshots of each
step go to test-output/screenshots/ so a person can look at them.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

# Playwright's sync API runs an event loop in this thread; Django's ORM must be allowed here.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

SHOTS = Path(__file__).resolve().parents[2] / "test-output" / "screenshots"
CHROMIUM = os.environ.get("ZI_CHROMIUM", "/usr/bin/chromium")


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, Any]) -> dict[str, Any]:
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ],
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args: dict[str, Any]) -> dict[str, Any]:
    return {
        **browser_context_args,
        "locale": "id-ID",
        "timezone_id": "Asia/Jakarta",
        "viewport": {"width": 1280, "height": 900},
        "accept_downloads": True,
    }


@pytest.fixture
def shot(request: pytest.FixtureRequest) -> Any:
    """shot(page, "step-name") saves a full-page screenshot named after the test and step."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    counter = {"n": 0}

    def take(page: Any, name: str) -> Path:
        counter["n"] += 1
        path = SHOTS / f"{request.node.name}-{counter['n']:02d}-{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return take


@pytest.fixture
def demo(transactional_db: None, settings: Any) -> Any:
    """The demo instansi, units and persona accounts, as `make run` creates them."""
    settings.AXES_ENABLED = False
    from scoring.demo.seed import demo_seed

    return demo_seed()


def login(page: Any, base_url: str, username: str) -> None:
    from scoring.demo.seed import DEMO_PASSWORD

    page.goto(f"{base_url}/masuk/")
    page.fill("#id_username", username)
    page.fill("#id_password", DEMO_PASSWORD)
    page.click("#login-submit")
