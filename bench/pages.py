"""Page server time through Django's test client (PostgreSQL, DEBUG off), and the answer save.

Every page's p95 is compared with the trivial signed-in page's p95 measured in the same run (the
budget is 3x), so a busy machine moves both sides of the ratio.
"""

from __future__ import annotations

import statistics
import time
from typing import Any

from bench.common import (
    N_UNITS,
    SAMPLES,
    Figure,
    client_for,
    missing,
    pct,
    record,
    say,
    time_page,
    url_or_none,
)

QUESTION = "A.I.1.i.a"


def _page(key: str, label: str, client: Any, url: str | None, baseline: float,
          reference: tuple[Any, str | None, str] | None = None) -> None:
    """p50, p95 (with its ratio to the trivial page) and the query count of one page."""
    if url is None:
        missing(key, label, "p95 <= 3x trivial", "no URL")
        return
    p50, p95, queries = time_page(client, url)
    ratio = p95 / baseline
    record(Figure(f"{key}_p50", f"{label}, p50", p50, "ms", "-", None))
    record(Figure(f"{key}_p95", f"{label}, p95", p95, "ms",
                  f"<= {3 * baseline:.1f} ms (3x trivial)", ratio <= 3,
                  f"{ratio:.1f}x trivial; {SAMPLES[url]} requests"))
    if reference is not None:
        ref_client, ref_url, what = reference
        _x, _y, ref_q = time_page(ref_client, str(ref_url), n=3)
        record(Figure(f"{key}_queries", f"{label}, SQL queries", queries, "",
                      f"same as {what} ({ref_q})", queries == ref_q))


def measure_pages(s: Any) -> None:
    from django.contrib.auth import get_user_model
    from django.test import Client

    from bench.seed import PASSWORD

    User = get_user_model()
    say("Page server time (Django test client, PostgreSQL, DEBUG off)")
    a_pk = s.members[0][1]
    member = client_for(User.objects.get(username=s.members[0][0]))
    empty = client_for(User.objects.get(username="kecil-kosong"))

    # The baseline is the profile page (name, e-mail, units and roles): the home page has become
    # the task inbox, whose work grows with the user's tasks, and is measured as a page below.
    trivial = url_or_none("profile")
    assert trivial
    t50, t95, tq = time_page(member, trivial)
    record(Figure("trivial_p50", "Trivial signed-in page (profile), p50", t50, "ms", "baseline",
                  None))
    record(Figure("trivial_p95", "Trivial signed-in page (profile), p95", t95, "ms", "baseline",
                  None, f"{tq} queries"))

    logins = []
    for _ in range(5):
        t0 = time.perf_counter()
        resp = Client().post(str(url_or_none("login")),
                             {"username": "bench-tim002", "password": PASSWORD})
        logins.append((time.perf_counter() - t0) * 1000)
        assert resp.status_code == 302, resp.status_code
    record(Figure("login_p50", "Login (password check, PBKDF2), p50", statistics.median(logins),
                  "ms", "-", None, "deliberately slow; not in the locust run"))

    _page("home", "Home page (the task inbox)", member, url_or_none("home"), t95)
    overview = url_or_none("reports:overview")
    _page("overview", f"Institution overview ({N_UNITS} units)", client_for(s.leader), overview,
          t95, (client_for(s.small_leader), overview, "the 5-unit institution"))
    _page("dashboard", "Unit dashboard", member, url_or_none("reports:dashboard", pk=a_pk), t95,
          (empty, url_or_none("reports:dashboard", pk=s.empty.pk), "an empty unit"))
    # The dashboard's activity list is loaded by the page after it is shown (htmx, its own request):
    # measured here on its own, and fetched after every dashboard in the locust run.
    _page("dashboard_activity", "Unit dashboard: activity list (loaded after the page)", member,
          url_or_none("reports:dashboard-activity", pk=a_pk), t95,
          (empty, url_or_none("reports:dashboard-activity", pk=s.empty.pk), "an empty unit"))
    _page("assessment", "Assessment page (113 questions, 339 docs)", member,
          url_or_none("scoring:assessment", pk=a_pk), t95,
          (empty, url_or_none("scoring:assessment", pk=s.empty.pk), "an empty unit"))
    # Its reference has documents too: the panel's two prefetches run only when there are some.
    small_username, small_pk = s.small_members[0]
    _page("question", f"Question page ({QUESTION}, 3 docs)", member,
          url_or_none("scoring:question", pk=a_pk, code=QUESTION), t95,
          (client_for(User.objects.get(username=small_username)),
           url_or_none("scoring:question", pk=small_pk, code=QUESTION),
           "a unit of the 5-unit institution"))


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
        assessment_id=a_pk, side="unit", question__code=QUESTION)
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
