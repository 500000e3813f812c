"""The embedded default (SQLite) under concurrent writes: one winner, clear 409s, never a 500.

The real portal runs as `make run` runs it (manage.py runserver, threaded, SQLite file with the
settings of zi_portal/settings.py) on a fresh temporary ZI_VAR_DIR; ten threads, each with its
own signed-in session, fire the same write at the same moment (a barrier) over real HTTP.
pytest-django's live_server cannot show this on SQLite: with the in-memory test database it
hands every server thread the one shared connection, so the requests never compete for locks.
"""

from __future__ import annotations

import os
import re
import socket
import sqlite3
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import closing
from pathlib import Path
from typing import Any

import pytest
import requests

from tests.factories import pdf_bytes

ROOT = Path(__file__).resolve().parents[2]
PYTHON = sys.executable
PASSWORD = "rahasia-uji-123"
THREADS = 10
CODE = "A.I.1.i.a"

SEED = f"""
from django.contrib.auth.models import User
from areas.models import Framework
from tests.factories import AssessmentFactory, CycleFactory, MembershipFactory, UnitFactory
from zi_portal.models import Role

fw = Framework.objects.get(code="permenpanrb-90-2021")
instansi = UnitFactory(name="Instansi Serentak")
cycle = CycleFactory()
tk = User.objects.create_user("tk", "tk@example.go.id", "{PASSWORD}")
pim = User.objects.create_user("pim", "pim@example.go.id", "{PASSWORD}")
for test in ("answers", "evidence", "workflow"):
    unit = UnitFactory(name="Unit " + test, parent=instansi)
    assessment = AssessmentFactory(unit=unit, cycle=cycle, framework=fw)
    MembershipFactory(user=tk, unit=unit, role=Role.TIM_KERJA)
    MembershipFactory(user=pim, unit=unit, role=Role.PIMPINAN_UNIT)
    print("ASSESSMENT", test, assessment.pk)
"""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _env(var_dir: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DATABASE_URL", "ZI_"))}
    env.update(
        ZI_VAR_DIR=str(var_dir),
        DJANGO_DEBUG="true",
        STORAGE_BACKEND="local",
        CELERY_BROKER_URL="",
        DJANGO_EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
        PYTHONUNBUFFERED="1",
        ZI_TESTING="1",
    )
    for k in ("DJANGO_SETTINGS_MODULE", "PYTEST_CURRENT_TEST", "PYTEST_XDIST_WORKER"):
        env.pop(k, None)
    return env


def _manage(env: dict[str, str], *args: str, stdin: str | None = None) -> str:
    out = subprocess.run(
        [PYTHON, "manage.py", *args],
        cwd=ROOT,
        env=env,
        input=stdin,
        check=True,
        capture_output=True,
        text=True,
        timeout=300,
    )
    return out.stdout


class Portal:
    def __init__(self, url: str, db: Path, assessments: dict[str, int]) -> None:
        self.url = url
        self.db = db
        self.assessments = assessments

    def session(self, username: str) -> requests.Session:
        s = requests.Session()
        s.get(f"{self.url}/masuk/", timeout=30)
        token = s.cookies["csrftoken"]
        r = s.post(
            f"{self.url}/masuk/",
            data={"username": username, "password": PASSWORD, "csrfmiddlewaretoken": token},
            allow_redirects=False,
            timeout=30,
        )
        assert r.status_code == 302, r.text[:500]
        s.headers["X-CSRFToken"] = s.cookies["csrftoken"]
        return s

    def query(self, sql: str, *args: Any) -> list[tuple[Any, ...]]:
        with closing(sqlite3.connect(self.db, timeout=30)) as db:
            return db.execute(sql, args).fetchall()


@pytest.fixture(scope="module")
def portal(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Portal]:
    var_dir = tmp_path_factory.mktemp("sqlite-portal")
    env = _env(var_dir)
    _manage(env, "migrate", "-v0")
    _manage(env, "load_framework")
    seeded = _manage(env, "shell", stdin=SEED)
    assessments = {m[1]: int(m[2]) for m in re.finditer(r"ASSESSMENT (\w+) (\d+)", seeded)}
    port = _free_port()
    log = (var_dir / "server.log").open("w")
    proc = subprocess.Popen(
        [PYTHON, "manage.py", "runserver", "--noreload", f"127.0.0.1:{port}"],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(300):
            try:
                requests.get(f"{url}/sehat/", timeout=1)
                break
            except requests.ConnectionError:
                time.sleep(0.1)
        yield Portal(url, var_dir / "db.sqlite3", assessments)
    finally:
        proc.terminate()
        proc.wait(timeout=20)
        log.close()
        print((var_dir / "server.log").read_text()[-3000:])


def _all_at_once(calls: list[Callable[[], requests.Response]]) -> list[int]:
    barrier = threading.Barrier(len(calls))
    statuses: list[int] = [0] * len(calls)

    def run(i: int) -> None:
        barrier.wait()
        statuses[i] = calls[i]().status_code

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(calls))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    return statuses


def test_ten_simultaneous_saves_of_one_answer(portal: Portal) -> None:
    pk = portal.assessments["answers"]
    sessions = [portal.session("tk") for _ in range(THREADS)]
    url = f"{portal.url}/penilaian/{pk}/pertanyaan/{CODE}/jawab/unit/"

    def save(s: requests.Session, choice: str, note: str, version: str) -> Callable[[], Any]:
        data = {"unit-choice": choice, "unit-note": note, "unit-version": version}
        return lambda: s.post(url, data=data, allow_redirects=False, timeout=120)

    statuses = _all_at_once([save(s, "Ya", f"penyimpan {i}", "") for i, s in enumerate(sessions)])
    assert Counter(statuses) == {302: 1, 409: THREADS - 1}, statuses
    stored = portal.query(
        "SELECT a.version, a.note FROM scoring_answer a JOIN areas_question q "
        "ON q.id = a.question_id WHERE a.assessment_id = ? AND q.code = ?",
        pk,
        CODE,
    )
    assert stored == [(1, f"penyimpan {statuses.index(302)}")]

    # A second round from the stored version: again exactly one wins.
    statuses = _all_at_once([save(s, "Tidak", f"ronde {i}", "1") for i, s in enumerate(sessions)])
    assert Counter(statuses) == {302: 1, 409: THREADS - 1}, statuses
    stored = portal.query(
        "SELECT a.version, a.choice, a.note FROM scoring_answer a JOIN areas_question q "
        "ON q.id = a.question_id WHERE a.assessment_id = ? AND q.code = ?",
        pk,
        CODE,
    )
    assert stored == [(2, "Tidak", f"ronde {statuses.index(302)}")]


def test_simultaneous_uploads_and_replaces_of_one_file(portal: Portal) -> None:
    pk = portal.assessments["evidence"]
    sessions = [portal.session("tk") for _ in range(THREADS)]
    for s in sessions:
        s.headers["HX-Request"] = "true"  # the panel answers in place, with each file's outcome
    upload = f"{portal.url}/penilaian/{pk}/bukti/q/{CODE}/unggah/"
    same = pdf_bytes("Dokumen serentak")

    def send(s: requests.Session, url: str, field: str, content: bytes) -> Callable[[], Any]:
        files = {field: ("serentak.pdf", content, "application/pdf")}
        return lambda: s.post(url, files=files, allow_redirects=False, timeout=120)

    responses: list[requests.Response] = []

    def keep(call: Callable[[], requests.Response]) -> Callable[[], requests.Response]:
        def run() -> requests.Response:
            r = call()
            responses.append(r)
            return r

        return run

    statuses = _all_at_once([keep(send(s, upload, "documents", same)) for s in sessions])
    assert set(statuses) == {200}, statuses
    rows = portal.query("SELECT id FROM evidence_evidence WHERE assessment_id = ?", pk)
    assert len(rows) == 1
    duplicates = [r for r in responses if "sama persis dengan dokumen" in r.text]
    assert len(duplicates) == THREADS - 1

    # Ten replaces of that document with one new file: one new revision, nine refusals.
    evidence = rows[0][0]
    replace = f"{portal.url}/penilaian/{pk}/bukti/{evidence}/ganti/"
    new = pdf_bytes("Versi baru serentak")
    responses.clear()
    statuses = _all_at_once([keep(send(s, replace, "file", new)) for s in sessions])
    assert 500 not in statuses, statuses
    revisions = portal.query(
        "SELECT number FROM evidence_evidencerevision WHERE evidence_id = ? ORDER BY number",
        evidence,
    )
    assert revisions == [(1,), (2,)]
    refused = [r for r in responses if "sama persis dengan versi saat ini" in r.text]
    assert len(refused) == THREADS - 1, [r.status_code for r in responses]


def test_simultaneous_sign_offs_and_submits(portal: Portal) -> None:
    pk = portal.assessments["workflow"]

    def version() -> int:
        return int(portal.query("SELECT version FROM zi_portal_assessment WHERE id = ?", pk)[0][0])

    heads = [portal.session("pim") for _ in range(THREADS)]
    v = version()
    url = f"{portal.url}/penilaian/{pk}/setujui/"
    statuses = _all_at_once(
        [
            (lambda s=s: s.post(url, data={"version": v}, allow_redirects=False, timeout=120))
            for s in heads
        ]
    )
    assert Counter(statuses) == {302: 1, 409: THREADS - 1}, statuses

    team = [portal.session("tk") for _ in range(THREADS)]
    v = version()
    url = f"{portal.url}/penilaian/{pk}/ajukan/"
    statuses = _all_at_once(
        [
            (lambda s=s: s.post(url, data={"version": v}, allow_redirects=False, timeout=120))
            for s in team
        ]
    )
    assert Counter(statuses) == {302: 1, 409: THREADS - 1}, statuses
    assert portal.query("SELECT status FROM zi_portal_assessment WHERE id = ?", pk) == [
        ("submitted",)
    ]
