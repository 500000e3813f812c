"""Speed and care on the question page: an htmx answer save swaps only its answer block (200, 400
and 409 inside the block, a fixed number of queries), without JS it still redirects; the question
list's filter travels in the URL; a refusal is said once per section."""

from __future__ import annotations

import html
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from scoring.models import Answer
from tests.conftest import World
from tests.factories import ReviewFlagFactory
from tests.scoring.services.test_answers import (
    ABCD_CODE,
    AREA3_CODE,
    CHOICE_CODE,
    INDEX_CODE,
    attach_documents,
    save,
    set_status,
)

pytestmark = pytest.mark.django_db

HX = {"HTTP_HX_REQUEST": "true", "HTTP_HX_TARGET": "side-unit"}


def save_url(world: World, code: str, side: str = "unit") -> str:
    return reverse("scoring:answer_save", args=[world.own.pk, code, side])


def question_url(world: World, code: str) -> str:
    return reverse("scoring:question", args=[world.own.pk, code])


def text(response: object) -> str:
    return html.unescape(response.content.decode())  # type: ignore[attr-defined]


def test_htmx_save_answers_the_block_only_with_the_new_value_and_version(world: World) -> None:
    c = world.client("tim_kerja")
    r = c.post(save_url(world, ABCD_CODE), {"unit-choice": "B", "unit-version": ""}, **HX)
    assert r.status_code == 200
    body = text(r)
    assert body.lstrip().startswith('<section class="card answer-side" id="side-unit"')
    assert "<html" not in body and 'id="evidence-panel"' not in body and "side-tpi" not in body
    assert "Jawaban Unit (penilaian mandiri) untuk A.II.2.i.a tersimpan." in body
    assert 'name="unit-version" value="1"' in body
    assert re.search(r'value="B"[^>]*checked', body)
    assert 'id="changes-slot" hx-swap-oob="innerHTML"' in body
    assert Answer.objects.get(question__code=ABCD_CODE).choice == "B"
    # The next save with the version the block gave back is accepted, and is version 2.
    r = c.post(save_url(world, ABCD_CODE), {"unit-choice": "C", "unit-version": "1"}, **HX)
    assert r.status_code == 200 and 'name="unit-version" value="2"' in text(r)


def test_without_js_the_save_redirects_keeping_the_filter(world: World) -> None:
    c = world.client("tim_kerja")
    r = c.post(
        save_url(world, ABCD_CODE) + "?area=2&status=belum",
        {"unit-choice": "B", "unit-version": ""},
    )
    assert r.status_code == 302
    assert r["Location"] == question_url(world, ABCD_CODE) + "?area=2&status=belum"
    assert "tersimpan" in text(c.get(r["Location"]))


def test_htmx_conflict_is_409_in_the_block_with_the_newer_answer(world: World) -> None:
    save(world, "tim_kerja_restricted", ABCD_CODE, choice="C")
    r = world.client("tim_kerja").post(
        save_url(world, ABCD_CODE), {"unit-choice": "A", "unit-version": ""}, **HX
    )
    assert r.status_code == 409
    body = text(r)
    assert "<html" not in body and body.lstrip().startswith("<section")
    assert "menjadi C; periksa lalu simpan ulang." in body
    assert 'name="unit-version" value="1"' in body  # the stored version: a second save goes in
    assert re.search(r'value="A"[^>]*checked', body)  # what the user chose is kept
    assert Answer.objects.get(question__code=ABCD_CODE).choice == "C"


def test_htmx_invalid_input_is_400_in_the_block(world: World) -> None:
    r = world.client("tim_kerja").post(save_url(world, INDEX_CODE), {"unit-index_value": "9"}, **HX)
    assert r.status_code == 400
    body = text(r)
    assert "<html" not in body and "Nilai indeks harus angka antara 0 dan 4" in body
    assert not Answer.objects.filter(question__code=INDEX_CODE).exists()


def test_htmx_refused_save_is_still_the_403_page(world: World) -> None:
    r = world.client("tim_kerja_restricted").post(
        save_url(world, AREA3_CODE), {"unit-choice": "Ya", "unit-version": ""}, **HX
    )
    assert r.status_code == 403
    assert not Answer.objects.filter(question__code=AREA3_CODE).exists()


def test_partial_save_runs_a_fixed_number_of_queries(world: World) -> None:
    c = world.client("tim_kerja")
    c.post(save_url(world, ABCD_CODE), {"unit-choice": "B", "unit-version": ""}, **HX)
    with CaptureQueriesContext(connection) as ctx:
        r = c.post(save_url(world, ABCD_CODE), {"unit-choice": "C", "unit-version": "1"}, **HX)
    assert r.status_code == 200
    # 16, plus the score summary's write-through: the side's answers and the upsert. (Was 30: the
    # question is read from the framework's cache, the audit entry names the answer from the
    # locked assessment, and the block reads only its own side, without flags or neighbours;
    # the user's memberships come with their areas in one query.)
    assert len(ctx.captured_queries) == 18, "\n".join(q["sql"] for q in ctx.captured_queries)


# --------------------------------------------------------------------------- filter in the URL


def test_question_page_keeps_the_filter_in_prev_next_and_back_links(world: World) -> None:
    c = world.client("tim_kerja")
    listing = c.get(reverse("scoring:assessment", args=[world.own.pk]) + "?area=2")
    codes = [r.question.code for r in listing.context["page"].rows]
    assert ABCD_CODE in codes and CHOICE_CODE not in codes
    assert f'href="{question_url(world, codes[0])}?area=2"' in text(listing)
    at = codes.index(ABCD_CODE)
    page = c.get(question_url(world, ABCD_CODE) + "?area=2")
    body = text(page)
    assert f'href="{question_url(world, codes[at - 1])}?area=2" rel="prev"' in body
    assert f'href="{question_url(world, codes[at + 1])}?area=2" rel="next"' in body
    back = reverse("scoring:assessment", args=[world.own.pk]) + "?area=2#q-"
    assert f'href="{back}' in body
    assert f'action="{save_url(world, ABCD_CODE)}?area=2"' in body
    # The first question of the filtered list has no previous one, even though the framework does.
    first = text(c.get(question_url(world, codes[0]) + "?area=2"))
    assert 'rel="prev"' not in first


def test_a_question_that_left_the_filtered_list_still_leads_to_its_neighbours(
    world: World,
) -> None:
    c = world.client("tim_kerja")
    listing = c.get(reverse("scoring:assessment", args=[world.own.pk]) + "?status=belum_diisi")
    codes = [r.question.code for r in listing.context["page"].rows]
    at = codes.index(ABCD_CODE)
    r = c.post(
        save_url(world, ABCD_CODE) + "?status=belum_diisi",
        {"unit-choice": "B", "unit-version": ""},
    )
    assert r.status_code == 302 and r["Location"].endswith("?status=belum_diisi")
    listing = c.get(reverse("scoring:assessment", args=[world.own.pk]) + "?status=belum_diisi")
    assert ABCD_CODE not in [r.question.code for r in listing.context["page"].rows]
    body = text(c.get(r["Location"]))
    assert f'href="{question_url(world, codes[at - 1])}?status=belum_diisi" rel="prev"' in body
    assert f'href="{question_url(world, codes[at + 1])}?status=belum_diisi" rel="next"' in body


def test_question_page_without_filter_follows_the_framework_order(world: World) -> None:
    body = text(world.client("tim_kerja").get(question_url(world, ABCD_CODE)))
    assert 'rel="prev"' in body and 'rel="next"' in body and "?area" not in body


# --------------------------------------------------------------------------- refusals said once


@pytest.mark.parametrize(
    ("status", "persona", "sentence"),
    [
        ("in_review", "tpi", "Hanya tim kerja unit ini yang dapat mengisi jawaban dan bukti unit."),
        ("submitted", "tim_kerja", "publikasi dokumen hanya dapat diubah oleh admin."),
    ],
)
def test_question_page_says_each_refusal_once_per_section(
    world: World, status: str, persona: str, sentence: str
) -> None:
    attach_documents(world.own, per_question=4)
    set_status(world.own, status)
    body = text(world.client(persona).get(question_url(world, CHOICE_CODE)))
    assert body.count(sentence) == (2 if persona == "tpi" else 1)  # unit side + documents
    sections = re.findall(r'<section[^>]*id="(side-unit|evidence-panel)".*?</section>', body, re.S)
    assert sections == ["side-unit", "evidence-panel"]
    for name in ("side-unit", "evidence-panel"):
        part = re.search(rf'<section[^>]*id="{name}".*?</section>', body, re.S).group(0)  # type: ignore[union-attr]
        reasons = re.findall(r'<p class="muted[^"]*"[^>]*>([^<]+)</p>', part)
        assert reasons, name
        for reason in set(reasons):
            assert part.count(reason.strip()) == 1, (name, reason)


# --------------------------------------------------------------------------- confirmations


def forms_with_confirm(body: str) -> dict[str, str]:
    """{form action: its data-confirm sentence} of the page."""
    return dict(re.findall(r'<form[^>]*action="([^"]+)"[^>]*data-confirm="([^"]+)"', body))


def test_irreversible_steps_ask_first_with_no_inline_script(world: World) -> None:
    a = world.own.pk
    page = world.client("pimpinan").get(reverse("scoring:assessment", args=[a]))
    body = text(page)
    confirms = forms_with_confirm(body)
    assert confirms[reverse("scoring:sign_off", args=[a])].startswith("Setujui pengajuan")
    assert '<dialog id="confirm-dialog"' in body and 'id="confirm-dialog-ok"' in body
    # Strict CSP: every script is a file, no handler attributes, and the header says so.
    assert all("src=" in tag for tag in re.findall(r"<script[^>]*>", body))
    assert not re.search(r"\son[a-z]+=", body)
    csp = page["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp.split("script-src")[1]

    assert (
        world.client("pimpinan")
        .post(reverse("scoring:sign_off", args=[a]), {"version": str(world.own.version)})
        .status_code
        == 302
    )
    body = text(world.client("tim_kerja").get(reverse("scoring:assessment", args=[a])))
    assert forms_with_confirm(body)[reverse("scoring:submit", args=[a])].startswith(
        "Ajukan penilaian ke TPI?"
    )
    set_status(world.own, "in_review")
    body = text(world.client("tpi").get(reverse("scoring:assessment", args=[a])))
    confirms = forms_with_confirm(body)
    assert confirms[reverse("scoring:finalise", args=[a])].startswith("Finalisasi evaluasi?")
    ReviewFlagFactory(assessment=world.own, created_by=world.users["tpi"])
    body = text(world.client("tpi").get(reverse("scoring:assessment", args=[a])))
    confirms = forms_with_confirm(body)
    assert confirms[reverse("scoring:return", args=[a])].startswith("Kembalikan penilaian")


def test_evidence_delete_asks_first(world: World) -> None:
    attach_documents(world.own, per_question=1)
    body = text(world.client("tim_kerja").get(question_url(world, CHOICE_CODE)))
    deletes = [k for k in forms_with_confirm(body) if "/hapus/" in k or "delete" in k]
    assert deletes and "hx-confirm" not in body
