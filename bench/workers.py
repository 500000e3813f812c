"""Figures that need another process: the PDF report in a real Celery worker, upload memory."""

from __future__ import annotations

import os
import re
import subprocess
from typing import Any

from bench.common import (
    BIN,
    ENV,
    QUEUE,
    ROOT,
    SKIP,
    VAR,
    Figure,
    missing,
    record,
    say,
    start,
    stop,
    wait_until,
)


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
        user = get_user_model().objects.get(username=s.members[0][0])
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
