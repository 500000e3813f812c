"""The whole review journey in a browser, on a fresh draft assessment of a fourth demo unit.

Tim kerja answers three questions (a choice, a percentage with its live preview, a survey index)
and uploads a PDF and a link; the pimpinan signs off; tim kerja submits; the TPI flags one
question and returns the assessment; tim kerja fixes it (other questions stay locked), the
pimpinan signs off again and tim kerja resubmits; the TPI finalises. Both scores show at the end.
A screenshot of every step goes to test-output/screenshots/.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.e2e.conftest import login

pytestmark = pytest.mark.e2e

CHOICE = "A.I.1.i.a"
PERCENT = "A.II.1.i.a"
INDEX = "B.I.a"


@pytest.fixture
def journey_assessment(demo: Any) -> Any:
    """A fourth unit of the demo instansi (Balai Uji Coba), draft and empty, staffed by the demo
    accounts of unit 1 (the demo's own three units are evaluated, in draft and in revision)."""
    from django.contrib.auth import get_user_model

    from zi_portal.models import Assessment, Membership, ReviewerAssignment, Role, Unit

    unit1 = demo[0]
    unit = Unit.objects.create(
        code="UJI-04", name="Balai Uji Coba", slug="balai-uji-coba", parent=unit1.unit.parent
    )
    assessment = Assessment.objects.create(unit=unit, cycle=unit1.cycle, framework=unit1.framework)
    users = {u.username: u for u in get_user_model().objects.all()}
    Membership.objects.create(user=users["timkerja1"], unit=unit, role=Role.TIM_KERJA)
    Membership.objects.create(user=users["pimpinan1"], unit=unit, role=Role.PIMPINAN_UNIT)
    ReviewerAssignment.objects.create(reviewer=users["tpi"], unit=unit, cycle=assessment.cycle)
    return assessment


@pytest.fixture
def sample_pdf(tmp_path: Path) -> Path:
    from weasyprint import HTML

    path = tmp_path / "sk-tim-kerja-zi.pdf"
    path.write_bytes(
        HTML(string="<h1>SK Tim Kerja Zona Integritas</h1><p>Balai Diklat Keuangan</p>").write_pdf()
    )
    return path


def as_user(page: Any, base: str, username: str) -> None:
    page.context.clear_cookies()
    login(page, base, username)
    page.wait_for_selector("text=Penilaian Zona Integritas")


def save_answer(page: Any, side: str) -> None:
    """Saved in place: the answer block comes back with its 'saved' line (no page load)."""
    page.click(f"#side-{side} form.answer-form button[type=submit]")
    page.wait_for_selector(f"#side-{side} .saved-line")


def workflow(page: Any, key: str) -> None:
    """Every workflow step asks first (the confirmation dialog); confirm it."""
    page.click(f"#action-{key} button[type=submit]")
    page.click("#confirm-dialog-ok")
    page.wait_for_selector(".msg-success")


def test_review_journey(
    page: Any, live_server: Any, journey_assessment: Any, sample_pdf: Path, shot: Any
) -> None:
    base = live_server.url
    pk = journey_assessment.pk
    home = f"{base}/penilaian/{pk}/"

    def question(code: str) -> str:
        return f"{base}/penilaian/{pk}/pertanyaan/{code}/"

    # 1. Tim kerja answers three questions and uploads a PDF and a link.
    as_user(page, base, "timkerja1")
    page.goto(home)
    assert page.locator("#assessment-status").inner_text() == "Draf"
    shot(page, "timkerja-draft")
    page.goto(question(CHOICE))
    page.check("input[name='unit-choice'][value='Tidak']")
    save_answer(page, "unit")
    assert "Tidak" in page.locator("#side-unit .current-answer").inner_text()
    page.set_input_files("#evidence-panel input[name=documents]", str(sample_pdf))
    page.fill("#evidence-panel form.evidence-upload input[name=title]", "SK Tim Kerja ZI")
    page.click("#evidence-panel form.evidence-upload button[type=submit]")
    page.wait_for_selector("#evidence-panel a:has-text('SK Tim Kerja ZI')")
    page.fill("#evidence-panel form.evidence-link input[name=url]", "https://www.lapor.go.id")
    page.fill("#evidence-panel form.evidence-link input[name=title]", "Kanal pengaduan")
    page.click("#evidence-panel form.evidence-link button[type=submit]")
    page.wait_for_selector("#evidence-panel a:has-text('Kanal pengaduan')")
    shot(page, "timkerja-answer-and-evidence")

    page.goto(question(PERCENT))
    page.fill("input[name='unit-count_jumlah_agen_perubahan']", "8")
    page.fill("input[name='unit-count_jumlah_perubahan_dibuat']", "6")
    page.wait_for_selector("#preview-unit:has-text('75,00%')")
    shot(page, "timkerja-percentage-preview")
    save_answer(page, "unit")

    page.goto(question(INDEX))
    page.fill("input[name='unit-index_value']", "3,6")
    save_answer(page, "unit")
    page.goto(home)
    assert "Menunggu persetujuan pimpinan unit" in page.locator("#action-submit").inner_text()
    assert page.locator("#action-submit button").count() == 0
    shot(page, "timkerja-waiting-for-sign-off")

    # 2. The pimpinan signs off; tim kerja submits.
    as_user(page, base, "pimpinan1")
    page.goto(home)
    workflow(page, "sign_off")
    shot(page, "pimpinan-signed-off")
    as_user(page, base, "timkerja1")
    page.goto(home)
    workflow(page, "submit")
    assert page.locator("#assessment-status").inner_text() == "Diajukan ke TPI"
    shot(page, "timkerja-submitted")

    # 3. The TPI answers, flags one question and returns the assessment.
    as_user(page, base, "tpi")
    page.goto(question(CHOICE))
    page.check("input[name='tpi-choice'][value='Tidak']")
    save_answer(page, "tpi")
    page.fill("#flag-form textarea[name=note]", "SK belum ditandatangani; unggah SK final.")
    page.click("#flag-form button[type=submit]")
    page.wait_for_selector("#open-flag")
    shot(page, "tpi-flagged")
    page.goto(home)
    assert page.locator("#assessment-status").inner_text() == "Dievaluasi TPI"
    workflow(page, "return")
    assert page.locator("#assessment-status").inner_text() == "Perbaikan"
    shot(page, "tpi-returned")

    # 4. Tim kerja fixes the flagged question; the others stay locked.
    as_user(page, base, "timkerja1")
    page.goto(question(PERCENT))
    assert "hanya pertanyaan yang ditandai TPI" in page.locator("#side-unit").inner_text()
    shot(page, "timkerja-other-question-locked")
    page.goto(question(CHOICE))
    page.check("input[name='unit-choice'][value='Ya']")
    page.fill("textarea[name='unit-note']", "SK final sudah ditandatangani dan diunggah.")
    save_answer(page, "unit")
    page.fill("#open-flag textarea[name=reply]", "SK final diunggah dan ditandatangani.")
    page.click("#open-flag form[action$='/balas/'] button[type=submit]")
    page.wait_for_selector("#open-flag .flag-reply")
    shot(page, "timkerja-fixed")
    as_user(page, base, "pimpinan1")
    page.goto(home)
    workflow(page, "sign_off")
    as_user(page, base, "timkerja1")
    page.goto(home)
    workflow(page, "submit")
    assert page.locator("#assessment-status").inner_text() == "Diajukan ke TPI"

    # 5. The TPI sees what changed, agrees with the fix (accepts the flag) and finalises.
    as_user(page, base, "tpi")
    page.goto(home)
    assert "1 pertanyaan berubah" in page.locator("#changes-summary").inner_text()
    page.goto(question(CHOICE))
    assert "Tidak" in page.locator("#changes del").inner_text()
    assert "SK final diunggah" in page.locator("#open-flag").inner_text()
    page.check("input[name='tpi-choice'][value='Ya']")
    save_answer(page, "tpi")
    page.click("#open-flag form[action$='/terima/'] button[type=submit]")
    page.wait_for_selector("#flags .tag:has-text('Diterima TPI')")
    assert page.locator("#open-flag").count() == 0
    page.goto(home)
    page.check("#action-finalise input[value='layak']")
    page.fill("#action-finalise textarea", "Layak diusulkan ke TPN setelah survei eksternal.")
    workflow(page, "finalise")
    assert page.locator("#assessment-status").inner_text() == "Selesai dievaluasi"
    unit_total = page.locator("#score-unit .big").inner_text()
    tpi_total = page.locator("#score-tpi .big").inner_text()
    # Unit: Ya (0,50) + 75 % of A.II.1.i (1,50) + IPAK 3,6 (15,75); TPI: only Ya (0,50).
    assert (unit_total, tpi_total) == ("17,75", "0,50")
    assert "Layak diusulkan ke TPN" in page.locator("#recommendation").inner_text()
    shot(page, "tpi-finalised")
    page.goto(f"{home}riwayat/")
    assert "Evaluasi TPI selesai" in page.locator("#history").inner_text()
    shot(page, "history")


def test_living_demo(page: Any, live_server: Any, demo: Any, shot: Any) -> None:
    """A newcomer's first look: unit 1 answered on both sides, documents, comments, evaluated
    "layak" and proposed to TPN for WBK."""
    base = live_server.url
    unit1 = demo[0]
    as_user(page, base, "tpi")
    page.goto(f"{base}/penilaian/{unit1.pk}/")
    assert page.locator("#assessment-status").inner_text() == "Diusulkan ke TPN"
    assert page.locator("#score-unit .big").inner_text() == "77,85"
    assert page.locator("#score-tpi .big").inner_text() == "77,44"
    assert page.locator("#tpn [data-stage='proposed']").count() == 1
    shot(page, "demo-assessment")
    page.select_option("#f-status", "menunggu_review")
    page.wait_for_selector("#question-table:has-text('Menampilkan 0 dari 113')")
    page.select_option("#f-status", "disetujui")
    page.wait_for_selector("#question-table:has-text('Menampilkan 113 dari 113')")
    page.goto(f"{base}/penilaian/{unit1.pk}/pertanyaan/A.I.1.i.a/")
    assert page.locator("#evidence-panel a:has-text('SK Tim Kerja Zona Integritas')").count() == 1
    shot(page, "demo-question")
    page.goto(f"{base}/penilaian/{unit1.pk}/pertanyaan/A.II.3.iii.a/")
    assert "Aturan penyebut nol diterapkan" in page.locator("#side-unit").inner_text()
    shot(page, "demo-zero-denominator")
