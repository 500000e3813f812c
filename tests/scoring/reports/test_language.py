"""The dashboard and the PDF report in English: verdicts, warnings and the gap through the
presenter, numbers with a decimal point; in Indonesian with a comma."""

from __future__ import annotations

import io
import re
from decimal import Decimal
from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from django.utils import translation
from pypdf import PdfReader

from scoring.models import ReportJob
from scoring.presenters import number
from scoring.reports.services import report_request
from scoring.selectors.scores import assessment_scores, spec_for
from tests.i18n_catalogue import EN_DECIMAL, ID_DECIMAL, page_text, untranslated
from tests.scoring.reports.conftest import answer_all

pytestmark = pytest.mark.django_db


def _in(language: str, client: Client) -> Client:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return client


@pytest.fixture
def missed(world: Any) -> Any:
    """Unit answers two steps below the best with three left blank (provisional, WBK missed,
    a gap plan with steps); TPI one step below."""
    answer_all(world.own, side="unit", rank=2, skip=3, index=Decimal("3.2"), kinerja="C")
    answer_all(world.own, side="tpi", rank=1, index=Decimal("3.4"), kinerja="B")
    return world


def _sections(body: str) -> str:
    """The verdict and gap blocks of a page (from the first verdict to the end of the gaps)."""
    start = body.index('<div class="verdict">')
    end = body.rindex('<div class="gap">')
    end = body.index("</div>", end)
    return page_text(body[start:end])


def test_english_dashboard_has_no_indonesian_verdict_warning_or_gap(missed: Any) -> None:
    world = missed
    unit = assessment_scores(assessment=world.own)["unit"]
    assert not unit.complete and not unit.verdicts["WBK"].passed and unit.gap["WBK"].steps
    body = _in("en", world.client("tim_kerja")).get(f"/penilaian/{world.own.pk}/dasbor/")
    assert body.status_code == 200
    html = body.content.decode()
    assert 'lang="en"' in html
    spec = spec_for(world.own)
    text = page_text(html)
    assert untranslated(text, spec) == []
    assert "Total score (enablers + results)" in text
    assert re.search(r"Assessment incomplete \(\d+ of 113 inputs answered\)", text)
    assert "Quickest steps towards WBK" in text
    with translation.override("en"):
        total = number(unit.total)
    assert re.fullmatch(r"\d+\.\d\d", total) and total in text
    sections = _sections(html)
    assert EN_DECIMAL.search(sections)
    assert not ID_DECIMAL.search(sections), ID_DECIMAL.findall(sections)
    assert not ID_DECIMAL.search(text), ID_DECIMAL.findall(text)


def test_indonesian_dashboard_keeps_comma_decimals(missed: Any) -> None:
    world = missed
    unit = assessment_scores(assessment=world.own)["unit"]
    html = _in("id", world.client("tim_kerja")).get(f"/penilaian/{world.own.pk}/dasbor/")
    html_text = html.content.decode()
    text = page_text(html_text)
    assert "Nilai total (pengungkit + hasil)" in text
    assert re.search(r"Penilaian belum lengkap \(\d+ dari 113 isian terjawab\)", text)
    with translation.override("id"):
        assert number(unit.total) in text
    sections = _sections(html_text)
    assert ID_DECIMAL.search(sections)
    assert not EN_DECIMAL.search(sections), EN_DECIMAL.findall(sections)


def _pdf_text(data: bytes) -> str:
    reader = PdfReader(io.BytesIO(data))
    return " ".join(" ".join((p.extract_text() or "") for p in reader.pages).split())


def test_pdf_report_asked_in_english_is_written_in_english(
    missed: Any, django_capture_on_commit_callbacks: Any
) -> None:
    world = missed
    with translation.override("en"), django_capture_on_commit_callbacks(execute=True):
        job = report_request(
            actor=world.users["pimpinan"], kind=ReportJob.Kind.ASSESSMENT_PDF, assessment=world.own
        )
    job.refresh_from_db()
    assert job.status == ReportJob.Status.DONE, job.error
    assert job.params["language"] == "en"
    text = _pdf_text(job.file.read())
    spec = spec_for(world.own)
    assert untranslated(text, spec) == []
    assert "Total score (enablers + results)" in text
    assert re.search(r"Assessment incomplete \(\d+ of 113 inputs answered\)", text)
    scores = assessment_scores(assessment=world.own)
    with translation.override("en"):
        assert number(scores["unit"].total) in text
        assert number(scores["tpi"].total) in text
    assert not ID_DECIMAL.search(text), ID_DECIMAL.findall(text)[:10]
    pages = len(PdfReader(io.BytesIO(job.file.open("rb").read())).pages)
    assert f"Page 2 of {pages}" in text and "Halaman" not in text  # the page footer


def test_pdf_report_defaults_to_indonesian(
    missed: Any, django_capture_on_commit_callbacks: Any
) -> None:
    world = missed
    with translation.override("id"), django_capture_on_commit_callbacks(execute=True):
        job = report_request(
            actor=world.users["pimpinan"], kind=ReportJob.Kind.ASSESSMENT_PDF, assessment=world.own
        )
    job.refresh_from_db()
    assert job.status == ReportJob.Status.DONE, job.error
    text = _pdf_text(job.file.read())
    assert "Nilai total (pengungkit + hasil)" in text
    assert re.search(r"Penilaian belum lengkap \(\d+ dari 113 isian terjawab\)", text)
    assert re.search(r"Halaman 2 dari \d+", text)  # the page footer
    with translation.override("id"):
        assert number(assessment_scores(assessment=world.own)["unit"].total) in text
