"""What every part of `make bench` shares: the configuration, a measured figure, page timing.

Environment: ZI_BENCH_DB (database name, default zi_bench, dropped and created fresh),
ZI_BENCH_UNITS (default 500; `make bench-scale` runs 5,000), ZI_BENCH_VAR (media/static/work dir,
default /tmp/zi-bench), ZI_BENCH_SKIP (comma list of: upload, pdf, locust),
ZI_BENCH_USERS (locust users, default 100).
"""

from __future__ import annotations

import os
import secrets
import signal
import socket
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
DB = os.environ.get("ZI_BENCH_DB", "zi_bench")
N_UNITS = int(os.environ.get("ZI_BENCH_UNITS", "500"))
USERS = int(os.environ.get("ZI_BENCH_USERS", "100"))
VAR = Path(os.environ.get("ZI_BENCH_VAR", "/tmp/zi-bench"))
SKIP = set(filter(None, os.environ.get("ZI_BENCH_SKIP", "").split(",")))
QUEUE = f"zi-bench-{os.getpid()}"
BROKER = "redis://127.0.0.1:6379/0"
PG = "postgres://postgres@127.0.0.1:5432"
REQUESTS = 30

ENV = {
    "DATABASE_URL": f"{PG}/{DB}",
    "ZI_VAR_DIR": str(VAR),
    "STORAGE_BACKEND": "local",
    "CELERY_BROKER_URL": BROKER,
    "CELERY_TASK_DEFAULT_QUEUE": QUEUE,
    # Production settings, minus TLS (everything is plain http on loopback here).
    "DJANGO_DEBUG": "false",
    "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
    "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
    "DJANGO_SECURE_SSL_REDIRECT": "false",
    "DJANGO_SECURE_COOKIES": "false",
    "DJANGO_CONN_MAX_AGE": "60",
}


@dataclass
class Figure:
    key: str
    label: str
    value: float | None
    unit: str
    budget: str
    ok: bool | None
    note: str = ""

    def shown(self) -> str:
        assert self.value is not None
        places = 0 if not self.unit and float(self.value).is_integer() else 2
        return f"{self.value:,.{places}f} {self.unit}".strip()

    def line(self) -> str:
        if self.value is None:
            return f"  {self.label:<58} not available: {self.note}"
        mark = {True: "OK  ", False: "OVER", None: "info"}[self.ok]
        shown = self.shown()
        note = f"  ({self.note})" if self.note else ""
        return f"  [{mark}] {self.label:<52} {shown:>14}   budget: {self.budget}{note}"


FIGURES: list[Figure] = []


def record(fig: Figure) -> Figure:
    FIGURES.append(fig)
    print(fig.line(), flush=True)
    return fig


def figure(key: str) -> Figure | None:
    return next((f for f in FIGURES if f.key == key), None)


def missing(key: str, label: str, budget: str, why: str) -> None:
    record(Figure(key, label, None, "", budget, None, why))


def say(msg: str) -> None:
    print(f"\n== {msg}", flush=True)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    idx = min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))
    return ordered[idx]


def url_or_none(name: str, **kwargs: Any) -> str | None:
    from django.urls import NoReverseMatch, reverse

    try:
        return reverse(name, kwargs=kwargs or None)
    except NoReverseMatch:
        return None


def client_for(user: Any) -> Any:
    from django.test import Client

    c = Client()
    c.force_login(user)
    return c


SAMPLES: dict[str, int] = {}


def time_page(client: Any, url: str, n: int = REQUESTS) -> tuple[float, float, int]:
    """(p50 ms, p95 ms, queries of one request) for GET url.

    A page slower than a second gets fewer samples (at least 5), so one slow page cannot take the
    whole bench past its ten minutes; SAMPLES records how many were taken.
    """
    from django.db import connection

    warm = []
    for _ in range(3):
        t0 = time.perf_counter()
        resp = client.get(url)
        warm.append(time.perf_counter() - t0)
        if resp.status_code != 200:
            raise RuntimeError(f"GET {url} -> {resp.status_code}")
    if min(warm) > 1:
        n = max(5, min(n, int(30 / min(warm))))
    SAMPLES[url] = n
    executed: list[str] = []

    def count(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        executed.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        client.get(url)
    times = []
    for _ in range(n):
        t0 = time.perf_counter()
        client.get(url)
        times.append((time.perf_counter() - t0) * 1000)
    return statistics.median(times), pct(times, 0.95), len(executed)


def start(cmd: list[str], log: Path, env: dict[str, str] | None = None) -> subprocess.Popen[bytes]:
    fh = log.open("wb")
    return subprocess.Popen(cmd, cwd=ROOT, env=env or dict(os.environ), stdout=fh,
                            stderr=subprocess.STDOUT, start_new_session=True)


def stop(p: subprocess.Popen[bytes]) -> None:
    if p.poll() is None:
        os.killpg(p.pid, signal.SIGTERM)
        try:
            p.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(p.pid, signal.SIGKILL)
            p.wait()


def wait_until(check: Callable[[], bool], timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return True
        time.sleep(0.2)
    return False
