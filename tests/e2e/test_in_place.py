"""Speed and care in a browser: an answer is saved in place (the page is not loaded again: a
marker set on window survives, the version moves on) and an irreversible step asks first in the
page's confirmation dialog (cancel leaves everything as it was, confirm goes through)."""

from __future__ import annotations

from typing import Any

import pytest

from tests.e2e.conftest import SHOTS, login

pytestmark = pytest.mark.e2e

CHOICE = "A.I.1.i.a"  # Ya/Tidak, area I: timkerja2 may answer it in the draft of demo unit 2


def test_answer_saved_in_place_without_reloading(page: Any, live_server: Any, demo: Any) -> None:
    from scoring.models import Answer

    assessment = demo[1]  # Kantor Wilayah Timur, a draft timkerja2 is filling in
    login(page, live_server.url, "timkerja2")
    page.wait_for_selector("text=Penilaian Zona Integritas")
    page.goto(f"{live_server.url}/penilaian/{assessment.pk}/pertanyaan/{CHOICE}/?area=1")
    before = Answer.objects.filter(assessment=assessment, question__code=CHOICE, side="unit")
    version = before.first().version if before.exists() else 0
    choice = "Tidak" if before.exists() and before.first().choice == "Ya" else "Ya"
    page.evaluate("window.__notReloaded = 'yes'")
    page.check(f"#side-unit input[name='unit-choice'][value='{choice}']")
    page.click("#side-unit form.answer-form button[type=submit]")
    page.wait_for_selector("#side-unit .saved-line")
    assert page.evaluate("window.__notReloaded") == "yes"
    assert page.url.endswith(f"/pertanyaan/{CHOICE}/?area=1")
    assert choice in page.locator("#side-unit .current-answer").inner_text()
    new_version = str(version + 1)
    assert page.locator("input[name='unit-version']").input_value() == new_version
    assert f"(versi {new_version})" in page.locator("#side-unit .current-answer").inner_text()
    assert page.locator("#evidence-panel").count() == 1  # the rest of the page is still there
    saved = Answer.objects.get(assessment=assessment, question__code=CHOICE, side="unit")
    assert (saved.choice, saved.version) == (choice, version + 1)
    # A second save from the swapped-in form carries the new version: accepted, no conflict.
    other = "Ya" if choice == "Tidak" else "Tidak"
    page.check(f"#side-unit input[name='unit-choice'][value='{other}']")
    page.click("#side-unit form.answer-form button[type=submit]")
    page.wait_for_selector(f"#side-unit .current-answer:has-text('versi {version + 2}')")
    assert page.evaluate("window.__notReloaded") == "yes"


def test_sign_off_asks_first_in_a_dialog(page: Any, live_server: Any, demo: Any) -> None:
    from zi_portal.models import Assessment

    assessment = demo[1]
    login(page, live_server.url, "pimpinan2")
    page.wait_for_selector("text=Penilaian Zona Integritas")
    page.goto(f"{live_server.url}/penilaian/{assessment.pk}/")
    dialog = page.locator("#confirm-dialog")
    assert not dialog.is_visible()
    page.click("#action-sign_off button[type=submit]")
    assert dialog.is_visible()
    assert "Setujui pengajuan penilaian ini?" in page.locator("#confirm-dialog-text").inner_text()
    page.click("#confirm-dialog button[value=cancel]")
    assert not dialog.is_visible()
    assert Assessment.objects.get(pk=assessment.pk).signed_off_at is None
    page.click("#action-sign_off button[type=submit]")
    page.click("#confirm-dialog-ok")
    page.wait_for_selector(".msg-success")
    assert Assessment.objects.get(pk=assessment.pk).signed_off_at is not None


def test_confirmation_dialog_fits_a_phone(
    page: Any, live_server: Any, demo: Any, shot: Any
) -> None:
    from tests.e2e.test_phone import PHONE, reachable

    page.set_viewport_size(PHONE)
    login(page, live_server.url, "pimpinan2")
    page.wait_for_selector("text=Penilaian Zona Integritas")
    page.goto(f"{live_server.url}/penilaian/{demo[1].pk}/")
    page.locator("#action-sign_off button[type=submit]").click()
    page.wait_for_selector("#confirm-dialog[open]")
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "confirm-dialog-phone.png"))  # the screen, not the page
    for button in ("#confirm-dialog button[value=cancel]", "#confirm-dialog-ok"):
        reachable(page.locator(button))
        assert page.locator(button).bounding_box()["height"] >= 44
    # The confirm button says what it does: the step's own label.
    assert page.locator("#confirm-dialog-ok").inner_text() == "Setujui pengajuan"


def test_attach_existing_list_opens_in_place(page: Any, live_server: Any, demo: Any) -> None:
    """The attach-existing list is not part of the page: opening the control loads it into the
    panel (no reload), and attaching from it swaps the panel with the document listed."""
    from areas.models import Question
    from evidence.models import Evidence
    from tests.factories import EvidenceFactory

    assessment = demo[1]
    other = EvidenceFactory(
        assessment=assessment,
        questions=list(Question.objects.filter(framework=assessment.framework, code="A.I.1.i.b")),
        title="Dokumen untuk dilampirkan",
    )
    login(page, live_server.url, "timkerja2")
    page.wait_for_selector("text=Penilaian Zona Integritas")
    page.goto(f"{live_server.url}/penilaian/{assessment.pk}/pertanyaan/{CHOICE}/")
    assert page.locator("select[name='evidence']").count() == 0
    page.evaluate("window.__notReloaded = 'yes'")
    page.click("text=Pilih dari dokumen penilaian ini")
    select = page.locator("#evidence-panel select[name='evidence']")
    select.wait_for()
    select.select_option(str(other.pk))
    page.click("#evidence-panel form.evidence-attach button[type=submit]")
    page.wait_for_selector(f"#evidence-panel #evidence-{other.pk}")
    assert page.evaluate("window.__notReloaded") == "yes"
    assert CHOICE in set(Evidence.objects.get(pk=other.pk).questions.values_list("code", flat=True))
