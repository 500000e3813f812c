"""Saving answers through the API: the version it started from, 409 on a stale one, values
checked as on the page, PATCH keeping the note."""

from __future__ import annotations

import pytest
from auditlog.models import LogEntry
from django.test import Client
from django.urls import reverse

from areas.models import Question
from scoring.api.services import token_create
from scoring.models import Answer
from tests.evidence.test_rules import close_window
from tests.factories import FIRST_CODE, AnswerFactory
from tests.scoring.api.conftest import ApiWorld, body

pytestmark = pytest.mark.django_db


def _url(api: ApiWorld, code: str = FIRST_CODE, side: str = "unit") -> str:
    return reverse("api:answer-detail", args=[api.world.own.pk, side, code])


def test_stale_version_is_409_with_the_stored_answer_and_nothing_written(api: ApiWorld) -> None:
    answer = api.objects["own"].answer
    client = api.client("tim_kerja")
    first = client.put(_url(api), {"choice": "Ya", "version": answer.version}, "application/json")
    assert first.status_code == 200
    entry = LogEntry.objects.get_for_object(answer).latest("timestamp")
    assert entry.actor == api.world.users["tim_kerja"]  # the token's owner, in the audit trail
    # A second program still holding the old version.
    stale_body = {"choice": "Tidak", "version": answer.version}
    stale = client.put(_url(api), stale_body, "application/json")
    assert stale.status_code == 409
    data = body(stale)
    assert data["code"] == "answer_conflict"
    assert data["current"]["choice"] == "Ya"
    assert data["current"]["version"] == answer.version + 1
    assert api.world.users["tim_kerja"].get_full_name() in data["detail"]
    stored = Answer.objects.get(pk=answer.pk)
    assert (stored.choice, stored.version) == ("Ya", answer.version + 1)


def test_a_new_answer_names_no_version_and_a_second_creation_conflicts(api: ApiWorld) -> None:
    code = "A.I.1.i.b"
    client = api.client("tim_kerja")
    created = client.put(_url(api, code), {"choice": "B", "version": None}, "application/json")
    assert created.status_code == 200, created.content
    assert body(created)["version"] == 1
    again = client.put(_url(api, code), {"choice": "C", "version": None}, "application/json")
    assert again.status_code == 409
    assert body(again)["current"]["choice"] == "B"


def test_an_invalid_value_is_400_with_the_reason(api: ApiWorld) -> None:
    answer = api.objects["own"].answer
    response = api.client("tim_kerja").put(
        _url(api), {"choice": "Mungkin", "version": answer.version}, "application/json"
    )
    assert response.status_code == 400
    assert "Pilih salah satu jawaban yang sah" in body(response)["detail"]
    assert Answer.objects.get(pk=answer.pk).choice == "Tidak"


def test_a_missing_version_is_400(api: ApiWorld) -> None:
    response = api.client("tim_kerja").put(_url(api), {"choice": "Ya"}, "application/json")
    assert response.status_code == 400
    assert body(response)["code"] == "invalid"
    assert "version" in body(response)["errors"]


def test_patch_keeps_the_note_put_replaces_it(api: ApiWorld) -> None:
    answer = AnswerFactory(assessment=api.world.own, code="A.I.1.i.b", choice="A", note="lama")
    client = api.client("tim_kerja")
    url = _url(api, "A.I.1.i.b")
    patched = client.patch(url, {"choice": "B", "version": answer.version}, "application/json")
    assert body(patched)["note"] == "lama"
    put = client.put(url, {"choice": "C", "version": answer.version + 1}, "application/json")
    assert body(put)["note"] == ""


def test_an_unknown_side_or_question_is_404(api: ApiWorld) -> None:
    client = api.client("tim_kerja")
    assert client.get(_url(api, side="lain")).status_code == 404
    assert client.get(_url(api, code="Z.9.9")).status_code == 404
    unknown_side = reverse("api:answer-list", args=[api.world.own.pk, "lain"])
    assert client.get(unknown_side).status_code == 404


def test_closed_window_and_restricted_area_are_refused_with_their_codes(api: ApiWorld) -> None:
    restricted = api.world.users["tim_kerja_restricted"]
    _row, token = token_create(actor=restricted, name="terbatas")
    area3 = Question.objects.filter(
        framework=api.world.own.framework, indicator__part__area__no=3
    ).order_by("position")[0]
    response = Client(HTTP_AUTHORIZATION=f"Bearer {token}").put(
        _url(api, area3.code), {"choice": "A", "version": None}, "application/json"
    )
    assert response.status_code == 403
    assert body(response)["code"] == "area_not_assigned"
    close_window(api.world.own, "self_assessment_end")
    answer = api.objects["own"].answer
    closed = api.client("tim_kerja").put(
        _url(api), {"choice": "Ya", "version": answer.version}, "application/json"
    )
    assert (closed.status_code, body(closed)["code"]) == (403, "window_closed")
    assert Answer.objects.get(pk=answer.pk).choice == "Tidak"
