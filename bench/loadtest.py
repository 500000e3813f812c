"""Locust against gunicorn started exactly as the Procfile's `web` line says (only the port
differs): ZI_BENCH_USERS (default 100) simulated tim kerja members, spawn rate 10/s, 60 s."""

from __future__ import annotations

import csv
import json
import os
import shlex
import subprocess
import urllib.request
from typing import Any

from bench.common import (
    BIN,
    BROKER,
    QUEUE,
    ROOT,
    SKIP,
    USERS,
    VAR,
    Figure,
    client_for,
    free_port,
    missing,
    record,
    say,
    start,
    stop,
    wait_until,
)

SECONDS = 60


def procfile_web(port: int) -> list[str]:
    """The Procfile's web command with its --bind moved to this port."""
    line = next(x for x in (ROOT / "Procfile").read_text().splitlines() if x.startswith("web:"))
    args = shlex.split(line.split(":", 1)[1])
    at = args.index("--bind")
    args[at + 1] = f"127.0.0.1:{port}"
    args[0] = str(BIN / args[0])
    return args


def _accounts(s: Any) -> list[dict[str, Any]]:
    from django.conf import settings
    from django.contrib.auth import get_user_model

    from areas.models import Question

    choice_questions = [
        (q.code, [o.label for o in q.options.all()])
        for q in Question.objects.filter(framework=s.framework, code__startswith="A.")
        .exclude(answer_type__in=["persen", "nilai_0_4"]).prefetch_related("options")
    ]
    try:
        from django import forms

        from evidence.forms import UploadForm

        file_field = next(n for n, f in UploadForm.base_fields.items()
                          if isinstance(f, forms.FileField))
    except (ImportError, StopIteration):
        file_field = "files"
    # Logged in up front (a real session row each): a hundred PBKDF2 logins at once would measure
    # the password hasher, not the portal. One login is timed separately (bench/pages.py).
    users = {u.username: u for u in get_user_model().objects.filter(
        username__in=[u for u, _pk in s.members])}
    out = []
    for u, pk in s.members:
        c = client_for(users[u])
        out.append({"username": u, "assessment": pk, "choice_questions": choice_questions,
                    "file_field": file_field, "session_cookie": settings.SESSION_COOKIE_NAME,
                    "session": c.cookies[settings.SESSION_COOKIE_NAME].value})
    return out


def measure_locust(s: Any) -> None:
    port = free_port()
    command = procfile_web(port)
    say(f"Locust: {USERS} users, spawn rate 10, {SECONDS} s, against gunicorn as in the Procfile: "
        + " ".join(command[1:]))
    if "locust" in SKIP:
        missing("locust_p95", "Locust p95", "< 300 ms", "skipped (ZI_BENCH_SKIP)")
        return
    accounts_file = VAR / "accounts.json"
    accounts_file.write_text(json.dumps(_accounts(s)))
    gunicorn = start(command, VAR / "gunicorn.log")
    try:
        def up() -> bool:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/sehat/", timeout=2) as r:
                    return bool(r.status == 200)
            except OSError:
                return False

        if not wait_until(up, 60):
            missing("locust_p95", "Locust p95", "< 300 ms", "gunicorn did not start")
            return
        out = VAR / "locust"
        env = {**os.environ, "BENCH_ACCOUNTS": str(accounts_file)}
        done = subprocess.run(
            [str(BIN / "locust"), "-f", str(ROOT / "bench" / "locustfile.py"), "--headless",
             "-u", str(USERS), "-r", "10", "-t", f"{SECONDS}s", "--host",
             f"http://127.0.0.1:{port}", "--csv", str(out), "--only-summary",
             "--stop-timeout", "10"],
            cwd=ROOT, env=env, capture_output=True, text=True, timeout=300, check=False,
        )
        (VAR / "locust.log").write_text(done.stdout + done.stderr)
        _report(out)
    finally:
        stop(gunicorn)
        try:
            import redis

            r = redis.Redis.from_url(BROKER)
            # The report requests nobody consumed, and kombu's bindings of this run's queue.
            r.delete(QUEUE, *r.keys(f"_kombu.binding*.{QUEUE}"))
        except Exception as exc:
            print(f"could not purge queue {QUEUE}: {exc}")


def _report(out: Any) -> None:
    stats = out.parent / f"{out.name}_stats.csv"
    if not stats.exists():
        missing("locust_p95", "Locust p95", "< 300 ms", "locust wrote no statistics")
        return
    rows = list(csv.DictReader(stats.open()))
    agg = next(r for r in rows if r["Name"] == "Aggregated")
    total, failures = int(agg["Request Count"]), int(agg["Failure Count"])
    p95, rps = float(agg["95%"]), float(agg["Requests/s"])
    worst = sorted(
        ((r["Name"], float(r["95%"]), int(r["Failure Count"])) for r in rows
         if r["Name"] != "Aggregated"), key=lambda x: -x[1])
    record(Figure("locust_users", "Locust: simultaneous users", USERS, "", ">= 100",
                  USERS >= 100, "1 to 5 s think time each"))
    record(Figure("locust_rps", "Locust: requests per second", rps, "", "-", None,
                  f"{total:,} requests"))
    record(Figure("locust_errors", "Locust: errors", failures, "", "0", failures == 0))
    record(Figure("locust_p95", "Locust: p95 over all requests", p95, "ms", "< 300 ms",
                  p95 < 300, "slowest p95: " + "; ".join(f"{n} {v:.0f} ms"
                                                           for n, v, _f in worst[:3])))
    for name, v, f in worst:
        print(f"      {name:<58} p95 {v:>7.0f} ms  failures {f}")
    failures_csv = out.parent / f"{out.name}_failures.csv"
    if failures and failures_csv.exists():
        print(failures_csv.read_text()[:2000])
