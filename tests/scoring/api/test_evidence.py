"""Uploads through the API pass the same content checks as the page: a hostile file is a 400
with the check's code and reason, and nothing is stored."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from evidence.models import Evidence, EvidenceRevision
from tests.evidence.conftest import stored_files, upload
from tests.evidence.validation.test_validation import BAD_FILES
from tests.factories import FIRST_CODE, pdf_bytes
from tests.scoring.api.conftest import ApiWorld, body

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("name", "content", "reason"), BAD_FILES, ids=[b[0] for b in BAD_FILES])
def test_hostile_file_is_refused_and_nothing_stored(
    api: ApiWorld, settings: Any, name: str, content: bytes, reason: str
) -> None:
    before_files = stored_files(settings)
    before = (Evidence.objects.count(), EvidenceRevision.objects.count())
    url = reverse("api:evidence", args=[api.world.own.pk, FIRST_CODE])
    response = api.client("tim_kerja").post(url, {"file": upload(name, content)})
    assert response.status_code == 400, response.content
    data = body(response)
    assert reason in data["detail"]
    assert data["code"] not in ("", "invalid")
    assert (Evidence.objects.count(), EvidenceRevision.objects.count()) == before
    assert stored_files(settings) == before_files


def test_macro_workbook_names_the_macro_code(api: ApiWorld) -> None:
    name, content, _reason = next(b for b in BAD_FILES if b[0] == "makro.docm")
    url = reverse("api:evidence", args=[api.world.own.pk, FIRST_CODE])
    response = api.client("tim_kerja").post(url, {"file": upload(name, content)})
    assert (response.status_code, body(response)["code"]) == (400, "macro")


def test_the_same_file_twice_is_a_409_naming_the_existing_document(api: ApiWorld) -> None:
    url = reverse("api:evidence", args=[api.world.own.pk, FIRST_CODE])
    client = api.client("tim_kerja")
    content = pdf_bytes("Sekali saja")
    first = client.post(url, {"file": upload("a.pdf", content)})
    assert first.status_code == 201
    second = client.post(url, {"file": upload("b.pdf", content)})
    assert second.status_code == 409
    assert body(second)["code"] == "duplicate_evidence"
    assert body(second)["existing"] == body(first)["id"]


def test_a_revision_of_another_assessment_is_404_beside_the_own_assessment(
    api: ApiWorld,
) -> None:
    other = api.objects["other"]
    url = reverse(
        "api:revision-download", args=[api.world.own.pk, other.evidence.pk, other.revision_pk]
    )
    assert api.client("tim_kerja").get(url).status_code == 404


def test_a_revision_whose_file_is_gone_is_404_with_a_code(api: ApiWorld) -> None:
    own = api.objects["own"]
    revision = EvidenceRevision.objects.get(pk=own.revision_pk)
    revision.file.storage.delete(revision.file.name)
    url = reverse("api:revision-download", args=[own.assessment.pk, own.evidence.pk, revision.pk])
    response = api.client("tim_kerja").get(url)
    assert (response.status_code, body(response)["code"]) == (404, "file_missing")


def test_a_token_upload_above_the_anonymous_body_cap_is_accepted(
    api: ApiWorld, settings: Any
) -> None:
    """The body cap counts an active token as signed in; a wrong token stays anonymous (413)."""
    settings.REQUEST_BODY_MAX_ANONYMOUS_BYTES = 16 * 1024
    big = pdf_bytes("Besar") + b"\n%" + b"0" * (64 * 1024) + b"\n"
    url = reverse("api:evidence", args=[api.world.own.pk, FIRST_CODE])
    accepted = api.client("tim_kerja").post(url, {"file": upload("besar.pdf", big)})
    assert accepted.status_code == 201, accepted.content
    from django.test import Client

    forged = Client(HTTP_AUTHORIZATION="Bearer zi_0123456789_palsu")
    refused = forged.post(url, {"file": upload("besar2.pdf", big + b"x")})
    assert refused.status_code == 413
