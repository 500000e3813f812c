"""`make bench`: seed a synthetic institution in PostgreSQL and measure it against DESIGN.md §10.

Every figure is printed beside its budget, written to bench/results.json and to the table in
docs/benchmarks.md. A figure whose endpoint or service does not exist yet is reported as "not
available" with the reason, never silently left out. Everything runs on 127.0.0.1 and the loads
are bounded (30 requests per page, one 60-second locust run with 50 users).

Environment: ZI_BENCH_DB (database name, default zi_bench, dropped and created fresh),
ZI_BENCH_UNITS (default 500), ZI_BENCH_VAR (media/static/work dir, default /tmp/zi-bench),
ZI_BENCH_SKIP (comma list of: upload, pdf, locust).
"""

from __future__ import annotations

import json
import os
import re
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
DB = os.environ.get("ZI_BENCH_DB", "zi_bench")
N_UNITS = int(os.environ.get("ZI_BENCH_UNITS", "500"))
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


# --- setup ---------------------------------------------------------------------------------------


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
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


# --- measurements --------------------------------------------------------------------------------


def url_or_none(name: str, **kwargs: Any) -> str | None:
    from django.urls import NoReverseMatch, reverse

    try:
        return reverse(name, kwargs=kwargs or None)
    except NoReverseMatch:
        return None


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


def client_for(user: Any) -> Any:
    from django.test import Client

    c = Client()
    c.force_login(user)
    return c


def measure_pages(s: Any) -> None:
    from django.contrib.auth import get_user_model

    User = get_user_model()
    say("Page server time (Django test client, PostgreSQL, DEBUG off)")
    member = User.objects.get(username="bench-tim001")
    a_pk = s.members[0][1]
    member_client = client_for(member)
    empty_client = client_for(User.objects.get(username="kecil-kosong"))

    home = url_or_none("home")
    assert home
    t50, t95, tq = time_page(member_client, home)
    record(Figure("trivial_p50", "Trivial authenticated page (home), p50", t50, "ms", "baseline",
                  None))
    record(Figure("trivial_p95", "Trivial authenticated page (home), p95", t95, "ms", "baseline",
                  None, f"{tq} queries"))
    limit = 3 * t95

    from django.test import Client

    from bench.seed import PASSWORD

    logins = []
    for _ in range(5):
        t0 = time.perf_counter()
        resp = Client().post(str(url_or_none("login")),
                             {"username": "bench-tim002", "password": PASSWORD})
        logins.append((time.perf_counter() - t0) * 1000)
        assert resp.status_code == 302, resp.status_code
    record(Figure("login_p50", "Login (password check, PBKDF2), p50", statistics.median(logins),
                  "ms", "-", None, "deliberately slow; not in the locust run"))

    overview = url_or_none("reports:overview")
    if overview is None:
        missing("overview", "Institution overview", "p95 <= 3x trivial", "no reports:overview URL")
    else:
        o50, o95, oq = time_page(client_for(s.leader), overview)
        _x, _y, small_q = time_page(client_for(s.small_leader), overview, n=3)
        record(Figure("overview_p50", f"Institution overview ({N_UNITS} units), p50", o50, "ms",
                      "-", None))
        record(Figure("overview_p95", f"Institution overview ({N_UNITS} units), p95", o95, "ms",
                      f"<= {limit:.1f} ms (3x trivial p95)", o95 <= limit,
                      f"{SAMPLES[overview]} requests"))
        record(Figure("overview_queries", "Institution overview, SQL queries", oq, "",
                      f"same as 5-unit institution ({small_q})", oq == small_q))

    dash = url_or_none("reports:dashboard", pk=a_pk)
    if dash is None:
        missing("dashboard", "Unit dashboard", "p95 <= 3x trivial", "no reports:dashboard URL")
    else:
        d50, d95, dq = time_page(member_client, dash)
        empty_dash = url_or_none("reports:dashboard", pk=s.empty.pk)
        _x, _y, eq = time_page(empty_client, str(empty_dash), n=3)
        record(Figure("dashboard_p50", "Unit dashboard, p50", d50, "ms", "-", None))
        record(Figure("dashboard_p95", "Unit dashboard, p95", d95, "ms",
                      f"<= {limit:.1f} ms (3x trivial p95)", d95 <= limit))
        record(Figure("dashboard_queries", "Unit dashboard, SQL queries", dq, "",
                      f"same as an empty unit ({eq})", dq == eq))

    page = url_or_none("scoring:assessment", pk=a_pk)
    if page is None:
        missing("assessment", "Assessment page", "fixed queries", "no scoring:assessment URL")
    else:
        p50, p95, pq = time_page(member_client, page)
        _x, _y, eq = time_page(empty_client, str(url_or_none("scoring:assessment",
                                                             pk=s.empty.pk)), n=3)
        record(Figure("assessment_p50", "Assessment page (113 questions, 339 docs), p50", p50,
                      "ms", "-", None))
        record(Figure("assessment_p95", "Assessment page, p95", p95, "ms", "-", None))
        record(Figure("assessment_queries", "Assessment page, SQL queries", pq, "",
                      f"same as an empty unit ({eq}): no N+1", pq == eq))


SAVES = 50


def measure_answer_save(s: Any) -> None:
    """One answer saved in place with htmx (the view answers the answer block only): server time of
    SAVES saves by a tim kerja of a complete 113-question assessment, alternating two choices."""
    from django.contrib.auth import get_user_model
    from django.db import connection

    from areas.models import Question
    from scoring.models import Answer

    username, a_pk = s.members[0]
    client = client_for(get_user_model().objects.get(username=username))
    answer = Answer.objects.select_related("question").get(
        assessment_id=a_pk, side="unit", question__code="A.I.1.i.a")
    question: Question = answer.question
    labels = [o.label for o in question.options.all()][:2]
    url = url_or_none("scoring:answer_save", pk=a_pk, code=question.code, side="unit")
    if url is None:
        missing("answer_save", "Answer save", "< 150 ms", "no scoring:answer_save URL")
        return
    version = answer.version
    hx = {"HTTP_HX_REQUEST": "true", "HTTP_HX_TARGET": "side-unit"}

    def post() -> float:
        nonlocal version
        data = {"unit-choice": labels[version % 2], "unit-version": str(version)}
        t0 = time.perf_counter()
        resp = client.post(url, data, **hx)
        took = (time.perf_counter() - t0) * 1000
        if resp.status_code != 200:
            raise RuntimeError(f"POST {url} -> {resp.status_code}")
        version += 1
        return took

    for _ in range(3):
        post()
    executed: list[str] = []

    def count(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        executed.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        post()
    times = [post() for _ in range(SAVES)]
    record(Figure("answer_save_p50", "Answer save in place (htmx partial), p50",
                  statistics.median(times), "ms", "-", None))
    p95 = pct(times, 0.95)
    record(Figure("answer_save_p95", "Answer save in place (htmx partial), p95", p95, "ms",
                  "< 150 ms", p95 < 150, f"{SAVES} saves, {len(executed)} queries each"))


def measure_scoring(s: Any) -> None:
    from scoring.engine import score
    from scoring.selectors.scores import answer_sets_for, scores_for_assessments, spec_for
    from zi_portal.models import Assessment

    say("Scoring")
    a = Assessment.objects.select_related("unit", "framework").get(pk=s.members[0][1])
    spec = spec_for(a)
    answers = answer_sets_for(assessment=a)["unit"]
    result = score(spec, answers)
    assert result.answered == 113, result.answered
    runs = []
    for _ in range(200):
        t0 = time.perf_counter()
        score(spec, answers)
        runs.append((time.perf_counter() - t0) * 1000)
    record(Figure("score_one", "Scoring one assessment (engine), median", statistics.median(runs),
                  "ms", "< 5 ms", statistics.median(runs) < 5))
    runs = []
    for _ in range(30):
        t0 = time.perf_counter()
        scores_for_assessments([a])
        runs.append((time.perf_counter() - t0) * 1000)
    record(Figure("score_one_db", "Scoring one assessment incl. its answers query, median",
                  statistics.median(runs), "ms", "-", None))
    qs = list(Assessment.objects.filter(unit__parent=s.instansi).select_related("unit"))
    assert len(qs) == N_UNITS
    runs = []
    for _ in range(3):
        t0 = time.perf_counter()
        out = scores_for_assessments(qs)
        runs.append(time.perf_counter() - t0)
        assert len(out) == N_UNITS and all(r.answered == 113 for r in out.values())
    record(Figure("score_all", f"Scoring all {N_UNITS} (scores_for_assessments), median",
                  statistics.median(runs), "s", "< 2 s", statistics.median(runs) < 2))


def measure_upload() -> None:
    say("Upload memory (tests/bench/test_upload_memory.py: 200 MB through the real server)")
    label = "Upload of a 200 MB file: server memory growth"
    test = ROOT / "tests" / "bench" / "test_upload_memory.py"
    if "upload" in SKIP:
        missing("upload_mb", label, "< 50 MB", "skipped (ZI_BENCH_SKIP)")
        return
    if not test.exists():
        missing("upload_mb", label, "< 50 MB", f"{test.relative_to(ROOT)} does not exist yet")
        return
    env = {k: v for k, v in os.environ.items() if k not in ENV and k != "DJANGO_SETTINGS_MODULE"}
    done = subprocess.run(
        [str(BIN / "pytest"), "-q", "-s", "-p", "no:cacheprovider", "-m", "bench", str(test)],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=600, check=False,
    )
    m = re.search(r"peak growth ([\d.]+) MB", done.stdout + done.stderr)
    if not m:
        tail = (done.stdout + done.stderr)[-600:]
        missing("upload_mb", label, "< 50 MB", f"the upload benchmark failed: {tail}")
        return
    growth = float(m.group(1))
    record(Figure("upload_mb", label, growth, "MB", "< 50 MB", growth < 50,
                  "runserver, local disk"))


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


def measure_pdf(s: Any) -> None:
    say("PDF report rendered by a real Celery worker (Redis broker)")
    label = "PDF report of one assessment, in the worker"
    if "pdf" in SKIP:
        missing("pdf_s", label, "< 5 s", "skipped (ZI_BENCH_SKIP)")
        return
    try:
        from scoring.reports.services import report_request
    except ImportError:
        missing("pdf_s", label, "< 5 s", "scoring.reports.services.report_request does not exist")
        return
    from django.contrib.auth import get_user_model

    from scoring.models import ReportJob
    from zi_portal.models import Assessment

    log = VAR / "worker.log"
    worker = start([str(BIN / "celery"), "-A", "zi_portal", "worker", "--pool", "solo", "-Q",
                    QUEUE, "--without-gossip", "--without-mingle", "--loglevel", "INFO"], log)
    try:
        if not wait_until(lambda: "ready." in log.read_text(errors="replace"), 60):
            missing("pdf_s", label, "< 5 s", "the Celery worker did not start (see worker.log)")
            return
        user = get_user_model().objects.get(username="bench-tim001")
        a = Assessment.objects.get(pk=s.members[0][1])
        renders = []
        for _ in range(3):
            job = report_request(actor=user, kind=ReportJob.Kind.ASSESSMENT_PDF, assessment=a)
            done = wait_until(
                lambda job=job: (job.refresh_from_db() or job.status) in ("done", "failed"), 120
            )
            if not done or job.status != "done" or not (job.started_at and job.finished_at):
                missing("pdf_s", label, "< 5 s", f"job ended {job.status}: {job.error}")
                return
            renders.append((job.finished_at - job.started_at).total_seconds())
        worst = max(renders)
        record(Figure("pdf_s", label, worst, "s", "< 5 s", worst < 5,
                      "slowest of 3; " + ", ".join(f"{r:.2f}" for r in renders)))
    finally:
        stop(worker)


def measure_locust(s: Any) -> None:
    say("Locust: 50 users, spawn rate 10, 60 s, against gunicorn on 127.0.0.1")
    if "locust" in SKIP:
        missing("locust_p95", "Locust p95", "< 300 ms", "skipped (ZI_BENCH_SKIP)")
        return
    from django import forms

    from areas.models import Question

    try:
        from evidence.forms import UploadForm

        file_field = next(n for n, f in UploadForm.base_fields.items()
                          if isinstance(f, forms.FileField))
    except (ImportError, StopIteration):
        file_field = "files"
    choice_questions = [
        (q.code, [o.label for o in q.options.all()])
        for q in Question.objects.filter(framework=s.framework, code__startswith="A.")
        .exclude(answer_type__in=["persen", "nilai_0_4"]).prefetch_related("options")
    ]
    from django.conf import settings
    from django.contrib.auth import get_user_model

    # Logged in up front (a real session row each): 50 PBKDF2 logins at once would measure the
    # password hasher, not the portal. One login is timed separately below.
    users = {u.username: u for u in get_user_model().objects.filter(
        username__in=[u for u, _pk in s.members])}
    accounts = []
    for u, pk in s.members:
        c = client_for(users[u])
        accounts.append({"username": u, "assessment": pk, "choice_questions": choice_questions,
                         "file_field": file_field, "session_cookie": settings.SESSION_COOKIE_NAME,
                         "session": c.cookies[settings.SESSION_COOKIE_NAME].value})
    accounts_file = VAR / "accounts.json"
    accounts_file.write_text(json.dumps(accounts))
    port = free_port()
    gunicorn = start(
        [str(BIN / "gunicorn"), "zi_portal.wsgi", "--bind", f"127.0.0.1:{port}", "--workers",
         "2", "--threads", "4", "--timeout", "120", "--keep-alive", "75"], VAR / "gunicorn.log")
    try:
        def up() -> bool:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/sehat/",
                                            timeout=2) as r:
                    return bool(r.status == 200)
            except OSError:
                return False

        if not wait_until(up, 60):
            missing("locust_p95", "Locust p95", "< 300 ms", "gunicorn did not start")
            return
        csv = VAR / "locust"
        env = {**os.environ, "BENCH_ACCOUNTS": str(accounts_file)}
        done = subprocess.run(
            [str(BIN / "locust"), "-f", str(ROOT / "bench" / "locustfile.py"), "--headless",
             "-u", "50", "-r", "10", "-t", "60s", "--host", f"http://127.0.0.1:{port}",
             "--csv", str(csv), "--only-summary", "--stop-timeout", "10"],
            cwd=ROOT, env=env, capture_output=True, text=True, timeout=240, check=False,
        )
        (VAR / "locust.log").write_text(done.stdout + done.stderr)
        stats = (csv.parent / f"{csv.name}_stats.csv")
        if not stats.exists():
            missing("locust_p95", "Locust p95", "< 300 ms", "locust wrote no statistics")
            return
        import csv as csvmod

        rows = list(csvmod.DictReader(stats.open()))
        agg = next(r for r in rows if r["Name"] == "Aggregated")
        total, failures = int(agg["Request Count"]), int(agg["Failure Count"])
        p95 = float(agg["95%"])
        worst = sorted(
            ((r["Name"], float(r["95%"]), int(r["Failure Count"])) for r in rows
             if r["Name"] != "Aggregated"), key=lambda x: -x[1])
        record(Figure("locust_requests", "Locust: requests in 60 s", total, "", "-", None,
                      f"{total / 60:.1f} req/s"))
        record(Figure("locust_errors", "Locust: errors", failures, "", "0", failures == 0))
        record(Figure("locust_p95", "Locust: p95 over all requests", p95, "ms", "< 300 ms",
                      p95 < 300, "slowest p95: " + "; ".join(f"{n} {v:.0f} ms"
                                                               for n, v, _f in worst[:3])))
        for name, v, f in worst:
            print(f"      {name:<58} p95 {v:>7.0f} ms  failures {f}")
        failures_csv = csv.parent / f"{csv.name}_failures.csv"
        if failures and failures_csv.exists():
            print(failures_csv.read_text()[:2000])
    finally:
        stop(gunicorn)
        try:
            import redis

            r = redis.Redis.from_url(BROKER)
            # The report requests nobody consumed, and kombu's bindings of this run's queue.
            r.delete(QUEUE, *r.keys(f"_kombu.binding*.{QUEUE}"))
        except Exception as exc:
            print(f"could not purge queue {QUEUE}: {exc}")


# --- output --------------------------------------------------------------------------------------


def write_results(counts: dict[str, int], seconds: dict[str, float]) -> None:
    import platform

    data = {
        "generated_at": time.strftime("%Y-%m-%d %H:%M:%S %z"),
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version(),
                    "platform": platform.platform()},
        "dataset": counts,
        "phase_seconds": seconds,
        "figures": [asdict(f) for f in FIGURES],
    }
    (ROOT / "bench" / "results.json").write_text(json.dumps(data, indent=2, ensure_ascii=False))
    rows = ["| Figure | Measured | Budget | Within |", "|---|---|---|---|"]
    for f in FIGURES:
        if f.value is None:
            rows.append(f"| {f.label} | not available | {f.budget} | - ({f.note}) |")
        else:
            within = {True: "yes", False: "**no**", None: "-"}[f.ok]
            note = f" ({f.note})" if f.note else ""
            rows.append(f"| {f.label} | {f.shown()}{note} | {f.budget} | {within} |")
    table = "\n".join(rows)
    doc = ROOT / "docs" / "benchmarks.md"
    text = doc.read_text() if doc.exists() else ""
    begin, end = "<!-- bench:begin -->", "<!-- bench:end -->"
    block = (f"{begin}\nLast run: {data['generated_at']} on {os.cpu_count()} CPUs; dataset: "
             + ", ".join(f"{k} {v:,}" for k, v in counts.items()) + ".\n\n" + table + f"\n{end}")
    if begin in text and end in text:
        text = text[: text.index(begin)] + block + text[text.index(end) + len(end):]
    else:
        text = text.rstrip() + "\n\n" + block + "\n"
    doc.write_text(text)


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
    from bench.seed import seed

    say(f"Seeding {N_UNITS} units, complete assessments, 3 documents per question")
    t0 = time.monotonic()
    s = seed(n_units=N_UNITS)
    seconds["seed"] = round(time.monotonic() - t0, 1)
    print("  " + ", ".join(f"{k}: {v:,}" for k, v in s.counts.items())
          + f" in {seconds['seed']} s")
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
    connection.close()
    write_results(s.counts, seconds)
    total = time.monotonic() - started
    over = [f for f in FIGURES if f.ok is False]
    unavailable = [f for f in FIGURES if f.value is None]
    say(f"Done in {total:.0f} s: {len(FIGURES)} figures, {len(over)} over budget, "
        f"{len(unavailable)} not available. bench/results.json and docs/benchmarks.md written.")
    for f in over:
        print(f"  OVER BUDGET: {f.label}: {f.value:,.2f} {f.unit} (budget {f.budget})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
