"""The unit head opens the dashboard, requests the evaluation report, waits and downloads it.

The first page of the PDF is turned into a PNG (pdftoppm, Debian poppler-utils) beside the
screenshots in test-output/screenshots/, so a person can look at what an evaluator would sign.
"""

from __future__ import annotations

import shutil
import subprocess
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from scoring.models import Answer
from tests.e2e.conftest import SHOTS, login
from tests.factories import EvidenceFactory
from tests.scoring.reports.conftest import answer_all

pytestmark = pytest.mark.e2e


def test_pimpinan_downloads_the_evaluation_report(
    page: Any, live_server: Any, demo: Any, shot: Any, tmp_path: Path
) -> None:
    assessment = demo[0]  # Unit Layanan Terpadu, where pimpinan1 is the unit head
    if not Answer.objects.filter(assessment=assessment).exists():
        answer_all(assessment, side="unit", rank=1, skip=4)
        answer_all(assessment, side="tpi", rank=1, index=Decimal("3.3"), kinerja="B")
        EvidenceFactory(
            assessment=assessment, questions=["A.I.1.i.a"], title="SK Tim Kerja Pembangunan ZI"
        )
    login(page, live_server.url, "pimpinan1")
    page.goto(f"{live_server.url}/penilaian/{assessment.pk}/dasbor/")
    page.wait_for_selector("text=Langkah tercepat menuju WBK / WBBM")
    assert page.locator("svg.chart").count() == 3
    # The activity list arrives after the page (htmx on load) in place of its plain link.
    expect(page.locator("#dash-activity ul.activity li").first).to_be_visible()
    shot(page, "dashboard")

    done = page.locator("#report-jobs .job-done a", has_text="Unduh")
    made_by_demo = done.count()  # the demo's own PDF, made for pimpinan1 while seeding
    assert made_by_demo == 1
    page.click("button[name=kind][value=assessment_pdf]")
    expect(done).to_have_count(made_by_demo + 1, timeout=60_000)
    link = done.first  # the newest job comes first
    shot(page, "report-ready")
    with page.expect_download() as info:
        link.click()
    download = info.value
    assert download.suggested_filename.startswith("Laporan-Hasil-Evaluasi-")
    pdf = tmp_path / download.suggested_filename
    download.save_as(pdf)
    text = " ".join((PdfReader(pdf).pages[0].extract_text() or "").split())
    assert "Laporan Hasil Evaluasi" in text
    assert assessment.unit.name in text

    SHOTS.mkdir(parents=True, exist_ok=True)
    shutil.copy(pdf, SHOTS / "report.pdf")
    prefix = SHOTS / "report-page"
    subprocess.run(
        ["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "1", str(pdf), str(prefix)],
        check=True,
    )
    pngs = sorted(SHOTS.glob("report-page*.png"))
    assert pngs and pngs[-1].stat().st_size > 10_000


def test_pimpinan_instansi_sees_the_heatmap_and_filters_it(
    page: Any, live_server: Any, demo: Any, shot: Any
) -> None:
    for i, assessment in enumerate(demo):
        if not Answer.objects.filter(assessment=assessment).exists():
            answer_all(assessment, side="unit", rank=i, skip=2 * i)
    login(page, live_server.url, "pimpinaninstansi")
    page.goto(f"{live_server.url}/instansi/?sort=-total")
    rows = page.locator("table.heatmap tbody tr")
    assert rows.count() == 3
    shot(page, "overview")
    page.fill("#f-q", "timur")
    page.click("text=Terapkan")
    expect(rows).to_have_count(1)
    assert "Kantor Wilayah Timur" in rows.first.inner_text()
    shot(page, "overview-filtered")
