"""Production settings, end to end: check --deploy, collectstatic, gunicorn with DEBUG off.

The portal runs here as it would behind the reverse proxy (DJANGO_BEHIND_PROXY=true, the proxy
sets X-Forwarded-Proto/For), serving static files through whitenoise from the hashed manifest.
"""

from __future__ import annotations

import secrets
import subprocess
import sys
import urllib.request
from pathlib import Path
from typing import Any

import pytest

from tests.production.conftest import ROOT, _NoRedirect, base_env, start_gunicorn

pytestmark = [pytest.mark.production, pytest.mark.django_db(transaction=True)]

HOST = "zi.example.go.id"


def prod_env(tmp_path: Path) -> dict[str, str]:
    return base_env(
        DJANGO_DEBUG="false",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
        DJANGO_ALLOWED_HOSTS=f"{HOST},127.0.0.1",
        DJANGO_BEHIND_PROXY="true",
        DJANGO_CSRF_TRUSTED_ORIGINS=f"https://{HOST}",
        ZI_VAR_DIR=str(tmp_path / "var"),
    )


def manage(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True,
        text=True, timeout=300, check=False,
    )


def test_check_deploy_is_clean_and_debug_off_refuses_to_start_without_secrets(
    tmp_path: Path,
) -> None:
    env = prod_env(tmp_path)
    done = manage(env, "check", "--deploy", "--fail-level", "WARNING")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "System check identified no issues" in done.stdout
    for missing in ("DJANGO_SECRET_KEY", "DJANGO_ALLOWED_HOSTS"):
        bare = {k: v for k, v in env.items() if k != missing}
        refused = manage(bare, "check")
        assert refused.returncode != 0
        assert f"DJANGO_DEBUG=false needs {missing}" in refused.stderr


def fetch(url: str, headers: dict[str, str]) -> Any:
    opener = urllib.request.build_opener(_NoRedirect())
    req = urllib.request.Request(url, headers=headers)  # noqa: S310 - loopback
    try:
        return opener.open(req, timeout=30)
    except urllib.error.HTTPError as e:
        return e


def test_gunicorn_with_production_settings_serves_hardened_pages_and_static(
    tmp_path: Path, procs: Any
) -> None:
    env = prod_env(tmp_path)
    done = manage(env, "collectstatic", "--noinput", "-v0")
    assert done.returncode == 0, done.stderr
    manifest = tmp_path / "var" / "staticfiles" / "staticfiles.json"
    assert manifest.exists()
    base = start_gunicorn(procs, env=env, workers=2)
    proxy = {"Host": HOST, "X-Forwarded-Proto": "https", "X-Forwarded-For": "203.0.113.9"}

    # Plain http through the proxy is sent to https.
    plain = fetch(base + "/masuk/", {"Host": HOST, "X-Forwarded-For": "203.0.113.9"})
    assert plain.status == 301 and plain.headers["Location"].startswith(f"https://{HOST}/")

    login = fetch(base + "/masuk/", proxy)
    assert login.status == 200
    h = login.headers
    assert "max-age=31536000" in h["Strict-Transport-Security"]
    assert "includeSubDomains" in h["Strict-Transport-Security"]
    assert h["X-Frame-Options"] == "DENY"
    assert h["Referrer-Policy"] == "same-origin"
    assert h["X-Content-Type-Options"] == "nosniff"
    csp = h["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "frame-ancestors 'none'" in csp
    cookies = h.get_all("Set-Cookie") or []
    assert cookies and all("Secure" in c and c.startswith("__Secure-") for c in cookies)
    html = login.read().decode()

    # Static files come from whitenoise under their hashed names, cached for a long time.
    import re

    css = re.search(r'href="(/static/css/portal\.[0-9a-f]{12}\.css)"', html)
    assert css, "the page does not link the hashed stylesheet"
    static = fetch(base + css.group(1), proxy)
    assert static.status == 200
    assert "max-age=315360000" in static.headers["Cache-Control"]

    # A host that is not allowed gets nothing.
    assert fetch(base + "/masuk/", {**proxy, "Host": "penyerang.example"}).status == 400
