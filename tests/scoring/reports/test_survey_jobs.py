"""A survey period's results as PDF and Excel through the report jobs, downloadable, and
attached in one click as evidence to the worksheet's survey questions (issue 14)."""

from __future__ import annotations

import datetime
import hashlib
import io
from decimal import Decimal
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from evidence.models import Evidence, EvidenceAttachment
from scoring.models import ReportJob
from scoring.surveys.instrument import instrument
from scoring.surveys.models import SurveyPeriod, SurveyResponse
from scoring.surveys.report import EVIDENCE_CODES
from scoring.surveys.selectors import result_for
from tests.conftest import PERSONAS, SEES, World

pytestmark = pytest.mark.django_db


def _period(world: World, n: int = 12) -> SurveyPeriod:
    today = timezone.localdate()
    period = SurveyPeriod.objects.create(
        unit=world.own.unit,
        label="2026-T4",
        starts_on=today - datetime.timedelta(days=10),
        ends_on=today + datetime.timedelta(days=10),
        code="rpt12345",
        instrument_version=instrument().version,
    )
    keys = instrument().all_item_keys
    SurveyResponse.objects.bulk_create(
        SurveyResponse(period=period, answers={k: 3 + (i + j) % 2 for j, k in enumerate(keys)})
        for i in range(n)
    )
    return period


def _request(world: World, persona: str, period: SurveyPeriod, kind: str, capture: Any) -> Any:
    with capture(execute=True):
        return world.client(persona).post(
            reverse("reports:survey-request", args=[period.pk]), {"kind": kind}
        )


def test_pdf_and_excel_are_made_with_the_period_numbers_and_downloaded(
    world: World, django_capture_on_commit_callbacks: Any
) -> None:
    period = _period(world)
    _request(world, "tim_kerja", period, "survey_pdf", django_capture_on_commit_callbacks)
    _request(world, "tim_kerja", period, "survey_xlsx", django_capture_on_commit_callbacks)
    pdf = ReportJob.objects.get(kind="survey_pdf")
    xlsx = ReportJob.objects.get(kind="survey_xlsx")
    assert (pdf.status, pdf.progress, pdf.unit_id, pdf.params["period"]) == (
        "done",
        100,
        world.own.unit_id,
        period.pk,
    )
    assert pdf.filename.endswith(".pdf") and xlsx.filename.endswith(".xlsx")
    client = world.client("tim_kerja")
    got: Any = client.get(reverse("reports:job-download", args=[pdf.pk]))
    body = b"".join(got.streaming_content)
    assert body.startswith(b"%PDF")
    got = client.get(reverse("reports:job-download", args=[xlsx.pk]))
    data = b"".join(got.streaming_content)
    book = load_workbook(io.BytesIO(data))
    res = result_for(period, "spak").result
    sheet = book["IPAK"]
    assert sheet["B4"].value == pytest.approx(float(res.index or Decimal(0)))
    assert sheet["B5"].value == 12
    assert book["Tren"]["A2"].value == "2026-T4"
    # The period page lists the person's files with the evidence buttons once done.
    page = client.get(reverse("reports:survey-jobs", args=[period.pk])).content.decode()
    for code in EVIDENCE_CODES:
        assert f'value="{code}"' in page


@pytest.mark.parametrize("persona", PERSONAS)
def test_who_may_request_list_and_download(
    world: World, persona: str, django_capture_on_commit_callbacks: Any
) -> None:
    period = _period(world)
    sees = persona in SEES["own"]
    response = _request(world, persona, period, "survey_pdf", django_capture_on_commit_callbacks)
    assert response.status_code == (302 if sees else 404)
    jobs = world.client(persona).get(reverse("reports:survey-jobs", args=[period.pk]))
    assert jobs.status_code == (200 if sees else 404)
    _request(world, "tim_kerja", period, "survey_pdf", django_capture_on_commit_callbacks)
    job = ReportJob.objects.filter(requested_by__username="tim_kerja").first()
    assert job is not None
    download = world.client(persona).get(reverse("reports:job-download", args=[job.pk]))
    assert download.status_code == (200 if sees else 404)
    attach = world.client(persona).post(
        reverse("reports:survey-attach", args=[job.pk]), {"question": "A.I.6.iv.a"}
    )
    # Only the unit's tim kerja writes documents; the others see the 403 page or a 404.
    expected = 302 if persona == "tim_kerja" else 403 if sees else 404
    assert attach.status_code == expected


def test_attach_in_one_click_stores_one_document_for_several_questions(
    world: World, django_capture_on_commit_callbacks: Any
) -> None:
    period = _period(world)
    _request(world, "tim_kerja", period, "survey_pdf", django_capture_on_commit_callbacks)
    job = ReportJob.objects.get()
    client = world.client("tim_kerja")
    url = reverse("reports:survey-attach", args=[job.pk])
    assert client.post(url, {"question": "A.I.6.iv.a"}).status_code == 302
    evidence = Evidence.objects.get(assessment=world.own)
    job.file.open("rb")
    sha = hashlib.sha256(job.file.read()).hexdigest()
    job.file.close()
    assert evidence.current_revision is not None
    assert evidence.current_revision.sha256 == sha
    assert client.post(url, {"question": "B.I.a"}).status_code == 302
    assert Evidence.objects.filter(assessment=world.own).count() == 1
    codes = set(
        EvidenceAttachment.objects.filter(evidence=evidence).values_list(
            "question__code", flat=True
        )
    )
    assert codes == {"A.I.6.iv.a", "B.I.a"}
    # A question outside the survey ones is refused and nothing is attached.
    client.post(url, {"question": "A.I.1.i.a"})
    assert EvidenceAttachment.objects.filter(evidence=evidence).count() == 2


def test_restricted_tim_kerja_may_not_attach_outside_its_areas_and_nothing_is_stored(
    world: World, django_capture_on_commit_callbacks: Any
) -> None:
    period = _period(world)
    _request(world, "tim_kerja", period, "survey_xlsx", django_capture_on_commit_callbacks)
    job = ReportJob.objects.get()
    url = reverse("reports:survey-attach", args=[job.pk])
    client = world.client("tim_kerja_restricted")  # areas 1 and 2 only
    # A.I.6.iv is in area 6 (Peningkatan Kualitas Pelayanan Publik), B.II.a in the hasil.
    for code in ("A.I.6.iv.b", "B.II.a"):
        refused = client.post(url, {"question": code})
        assert refused.status_code == 403
        assert refused["X-Refusal-Code"]
    assert not EvidenceAttachment.objects.exists() and not Evidence.objects.exists()
