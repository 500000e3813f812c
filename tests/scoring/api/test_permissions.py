"""Every endpoint x persona x unit: what the pages show, the API shows; what they hide is 404.

Reads: 200 for who sees the assessment (tests.conftest.SEES), 404 for everyone else, never 403
(which would confirm the object exists). Writes: the owner of the action succeeds, a viewer who
may not act gets 403 with the refusal code of docs/rules.md, a non-viewer 404.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.urls import reverse

from evidence.models import Evidence
from scoring.models import Answer, ReportJob
from tests.conftest import SEES
from tests.evidence.conftest import upload
from tests.factories import FIRST_CODE, pdf_bytes
from tests.scoring.api.conftest import API_PERSONAS, SCOPES, ApiWorld, Objects, body

pytestmark = pytest.mark.django_db

READS: dict[str, Callable[[Objects], str]] = {
    "unit": lambda o: reverse("api:unit-detail", args=[o.assessment.unit_id]),
    "assessment": lambda o: reverse("api:assessment-detail", args=[o.assessment.pk]),
    "scores": lambda o: reverse("api:scores", args=[o.assessment.pk]),
    "answers": lambda o: reverse("api:answer-list", args=[o.assessment.pk, "unit"]),
    "answer": lambda o: reverse("api:answer-detail", args=[o.assessment.pk, "unit", FIRST_CODE]),
    "evidence": lambda o: reverse("api:evidence", args=[o.assessment.pk, FIRST_CODE]),
    "download": lambda o: reverse(
        "api:revision-download", args=[o.assessment.pk, o.evidence.pk, o.revision_pk]
    ),
    "reports": lambda o: reverse("api:reports", args=[o.assessment.pk]),
    "job": lambda o: reverse("api:report-detail", args=[o.job.pk]),
    "job_download": lambda o: reverse("api:report-download", args=[o.job.pk]),
}


def _sees(persona: str, scope: str) -> bool:
    return persona in SEES[scope]


@pytest.mark.parametrize("scope", SCOPES)
@pytest.mark.parametrize("persona", API_PERSONAS)
@pytest.mark.parametrize("endpoint", list(READS))
def test_reads(api: ApiWorld, endpoint: str, persona: str, scope: str) -> None:
    objects = api.objects[scope]
    response = api.client(persona).get(READS[endpoint](objects))
    if not _sees(persona, scope):
        assert response.status_code == 404, response.content
        assert body(response)["code"] == "not_found"
        return
    assert response.status_code == 200, response.content
    if endpoint == "download":
        assert b"".join(response.streaming_content).startswith(b"%PDF")
        assert {"private", "no-store"} <= set(response["Cache-Control"].split(", "))
    elif endpoint == "job_download":
        assert b"".join(response.streaming_content) == b"%PDF-1.4 api\n"
    elif endpoint == "answer":
        assert body(response)["choice"] == "Tidak"
        assert body(response)["version"] == objects.answer.version
    elif endpoint == "evidence":
        rows = body(response)["results"]
        assert [r["id"] for r in rows] == [objects.evidence.pk]
        assert rows[0]["questions"] == [FIRST_CODE]
    elif endpoint == "scores":
        assert set(body(response)) == {"unit", "tpi"}
    elif endpoint == "assessment":
        assert body(response)["unit"]["id"] == objects.assessment.unit_id


@pytest.mark.parametrize("persona", API_PERSONAS)
def test_lists_hold_only_what_the_persona_sees(api: ApiWorld, persona: str) -> None:
    client = api.client(persona)
    seen = {body(client.get(reverse("api:assessment-list")))["count"]}
    ids = {r["id"] for r in body(client.get(reverse("api:assessment-list")))["results"]}
    expected = {api.objects[s].assessment.pk for s in SCOPES if _sees(persona, s)}
    assert ids == expected and seen == {len(expected)}
    units = {r["id"] for r in body(client.get(reverse("api:unit-list")))["results"]}
    expected_units = {api.objects[s].assessment.unit_id for s in SCOPES if _sees(persona, s)}
    assert expected_units <= units
    assert api.objects["other"].assessment.unit_id not in units


# --- writes -----------------------------------------------------------------------------------


# The own unit's draft: who may save the unit side, upload, and ask for a report, and the code
# of the refusal for a viewer who may not (docs/rules.md).
def _unit_write(persona: str, scope: str) -> str | None:
    """None: allowed; else the refusal code (viewers only; others get 404)."""
    return None if (persona, scope) == ("tim_kerja", "own") else "not_tim_kerja"


def _answer_put(api: ApiWorld, persona: str, objects: Objects, side: str = "unit") -> object:
    url = reverse("api:answer-detail", args=[objects.assessment.pk, side, FIRST_CODE])
    data = {"choice": "Ya", "version": objects.answer.version, "note": "dari API"}
    return api.client(persona).put(url, data, content_type="application/json")


@pytest.mark.parametrize("scope", SCOPES)
@pytest.mark.parametrize("persona", API_PERSONAS)
def test_answer_write(api: ApiWorld, persona: str, scope: str) -> None:
    objects = api.objects[scope]
    response = _answer_put(api, persona, objects)
    stored = Answer.objects.get(pk=objects.answer.pk)
    if not _sees(persona, scope):
        assert response.status_code == 404  # type: ignore[attr-defined]
        assert stored.choice == "Tidak"
        return
    code = _unit_write(persona, scope)
    if code is None:
        assert response.status_code == 200, response.content  # type: ignore[attr-defined]
        assert body(response)["choice"] == "Ya"
        assert body(response)["version"] == objects.answer.version + 1
        assert (stored.choice, stored.note, stored.answered_by) == (
            "Ya",
            "dari API",
            api.world.users[persona],
        )
    else:
        assert response.status_code == 403  # type: ignore[attr-defined]
        assert body(response)["code"] == code
        assert stored.choice == "Tidak"


def test_tpi_side_is_refused_to_the_unit_and_while_the_unit_drafts(api: ApiWorld) -> None:
    objects = api.objects["own"]
    url = reverse("api:answer-detail", args=[objects.assessment.pk, "tpi", FIRST_CODE])
    data = {"choice": "Ya", "version": None, "note": "x"}
    for persona, code in (("tim_kerja", "not_tpi"), ("tpi", "tpi_side_locked")):
        response = api.client(persona).put(url, data, content_type="application/json")
        assert response.status_code == 403
        assert body(response)["code"] == code
    assert not Answer.objects.filter(assessment=objects.assessment, side="tpi").exists()


@pytest.mark.parametrize("scope", SCOPES)
@pytest.mark.parametrize("persona", API_PERSONAS)
def test_upload(api: ApiWorld, persona: str, scope: str) -> None:
    objects = api.objects[scope]
    url = reverse("api:evidence", args=[objects.assessment.pk, FIRST_CODE])
    before = Evidence.objects.count()
    response = api.client(persona).post(
        url, {"file": upload("laporan-api.pdf", pdf_bytes("Laporan API")), "title": "Laporan"}
    )
    if not _sees(persona, scope):
        assert response.status_code == 404
        assert Evidence.objects.count() == before
        return
    code = _unit_write(persona, scope)
    if code is None:
        assert response.status_code == 201, response.content
        created = Evidence.objects.get(pk=body(response)["id"])
        assert created.title == "Laporan"
        assert created.created_by == api.world.users[persona]
        assert body(response)["revisions"][0]["original_name"] == "laporan-api.pdf"
    else:
        assert response.status_code == 403
        assert body(response)["code"] == code
        assert Evidence.objects.count() == before


@pytest.mark.parametrize("scope", SCOPES)
@pytest.mark.parametrize("persona", API_PERSONAS)
def test_report_request(
    api: ApiWorld, persona: str, scope: str, django_capture_on_commit_callbacks: Any
) -> None:
    objects = api.objects[scope]
    url = reverse("api:reports", args=[objects.assessment.pk])
    before = ReportJob.objects.count()
    with django_capture_on_commit_callbacks(execute=True):
        response = api.client(persona).post(
            url, {"kind": "lke_xlsx"}, content_type="application/json"
        )
    if not _sees(persona, scope):
        assert response.status_code == 404
        assert ReportJob.objects.count() == before
        return
    assert response.status_code == 202, response.content
    job = ReportJob.objects.get(pk=body(response)["id"])
    assert (job.kind, job.assessment_id, job.requested_by) == (
        "lke_xlsx",
        objects.assessment.pk,
        api.world.users[persona],
    )
    # Eager Celery in tests: the job has run; its status and file come through the API.
    status = body(api.client(persona).get(reverse("api:report-detail", args=[job.pk])))
    assert status["status"] == "done", status
    download = api.client(persona).get(status["download"])
    assert download.status_code == 200
    assert b"".join(download.streaming_content)[:2] == b"PK"  # an xlsx is a zip
