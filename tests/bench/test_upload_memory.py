"""Benchmark: uploading a 200 MB file grows the server's memory by under 50 MB (design section 10).

Starts the real portal (runserver, SQLite and media in a temporary ZI_VAR_DIR), logs in as the
demo tim kerja, streams a generated 200 MB PDF-like file from disk with `curl -F` (curl reads it in
chunks, so the client never holds it either) and samples the server process RSS every 20 ms.
Run with `.venv/bin/pytest -m bench tests/bench/test_upload_memory.py -s`.
"""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import psutil
import pytest
import requests

ROOT = Path(__file__).resolve().parents[2]
PYTHON = str(ROOT / ".venv" / "bin" / "python")
FILE_MB = 200
BUDGET_MB = 50


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _env(var_dir: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DATABASE_URL", "ZI_"))}
    env.update(
        ZI_VAR_DIR=str(var_dir),
        ZI_UPLOAD_TEMP_DIR=str(var_dir),
        EVIDENCE_MAX_UPLOAD_MB=str(FILE_MB + 50),
        DJANGO_DEBUG="true",
        STORAGE_BACKEND="local",
        CELERY_BROKER_URL="",
        PYTHONUNBUFFERED="1",
    )
    env.pop("DJANGO_SETTINGS_MODULE", None)
    env.pop("PYTEST_CURRENT_TEST", None)
    return env


def _manage(env: dict[str, str], *args: str) -> str:
    out = subprocess.run(
        [PYTHON, "manage.py", *args],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
        timeout=600,
    )
    return out.stdout


def _make_pdf_like(path: Path, megabytes: int) -> None:
    chunk = (b"%" + os.urandom(64).hex().encode() + b"\n") * (1024 * 1024 // 130)
    with path.open("wb") as f:
        f.write(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
        while f.tell() < megabytes * 1024 * 1024:
            f.write(chunk)
        f.write(b"\n%%EOF\n")


class RssSampler(threading.Thread):
    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.proc = psutil.Process(pid)
        self.peak = 0
        self.stop = threading.Event()

    def run(self) -> None:
        while not self.stop.is_set():
            try:
                rss = self.proc.memory_info().rss
            except psutil.Error:
                return
            self.peak = max(self.peak, rss)
            time.sleep(0.02)


def _curl_upload(url: str, path: Path, session: requests.Session, referer: str) -> str:
    cookies = "; ".join(f"{c.name}={c.value}" for c in session.cookies)
    token = session.cookies.get("csrftoken", "")
    result = subprocess.run(
        [
            "curl",
            "-sS",
            "-o",
            "/dev/null",
            "-w",
            "%{http_code} %{redirect_url}",
            "-H",
            f"Cookie: {cookies}",
            "-H",
            f"X-CSRFToken: {token}",
            "-H",
            f"Referer: {referer}",
            "-F",
            f"documents=@{path};type=application/pdf",
            "-F",
            "title=Bench",
            url,
        ],
        check=True,
        capture_output=True,
        text=True,
        timeout=600,
    )
    return result.stdout


@pytest.mark.bench
def test_upload_200mb_memory_growth(tmp_path: Path) -> None:
    from scoring.demo.seed import DEMO_PASSWORD

    var_dir = tmp_path / "var"
    var_dir.mkdir()
    env = _env(var_dir)
    _manage(env, "migrate", "--noinput")
    _manage(env, "seed_demo")
    info = _manage(
        env,
        "shell",
        "-c",
        "from zi_portal.models import Assessment; from areas.models import Question; "
        "a = Assessment.objects.get(unit__code='ULT-01'); "
        # The demo's unit 1 is evaluated; reopen it so the tim kerja may upload.
        "Assessment.objects.filter(pk=a.pk).update(status='draft'); "
        "q = Question.objects.filter(framework=a.framework, code__startswith='A.').first(); "
        "print(a.pk, q.code)",
    ).split()
    assessment_pk, code = int(info[-2]), info[-1]

    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    server = subprocess.Popen(
        [PYTHON, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        for _ in range(200):
            try:
                if requests.get(f"{base}/sehat/", timeout=1).status_code == 200:
                    break
            except requests.ConnectionError:
                time.sleep(0.1)
        else:
            pytest.fail("runserver did not start")

        s = requests.Session()
        login_page = s.get(f"{base}/masuk/", timeout=10)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', login_page.text)
        assert token, "no CSRF token on the login page"
        r = s.post(
            f"{base}/masuk/",
            data={
                "username": "timkerja1",
                "password": DEMO_PASSWORD,
                "csrfmiddlewaretoken": token.group(1),
            },
            headers={"Referer": f"{base}/masuk/"},
            timeout=10,
            allow_redirects=False,
        )
        assert r.status_code == 302, r.status_code
        upload_url = f"{base}/penilaian/{assessment_pk}/bukti/q/{code}/unggah/"
        referer = f"{base}/penilaian/{assessment_pk}/bukti/q/{code}/"

        # Warm up: import every module the upload path uses before taking the baseline.
        small = tmp_path / "kecil.pdf"
        _make_pdf_like(small, 1)
        assert _curl_upload(upload_url, small, s, referer).startswith("302")
        s.get(referer, timeout=30)
        time.sleep(0.5)

        big = tmp_path / "besar.pdf"
        _make_pdf_like(big, FILE_MB)
        proc = psutil.Process(server.pid)
        baseline = proc.memory_info().rss
        sampler = RssSampler(server.pid)
        sampler.start()
        started = time.perf_counter()
        status = _curl_upload(upload_url, big, s, referer)
        elapsed = time.perf_counter() - started
        time.sleep(0.1)
        sampler.stop.set()
        sampler.join()
        assert status.startswith("302"), status

        stored = [p for p in (var_dir / "private_media" / "evidence").rglob("*") if p.is_file()]
        sizes = sorted(p.stat().st_size for p in stored)
        assert sizes[-1] == big.stat().st_size, sizes

        growth_mb = (sampler.peak - baseline) / 1024 / 1024
        print(
            f"\nupload {FILE_MB} MB: server RSS baseline {baseline / 1024 / 1024:.1f} MB, "
            f"peak growth {growth_mb:.1f} MB (budget < {BUDGET_MB} MB), {elapsed:.1f} s",
            file=sys.stderr,
        )
        assert growth_mb < BUDGET_MB
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
