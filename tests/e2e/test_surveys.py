"""The public survey on a 390 px phone: answer, submit, a second submission refused kindly; the
QR code of the period page decodes to the questionnaire's URL (zxing-cpp on the browser's
rendering of the SVG)."""

from __future__ import annotations

import io
from typing import Any

import pytest
import zxingcpp
from django.utils import timezone
from PIL import Image

from scoring.surveys.instrument import instrument
from scoring.surveys.models import SurveyResponse
from scoring.surveys.services import survey_period_create
from tests.e2e.test_phone import PHONE, assert_fits, reachable
from tests.factories import PASSWORD, MembershipFactory, UnitFactory, UserFactory

pytestmark = pytest.mark.e2e


@pytest.fixture
def period(transactional_db: None, settings: Any) -> Any:
    settings.AXES_ENABLED = False
    unit = UnitFactory(name="Kantor Layanan Uji", parent=UnitFactory(name="Instansi Uji"))
    user = UserFactory(username="timsurvei")
    MembershipFactory(user=user, unit=unit, role="tim_kerja")
    return survey_period_create(actor=user, unit=unit, day=timezone.localdate())


def _answer_all(page: Any) -> None:
    for key in instrument().all_item_keys:
        page.check(f"input[name={key}][value='3']")
    page.select_option("#id_age_band", "30-39")


def test_phone_answers_once_and_the_qr_code_decodes(
    page: Any, live_server: Any, period: Any, shot: Any
) -> None:
    page.set_viewport_size(PHONE)
    url = f"{live_server.url}/s/{period.code}/"
    page.goto(url)
    assert_fits(page, "questionnaire")
    # A second tab of the same browser opens the form before the first one is sent.
    other = page.context.new_page()
    other.set_viewport_size(PHONE)
    other.goto(url)
    _answer_all(page)
    submit = page.locator("button.survey-submit")
    submit.scroll_into_view_if_needed()
    reachable(submit)
    shot(page, "filled")
    submit.click()
    page.wait_for_selector("#survey-notice[data-code=survey_thanks]")
    shot(page, "thanks")
    assert SurveyResponse.objects.filter(period=period).count() == 1
    # The second submission from the same browser: a kind notice, nothing stored.
    _answer_all(other)
    other.click("button.survey-submit")
    notice = other.wait_for_selector("#survey-notice[data-code=survey_already_answered]")
    assert "sudah mengisi" in notice.inner_text()
    assert_fits(other, "again")
    shot(other, "again")
    assert SurveyResponse.objects.filter(period=period).count() == 1
    # Reloading the questionnaire says the same.
    page.goto(url)
    page.wait_for_selector("#survey-notice[data-code=survey_already_answered]")

    # The period page's QR code, as the browser draws it, decodes to the questionnaire URL.
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{live_server.url}/masuk/")
    page.fill("#id_username", "timsurvei")
    page.fill("#id_password", PASSWORD)
    page.click("#login-submit")
    page.wait_for_load_state("networkidle")
    page.goto(f"{live_server.url}/survei/periode/{period.pk}/")
    qr = page.locator("img.survey-qr")
    qr.wait_for()
    png = qr.screenshot()
    found = zxingcpp.read_barcodes(Image.open(io.BytesIO(png)))
    assert [r.text for r in found] == [url]
    page.set_viewport_size(PHONE)
    assert_fits(page, "results")
    shot(page, "results")
