"""Evidence views answer a refusal with the one 403 page: the reason, and its code in the
X-Refusal-Code header and the data-refusal-code attribute (tests assert codes, not wording)."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from evidence.models import Evidence
from tests.conftest import World
from tests.evidence.conftest import question_in_area, set_status
from tests.factories import CommentFactory, EvidenceFactory, EvidenceLinkFactory, pdf_bytes

pytestmark = pytest.mark.django_db


def refusal_code(response: Any) -> str:
    assert response.status_code == 403, response.status_code
    body = response.content.decode()
    code = response["X-Refusal-Code"]
    assert f'data-refusal-code="{code}"' in body
    assert 'id="forbidden-reason"' in body
    return code


def test_upload_refusals(world: World) -> None:
    q1, q3 = question_in_area(world.own, 1), question_in_area(world.own, 3)

    def post(persona: str, question: Any) -> Any:
        url = reverse("evidence:upload", args=[world.own.pk, question.code])
        f = SimpleUploadedFile(f"{persona}.pdf", pdf_bytes(persona))
        return world.client(persona).post(url, {"documents": [f]})

    assert refusal_code(post("tpi", q1)) == "not_tim_kerja"
    assert refusal_code(post("tim_kerja_restricted", q3)) == "area_not_assigned"
    set_status(world.own, "submitted")
    assert refusal_code(post("tim_kerja", q1)) == "unit_side_locked"
    set_status(world.own, "revision")
    assert refusal_code(post("tim_kerja", q1)) == "revision_question_not_flagged"
    assert Evidence.objects.count() == 0


def test_htmx_upload_refusal_is_the_same_403(world: World) -> None:
    q1 = question_in_area(world.own, 1)
    url = reverse("evidence:upload", args=[world.own.pk, q1.code])
    f = SimpleUploadedFile("a.pdf", pdf_bytes("a"))
    response = world.client("pimpinan").post(url, {"documents": [f]}, HTTP_HX_REQUEST="true")
    assert refusal_code(response) == "not_tim_kerja"


def test_write_comment_publish_restore_refusals(world: World) -> None:
    q1 = question_in_area(world.own, 1)
    ev = EvidenceFactory(assessment=world.own, questions=[q1])
    pk = world.own.pk
    tpi: Client = world.client("tpi")
    assert refusal_code(tpi.post(reverse("evidence:delete", args=[pk, ev.pk]))) == "not_tim_kerja"
    publish = reverse("evidence:publish", args=[pk, ev.pk])
    assert refusal_code(tpi.post(publish, {"is_public": "1"})) == "publish_not_allowed"
    comment = reverse("evidence:comment-add", args=[pk, q1.code])
    pimi = world.client("pimpinan_instansi")
    assert refusal_code(pimi.post(comment, {"body": "x"})) == "comment_read_only"
    cm = CommentFactory(assessment=world.own, question=q1)
    resolve = reverse("evidence:comment-resolve", args=[pk, cm.pk])
    assert refusal_code(pimi.post(resolve)) == "comment_read_only"
    set_status(world.own, "submitted")
    replace = reverse("evidence:replace", args=[pk, ev.pk])
    f = SimpleUploadedFile("baru.pdf", pdf_bytes("baru"))
    response = world.client("tim_kerja").post(replace, {"file": f, "q": q1.code})
    assert refusal_code(response) == "unit_side_locked"


def test_publish_follows_the_unit_side_rules(world: World) -> None:
    """Issue 10, item 4: area, status and window, as every other unit-side change."""
    q1, q3 = question_in_area(world.own, 1), question_in_area(world.own, 3)
    ev1 = EvidenceFactory(assessment=world.own, questions=[q1])
    ev3 = EvidenceFactory(assessment=world.own, questions=[q3])

    def post(persona: str, ev: Evidence) -> Any:
        url = reverse("evidence:publish", args=[world.own.pk, ev.pk])
        return world.client(persona).post(url, {"is_public": "1"})

    assert refusal_code(post("tim_kerja_restricted", ev3)) == "area_not_assigned"
    for status in ("submitted", "in_review", "evaluated"):
        set_status(world.own, status)
        assert refusal_code(post("tim_kerja", ev1)) == "unit_side_locked"
    assert not Evidence.objects.filter(is_public=True).exists()
    assert post("admin", ev1).status_code == 302
    ev1.refresh_from_db()
    assert ev1.is_public


def test_replacing_a_link_checks_permission_first(world: World) -> None:
    """403 with the rule's code, not a message about the link having no file."""
    q1, q3 = question_in_area(world.own, 1), question_in_area(world.own, 3)
    link1 = EvidenceLinkFactory(assessment=world.own, questions=[q1])
    link3 = EvidenceLinkFactory(assessment=world.own, questions=[q3])

    def post(persona: str, ev: Evidence, with_file: bool = True) -> Any:
        url = reverse("evidence:replace", args=[world.own.pk, ev.pk])
        data: dict[str, Any] = {"q": q1.code}
        if with_file:
            data["file"] = SimpleUploadedFile("baru.pdf", pdf_bytes("baru"))
        return world.client(persona).post(url, data, HTTP_HX_REQUEST="true")

    assert refusal_code(post("pimpinan", link1)) == "not_tim_kerja"
    assert refusal_code(post("pimpinan", link1, with_file=False)) == "not_tim_kerja"
    assert refusal_code(post("tim_kerja_restricted", link3)) == "area_not_assigned"
    allowed = post("tim_kerja", link1)
    assert allowed.status_code == 200
    assert "Tautan tidak memiliki berkas untuk diganti." in allowed.content.decode()
    set_status(world.own, "submitted")
    assert refusal_code(post("tim_kerja", link1)) == "unit_side_locked"
    assert refusal_code(post("tim_kerja", link1, with_file=False)) == "unit_side_locked"


def test_bad_link_input_from_a_refused_user_is_403(world: World) -> None:
    q1 = question_in_area(world.own, 1)
    url = reverse("evidence:link-add", args=[world.own.pk, q1.code])
    for data in ({"url": ""}, {"url": "x" * 1001}, {"url": "javascript:alert(1)"}):
        assert refusal_code(world.client("tpi").post(url, data)) == "not_tim_kerja"
    assert Evidence.objects.count() == 0
