"""The whole review loop on the demo as `make run` leaves it, with the demo accounts only.

Unit 2 (Kantor Wilayah Timur) is a draft five questions from submission. timkerja2 answers
them and uploads a PDF; pimpinan2 signs off; timkerja2 submits; the TPI reads the PDF in place,
flags two questions and returns; timkerja2 fixes one of them (answer and reply) and leaves the
other; pimpinan2 signs off again and timkerja2 resubmits; the TPI sees exactly the one changed
question, answers it, accepts its flag and finalises, confirming the flag still open. Once at
1366 px and once on a 390 px phone; every step's screenshot goes to test-output/screenshots/.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.e2e.conftest import login
from tests.e2e.test_evidence_preview import loaded
from tests.e2e.test_phone import assert_fits

pytestmark = pytest.mark.e2e

VIEWPORTS = {"desktop": {"width": 1366, "height": 900}, "phone": {"width": 390, "height": 844}}
FIXED = "A.I.1.iv.b"  # flagged, then changed by the unit
LEFT_ALONE = "A.I.1.iv.c"  # flagged, the unit does nothing: the flag stays open


@pytest.fixture
def loop_pdf(tmp_path: Path) -> Path:
    from weasyprint import HTML

    path = tmp_path / "daftar-agen-perubahan-kwt.pdf"
    html = "<h1>Daftar Agen Perubahan</h1><p>Kantor Wilayah Timur, SK Kepala Kantor 2026.</p>"
    path.write_bytes(HTML(string=html).write_pdf())
    return path


def as_user(page: Any, base: str, username: str) -> None:
    page.context.clear_cookies()
    login(page, base, username)
    page.wait_for_selector("text=Penilaian Zona Integritas")


def answer(page: Any, side: str, value: str) -> None:
    page.check(f"input[name='{side}-choice'][value='{value}']")
    page.click(f"#side-{side} form.answer-form button[type=submit]")
    page.wait_for_selector(f"#side-{side} .saved-line")


def workflow(page: Any, key: str) -> None:
    page.click(f"#action-{key} button[type=submit]")
    page.click("#confirm-dialog-ok")
    page.wait_for_selector(".msg-success")


def status(page: Any) -> str:
    return str(page.locator("#assessment-status").inner_text())


@pytest.mark.parametrize("screen", list(VIEWPORTS))
def test_whole_loop_with_the_demo_accounts(
    page: Any, live_server: Any, demo: Any, loop_pdf: Path, shot: Any, screen: str
) -> None:
    from scoring.demo.accounts import UNIT2_LEFT

    page.set_viewport_size(VIEWPORTS[screen])
    base, pk = live_server.url, demo[1].pk
    home = f"{base}/penilaian/{pk}/"

    def question(code: str) -> str:
        return f"{base}/penilaian/{pk}/pertanyaan/{code}/"

    def look(name: str) -> None:
        shot(page, f"{screen}-{name}")
        if screen == "phone":
            assert_fits(page, name)

    # 1. timkerja2 answers the five questions left and uploads a PDF to one of them.
    as_user(page, base, "timkerja2")
    page.goto(home)
    assert status(page) == "Draf"
    look("timkerja2-draft")
    for code in UNIT2_LEFT:
        page.goto(question(code))
        answer(page, "unit", "Ya" if code == "A.I.1.iv.a" else "B")
    page.goto(question("A.I.1.iv.a"))
    page.set_input_files("#evidence-panel input[name=documents]", str(loop_pdf))
    page.fill("#evidence-panel form.evidence-upload input[name=title]", "Daftar Agen Perubahan")
    page.click("#evidence-panel form.evidence-upload button[type=submit]")
    page.wait_for_selector("#evidence-panel a:has-text('Daftar Agen Perubahan')")
    look("timkerja2-answered-and-uploaded")

    # 2. pimpinan2 signs off (the home page says it waits for them); timkerja2 submits.
    as_user(page, base, "pimpinan2")
    page.locator("#tugas-saya li[data-task-kind='sign_off'] a").click()
    page.wait_for_url(f"{home}**")
    page.goto(home)
    workflow(page, "sign_off")
    look("pimpinan2-signed-off")
    as_user(page, base, "timkerja2")
    page.goto(home)
    workflow(page, "submit")
    assert status(page) == "Diajukan ke TPI"

    # 3. The TPI reads the PDF in place, flags two questions and returns the assessment.
    as_user(page, base, "tpi")
    assert page.locator("#tugas-saya li[data-task-kind='review']").count() >= 1
    page.goto(question("A.I.1.iv.a"))
    # Each document's row is followed by its preview row ("Lihat" opens it).
    item = page.locator("#evidence-panel tr:has-text('Daftar Agen Perubahan') + tr").first
    item.locator("details.evidence-preview summary").click()
    image = item.locator(".preview-pages img").first
    image.wait_for(state="visible")
    loaded(page, ".preview-pages img", 1000)
    assert "halaman 1 dari 1" in item.locator(".preview-pages figcaption").first.inner_text()
    look("tpi-reads-pdf-in-place")
    for code, note in (
        (FIXED, "Daftar agen perubahan belum ditetapkan dengan SK; unggah SK-nya."),
        (LEFT_ALONE, "Belum ada bukti pelaksanaan peran agen perubahan."),
    ):
        page.goto(question(code))
        page.fill("#flag-form textarea[name=note]", note)
        page.click("#flag-form button[type=submit]")
        page.wait_for_selector("#open-flag")
    look("tpi-flagged")
    page.goto(home)
    workflow(page, "return")
    assert status(page) == "Perbaikan"
    look("tpi-returned")

    # 4. timkerja2 fixes one flagged question and replies; the other is left as it was.
    as_user(page, base, "timkerja2")
    assert page.locator("#tugas-saya li[data-task-kind='flag_fix']").count() == 2
    page.goto(question(FIXED))
    answer(page, "unit", "A")
    page.fill("#open-flag textarea[name=reply]", "SK penetapan agen perubahan sudah diunggah.")
    page.click("#open-flag form[action$='/balas/'] button[type=submit]")
    page.wait_for_selector("#open-flag .flag-reply")
    look("timkerja2-fixed")
    as_user(page, base, "pimpinan2")
    page.goto(home)
    workflow(page, "sign_off")
    as_user(page, base, "timkerja2")
    page.goto(home)
    workflow(page, "submit")
    assert status(page) == "Diajukan ke TPI"

    # 5. The TPI sees exactly the changed question, reviews it and finalises.
    as_user(page, base, "tpi")
    assert page.locator("#tugas-saya li[data-task-kind='changed']").count() == 1
    page.goto(home)
    summary = page.locator("#changes-summary").inner_text()
    assert "1 pertanyaan berubah sejak pengajuan sebelumnya" in summary
    codes = page.locator("#changes-summary .change-codes a").all_inner_texts()
    assert [c.strip() for c in codes] == [FIXED]
    page.goto(f"{home}?status=berubah")
    assert "Menampilkan 1 dari" in page.locator("#question-table").inner_text()
    look("tpi-changed-filter")
    page.goto(question(FIXED))
    changes = page.locator("#changes").inner_text()
    assert "B" in page.locator("#changes del").inner_text() and "A" in changes
    answer(page, "tpi", "A")
    page.click("#open-flag form[action$='/terima/'] button[type=submit]")
    page.wait_for_selector("#flags .tag:has-text('Diterima TPI')")
    look("tpi-accepted-fix")
    page.goto(home)
    page.check("#action-finalise input[value='belum_layak']")
    page.fill("#action-finalise textarea", "Perlu bukti pelaksanaan agen perubahan.")
    workflow_held = page.locator("#action-finalise button[type=submit]")
    workflow_held.click()
    page.click("#confirm-dialog-ok")
    page.wait_for_selector("#finalise-confirm")
    assert LEFT_ALONE in page.locator("#finalise-confirm").inner_text()
    look("tpi-finalise-asks")
    page.check("#finalise-confirm input[type=checkbox]")
    if not page.locator("#action-finalise textarea").input_value():
        page.fill("#action-finalise textarea", "Perlu bukti pelaksanaan agen perubahan.")
    if not page.locator("#action-finalise input[value='belum_layak']").is_checked():
        page.check("#action-finalise input[value='belum_layak']")
    workflow(page, "finalise")
    assert status(page) == "Selesai dievaluasi"
    look("tpi-finalised")
