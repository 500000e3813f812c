"""The review of changes on the pages: the summary and the filter on the assessment page, the
changes and flags blocks of the question page, replying and accepting, and the finalise form
that holds back until the TPI confirms."""

from __future__ import annotations

import pytest
from django.urls import reverse

from evidence.models import ReviewFlag
from scoring.services import workflow
from tests.conftest import World
from tests.scoring.selectors.test_changes import run_round, sign_off_and_submit
from tests.scoring.services.test_answers import ABCD_CODE, CHOICE_CODE, q, save

pytestmark = pytest.mark.django_db


def assessment_url(world: World) -> str:
    return reverse("scoring:assessment", args=[world.own.pk])


def question_url(world: World, code: str) -> str:
    return reverse("scoring:question", args=[world.own.pk, code])


def test_assessment_page_summary_and_filter(world: World) -> None:
    run_round(world)
    c = world.client("tpi")
    body = c.get(assessment_url(world)).content.decode()
    assert "2 pertanyaan berubah sejak pengajuan sebelumnya" in body
    assert 'value="berubah"' in body
    response = c.get(assessment_url(world), {"status": "berubah"})
    assert [r.question.code for r in response.context["page"].rows] == [CHOICE_CODE, ABCD_CODE]
    assert "Menampilkan 2 dari 113 isian." in response.content.decode()


def test_question_page_shows_the_change_and_the_reply(world: World) -> None:
    run_round(world)
    body = world.client("tpi").get(question_url(world, CHOICE_CODE)).content.decode()
    assert 'id="changes"' in body and "<del>Tidak</del> → <ins>Ya</ins>" in body
    assert "SK tim 2025 diunggah di A.I.1" in body
    assert "/terima/" in body  # the TPI may accept the returned flag
    doc_body = world.client("tpi").get(question_url(world, ABCD_CODE)).content.decode()
    assert "diganti (v1 → v2)" in doc_body
    # The unit sees the same block, without the TPI's button.
    unit_body = world.client("tim_kerja").get(question_url(world, CHOICE_CODE)).content.decode()
    assert 'id="changes"' in unit_body and "/terima/" not in unit_body


def test_reply_and_accept_through_the_pages(world: World) -> None:
    save(world, "tim_kerja", CHOICE_CODE, choice="Tidak")
    sign_off_and_submit(world)
    a, tpi = world.own, world.users["tpi"]
    flag = workflow.question_flag(actor=tpi, assessment=a, question=q(CHOICE_CODE), note="x")
    workflow.assessment_return(actor=tpi, assessment=a, expected_version=a.version)
    reply_url = reverse("scoring:flag_reply", args=[a.pk, CHOICE_CODE, flag.pk])
    accept_url = reverse("scoring:flag_accept", args=[a.pk, CHOICE_CODE, flag.pk])

    refused = world.client("tpi").post(reply_url, {"reply": "bukan saya"})
    assert refused.status_code == 403 and refused["X-Refusal-Code"] == "not_tim_kerja"
    page = world.client("tim_kerja").get(question_url(world, CHOICE_CODE)).content.decode()
    assert reply_url in page
    done = world.client("tim_kerja").post(reply_url, {"reply": "SK final diunggah"})
    assert done.status_code == 302
    flag.refresh_from_db()
    assert flag.reply == "SK final diunggah"

    early = world.client("tpi").post(accept_url)
    assert early.status_code == 403 and early["X-Refusal-Code"] == "tpi_side_locked"
    sign_off_and_submit(world)
    assert world.client("tpi").post(accept_url).status_code == 302
    flag.refresh_from_db()
    assert flag.outcome == ReviewFlag.Outcome.ACCEPTED


def test_finalise_form_holds_back_with_the_list(world: World) -> None:
    run_round(world)
    a = world.own
    c = world.client("tpi")
    page = c.get(assessment_url(world)).content.decode()
    assert 'id="finalise-confirm"' in page and 'name="confirm_unreviewed"' in page
    data = {"version": a.version, "recommendation": "layak", "recommendation_text": "Layak"}
    held = c.post(reverse("scoring:finalise", args=[a.pk]), data)
    assert held.status_code == 400
    body = held.content.decode()
    assert f"(2): {CHOICE_CODE}, {ABCD_CODE}." in body
    a.refresh_from_db()
    assert a.status == "submitted"
    done = c.post(reverse("scoring:finalise", args=[a.pk]), {**data, "confirm_unreviewed": "on"})
    assert done.status_code == 302
    a.refresh_from_db()
    assert a.status == "evaluated"
