"""GET /api/v1/search/: the evidence search of the pages through a token, the same documents
for the same persona; 404 for an assessment the persona may not see."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from evidence.preview.services import preview_queue
from tests.conftest import SEES
from tests.evidence.search.conftest import ONLY_IN_TEXT
from tests.factories import FIRST_CODE, EvidenceFactory, pdf_bytes
from tests.scoring.api.conftest import API_PERSONAS, ApiWorld, body

pytestmark = pytest.mark.django_db

URL = "/api/v1/search/"


@pytest.fixture
def target(api: ApiWorld, django_capture_on_commit_callbacks: Any) -> Any:
    """A PDF whose text alone holds ONLY_IN_TEXT, its text extracted by the preview task."""
    with django_capture_on_commit_callbacks(execute=True):
        ev = EvidenceFactory(
            assessment=api.world.own,
            title="Notulen <i>Rapat</i>",
            content=pdf_bytes(f"Pembahasan {ONLY_IN_TEXT} bersama"),
            questions=[FIRST_CODE],
            revision__original_name="notulen.pdf",
        )
        preview_queue(revision=ev.current_revision)
    return ev


@pytest.mark.parametrize("persona", API_PERSONAS)
def test_only_who_sees_the_unit_finds_the_word(api: ApiWorld, target: Any, persona: str) -> None:
    resp = api.client(persona).get(URL, {"q": ONLY_IN_TEXT})
    assert resp.status_code == 200
    results = body(resp)["results"]
    if persona not in SEES["own"]:
        assert results == []
        return
    assert [r["evidence"] for r in results] == [target.pk]
    hit = results[0]
    assert hit["matched"] == ["text"] and hit["file_name"] == "notulen.pdf"
    assert hit["assessment"] == api.world.own.pk and hit["unit"] == "Unit Satu"
    assert f"<mark>{ONLY_IN_TEXT}</mark>" in hit["snippet"]
    args = [api.world.own.pk, target.pk, target.current_revision_id]
    assert hit["download"] == reverse("api:revision-download", args=args)
    assert api.client(persona).get(hit["download"]).status_code == 200


def test_within_an_assessment_limit_and_refusals(api: ApiWorld, target: Any) -> None:
    client = api.client("pimpinan_instansi")
    # "SK Tim Kerja" is in each assessment of the world (the API fixtures).
    both = body(client.get(URL, {"q": "SK Tim Kerja"}))["results"]
    assert {r["assessment"] for r in both} == {api.world.own.pk, api.world.sibling.pk}
    one = body(client.get(URL, {"q": "SK Tim Kerja", "assessment": api.world.sibling.pk}))
    assert [r["assessment"] for r in one["results"]] == [api.world.sibling.pk]
    limited = body(client.get(URL, {"q": "SK Tim Kerja", "limit": 1}))
    assert len(limited["results"]) == 1 and limited["more"] is True
    other = client.get(URL, {"q": "SK", "assessment": api.world.other.pk})
    assert other.status_code == 404
    short = client.get(URL, {"q": "a"})
    assert short.status_code == 400 and body(short)["code"] == "query_too_short"
    assert api.client("tim_kerja").get(URL, {"q": ""}).status_code == 400


def test_title_is_plain_and_snippet_escaped(api: ApiWorld, target: Any) -> None:
    hit = body(api.client("tpi").get(URL, {"q": "rapat"}))["results"][0]
    assert hit["title"] == "Notulen <i>Rapat</i>" and hit["matched"][0] == "title"


def test_anonymous_gets_401() -> None:
    from django.test import Client

    assert Client().get(URL, {"q": ONLY_IN_TEXT}).status_code == 401
