"""`make bench` / `make bench-scale`: seed a synthetic institution in PostgreSQL and measure it.

Every figure is printed beside its budget (DESIGN.md section 10 and issue 15), then the issue's
summary table: the trivial signed-in page's p95 as the baseline of the same run, the overview,
dashboard, assessment and question pages as multiples of it, scoring every assessment, the
seeding time, and the locust run (users, requests per second, p95, errors). Results go to
bench/results.json (bench/results-<units>.json for other sizes) and to docs/benchmarks.md, with
the machine, the date and the command. A figure whose endpoint or service does not exist yet is
reported as "not available" with the reason, never silently left out.

The parts: bench/common.py (configuration, figures, page timing), bench/seed.py and
bench/pgcopy.py (the data set), bench/pages.py, bench/scores.py, bench/workers.py (PDF in a
Celery worker, upload memory), bench/loadtest.py with bench/locustfile.py, bench/report.py.
Environment variables: see bench/common.py.
"""

from __future__ import annotations

import os
import shutil
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.common import DB, ENV, FIGURES, N_UNITS, PG, ROOT, VAR, say


def fresh_database() -> None:
    import psycopg2

    conn = psycopg2.connect(f"{PG}/postgres")
    conn.autocommit = True
    try:
        with conn.cursor() as cur:
            cur.execute(f'DROP DATABASE IF EXISTS "{DB}" WITH (FORCE)')
            cur.execute(f'CREATE DATABASE "{DB}"')
    finally:
        conn.close()


def django_setup() -> None:
    os.environ.update(ENV)
    os.environ["DJANGO_SETTINGS_MODULE"] = "zi_portal.settings"
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def main() -> int:
    started = time.monotonic()
    seconds: dict[str, float] = {}
    if VAR.exists():
        shutil.rmtree(VAR)
    VAR.mkdir(parents=True)
    say(f"Fresh database {DB} and {VAR}")
    fresh_database()
    django_setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    from bench.loadtest import measure_locust
    from bench.pages import measure_answer_save, measure_pages
    from bench.report import machine, print_summary, write_results
    from bench.scores import measure_scoring
    from bench.seed import PHASES, seed
    from bench.workers import measure_pdf, measure_upload

    say(f"Seeding {N_UNITS:,} units, complete assessments, 3 documents per question")
    t0 = time.monotonic()
    s = seed(n_units=N_UNITS)
    seconds["seed"] = round(time.monotonic() - t0, 1)
    print("  " + ", ".join(f"{k}: {v:,}" for k, v in s.counts.items())
          + f" in {seconds['seed']} s (" + ", ".join(f"{k} {v} s" for k, v in PHASES.items())
          + f"; summaries by {s.summaries})")
    from django.db import connection

    with connection.cursor() as cur:
        cur.execute("ANALYZE")
    for name, step in (("pages", lambda: measure_pages(s)),
                       ("answer_save", lambda: measure_answer_save(s)),
                       ("scoring", lambda: measure_scoring(s)),
                       ("pdf", lambda: measure_pdf(s)),
                       ("locust", lambda: measure_locust(s)),
                       ("upload", measure_upload)):
        t0 = time.monotonic()
        step()
        seconds[name] = round(time.monotonic() - t0, 1)
    info = machine()
    command = os.environ.get("ZI_BENCH_COMMAND", f"ZI_BENCH_UNITS={N_UNITS} python bench/run.py")
    write_results(s.counts, seconds, dict(PHASES), info, command, s.summaries)
    connection.close()
    total = time.monotonic() - started
    over = [f for f in FIGURES if f.ok is False]
    unavailable = [f for f in FIGURES if f.value is None]
    say(f"Done in {total:.0f} s: {len(FIGURES)} figures, {len(over)} over budget, "
        f"{len(unavailable)} not available. Machine: {info}.")
    print_summary(seconds["seed"])
    for f in over:
        print(f"  OVER BUDGET: {f.label}: {f.value:,.2f} {f.unit} (budget {f.budget})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
