"""PostgreSQL restarted under a running gunicorn: the next request succeeds.

gunicorn keeps persistent connections (DJANGO_CONN_MAX_AGE=60), which a restart kills; with
CONN_HEALTH_CHECKS on, Django notices the dead connection before using it and reconnects.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from django.db import connection
from django.urls import reverse

from tests.conftest import World
from tests.production.conftest import Browser, base_env, session_for, start_gunicorn, wait_for

pytestmark = [pytest.mark.production, pytest.mark.django_db(transaction=True)]


def pg_ready() -> bool:
    return subprocess.run(
        ["pg_isready", "-h", "127.0.0.1", "-p", "5432", "-q"], check=False
    ).returncode == 0


def test_postgresql_restart_while_the_app_runs(world: World, procs: Any) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("DATABASE_URL is not PostgreSQL")
    if os.geteuid() != 0 or shutil.which("pg_ctlcluster") is None:
        pytest.skip("restarting PostgreSQL needs root and pg_ctlcluster")
    versions = sorted(p.name for p in Path("/etc/postgresql").iterdir()) or ["15"]
    base = start_gunicorn(procs, env=base_env(DJANGO_CONN_MAX_AGE="60"))
    browser = Browser(base, session_for(world.users["tim_kerja"]))
    page = reverse("scoring:assessment", kwargs={"pk": world.own.pk})
    assert browser.request("GET", page)[0] == 200  # opens the persistent connection

    subprocess.run(
        ["pg_ctlcluster", "--skip-systemctl-redirect", versions[-1], "main", "restart"],
        check=True, capture_output=True, timeout=120,
    )
    wait_for(pg_ready, timeout=60, what="PostgreSQL to come back", step=0.5)
    connection.close()  # this process's own connection died too

    status, body = browser.request("GET", page)
    assert status == 200, body[:1000]
    assert world.own.unit.name in body
    assert browser.request("GET", reverse("home"))[0] == 200
