"""Assessment and question pages: permission matrix for every URL and action, a fixed number of
queries, filters, answer forms with conflicts, the live percentage preview, window closing."""

from __future__ import annotations

import datetime
import html
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from evidence.models import ReviewFlag
from scoring.models import Answer, Side
from tests.conftest import PERSONAS, SEES, World
from tests.factories import AnswerFactory, CommentFactory, ReviewFlagFactory
from tests.scoring.services.test_answers import (
    ABCD_CODE,
    AREA3_CODE,
    CHOICE_CODE,
    INDEX_CODE,
    PERCENT_CODE,
    attach_documents,
    fill_answers,
    q,
    save,
    set_status,
)
from zi_portal.models import Assessment

pytestmark = pytest.mark.django_db

GET_URLS = ["assessment", "assessment_history", "question", "question_history"]


def url(name: str, pk: int, code: str = CHOICE_CODE, **extra: Any) -> str:
    if name in ("question", "question_history", "question_flag", "percentage_preview"):
        return reverse(f"scoring:{name}", args=[pk, code])
    if name == "answer_save":
        return reverse("scoring:answer_save", args=[pk, code, extra.get("side", "unit")])
    return reverse(f"scoring:{name}", args=[pk])


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("scope", ["own", "sibling", "other"])
@pytest.mark.parametrize("name", GET_URLS)
def test_get_matrix(world: World, persona: str, scope: str, name: str) -> None:
    assessment = getattr(world, scope)
    response = world.client(persona).get(url(name, assessment.pk))
    assert response.status_code == (200 if persona in SEES[scope] else 404)


def test_unknown_question_code_is_404(world: World) -> None:
    response = world.client("tim_kerja").get(url("question", world.own.pk, "A.X.9.z"))
    assert response.status_code == 404


# Who may do each POST action on the own unit, in the status where it is possible.
ACTIONS: dict[str, tuple[str, set[str], dict[str, Any]]] = {
    "answer_unit": ("draft", {"tim_kerja", "tim_kerja_restricted"}, {}),
    "answer_tpi": ("in_review", {"tpi"}, {}),
    "sign_off": ("draft", {"pimpinan"}, {}),
    "submit": ("draft", {"tim_kerja", "tim_kerja_restricted"}, {}),
    "flag_withdraw": ("in_review", {"tpi"}, {}),
    "return": ("in_review", {"tpi"}, {}),
    "finalise": ("in_review", {"tpi"}, {}),
    "question_flag": ("in_review", {"tpi"}, {}),
    "window_extend": ("draft", {"admin"}, {}),
}


def _post(world: World, persona: str, action: str, assessment: Any) -> Any:
    c = world.client(persona)
    pk = assessment.pk
    if action == "answer_unit":
        return c.post(url("answer_save", pk, side="unit"), {"unit-choice": "Ya", "unit-note": ""})
    if action == "answer_tpi":
        return c.post(url("answer_save", pk, side="tpi"), {"tpi-choice": "Ya", "tpi-note": "cek"})
    if action == "question_flag":
        return c.post(url("question_flag", pk), {"note": "Lengkapi SK"})
    if action == "flag_withdraw":
        flag = ReviewFlag.objects.get_or_create(
            assessment=assessment, question=q(CHOICE_CODE), defaults={"note": "x"}
        )[0]
        return c.post(reverse("scoring:flag_withdraw", args=[pk, CHOICE_CODE, flag.pk]))
    if action == "finalise":
        return c.post(
            url("finalise", pk),
            {
                "version": assessment.version,
                "recommendation": "layak",
                "recommendation_text": "Layak",
            },
        )
    if action == "window_extend":
        return c.post(
            url("window_extend", pk),
            {
                "phase": "self_assessment",
                "reason": "Banjir",
                "new_end": (
                    assessment.window_end("self_assessment") + datetime.timedelta(days=5)
                ).isoformat(),
            },
        )
    return c.post(url(action, pk), {"version": assessment.version})


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("action", list(ACTIONS))
def test_post_matrix_own_unit(world: World, persona: str, action: str) -> None:
    status, allowed, _ = ACTIONS[action]
    set_status(world.own, status)
    if action == "return":
        ReviewFlagFactory(assessment=world.own, code=CHOICE_CODE, note="x")
    if action == "submit":
        Assessment.objects.filter(pk=world.own.pk).update(
            signed_off_at=timezone.now(), signed_off_by=world.users["pimpinan"]
        )
        world.own.refresh_from_db()
    response = _post(world, persona, action, world.own)
    if persona in allowed:
        assert response.status_code == 302, response.content.decode()[:2000]
    elif persona == "outsider":
        assert response.status_code == 404
    else:
        assert response.status_code == 403
        assert "Tindakan tidak diizinkan" in response.content.decode()


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("action", list(ACTIONS))
def test_post_matrix_other_unit_is_404(world: World, persona: str, action: str) -> None:
    set_status(world.other, ACTIONS[action][0])
    if action == "flag_withdraw":
        # The flag belongs to the other unit; nobody here may even see it.
        ReviewFlagFactory(assessment=world.other, code=CHOICE_CODE, note="x")
    response = _post(world, persona, action, world.other)
    assert response.status_code == 404
    assert not Answer.objects.filter(assessment=world.other).exists()


@pytest.mark.parametrize("status", ["submitted", "in_review", "revision", "evaluated"])
def test_unit_answer_refused_by_status(world: World, status: str) -> None:
    set_status(world.own, status)
    response = _post(world, "tim_kerja", "answer_unit", world.own)
    assert response.status_code == 403
    assert not Answer.objects.exists()


def test_restricted_member_gets_403_outside_their_areas(world: World) -> None:
    c = world.client("tim_kerja_restricted")
    response = c.post(
        url("answer_save", world.own.pk, AREA3_CODE, side="unit"), {"unit-choice": "A"}
    )
    assert response.status_code == 403
    assert "di luar area Anda" in response.content.decode()
    page = c.get(url("question", world.own.pk, AREA3_CODE)).content.decode()
    assert (
        "di luar area Anda" in page
        and 'action="/penilaian/' not in page.split("side-unit")[1][:1500]
    )


# --------------------------------------------------------------------------- assessment page


def _count_queries(client: Any, path: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(path).status_code == 200
    return len(ctx.captured_queries)


def test_assessment_page_has_a_fixed_number_of_queries(
    world: World, django_assert_num_queries: Any
) -> None:
    c = world.client("tpi")
    path = url("assessment", world.own.pk)
    c.get(path)  # warm caches (content types, sessions)
    empty = _count_queries(c, path)
    fill_answers(world.own, Side.UNIT)
    fill_answers(world.own, Side.TPI)
    attach_documents(world.own, per_question=3)
    for question in list(q(CHOICE_CODE).framework.questions.all())[:40]:
        CommentFactory(assessment=world.own, question=question, body="cek")
        ReviewFlagFactory(assessment=world.own, question=question, note="perbaiki")
    with django_assert_num_queries(empty):
        response = c.get(path)
    assert len(response.context["page"].rows) == 113
    assert sum(r.evidence_count for r in response.context["page"].rows) == 339


def test_assessment_page_shows_scores_rows_and_progress(world: World) -> None:
    fill_answers(world.own, Side.UNIT)
    AnswerFactory(assessment=world.own, code=ABCD_CODE, tpi=True, choice="C")
    response = world.client("pimpinan").get(url("assessment", world.own.pk))
    body = response.content.decode()
    page = response.context["page"]
    row = next(r for r in page.rows if r.question.code == ABCD_CODE)
    assert (row.unit_text, row.tpi_text, str(row.diff)) == ("A", "C", "-0.67")
    assert row.status == "disetujui"
    assert next(r for r in page.rows if r.question.code == CHOICE_CODE).status == "perlu_bukti"
    assert response.context["unit_score"].complete is True
    assert "92,29" in body  # best options, 3/3 counts, indices 3.5: worked out in the engine tests
    assert "-0,67" in body
    assert 'id="score-unit"' in body and 'id="score-tpi"' in body
    assert "Menuju WBK" in body and "memenuhi" in body
    area1 = page.progress[0]
    assert (area1.total, area1.answered, area1.with_evidence, area1.reviewed) == (
        area1.total,
        area1.total,
        0,
        0,
    )
    assert [p.label for p in area1.parts] == ["Pemenuhan", "Reform"]
    assert page.progress[-1].label == "Hasil" and page.progress[-1].total == 3


def test_filters_by_area_status_and_my_areas(world: World) -> None:
    save(world, "tim_kerja", CHOICE_CODE, choice="Ya")
    c = world.client("tim_kerja_restricted")
    base = url("assessment", world.own.pk)
    rows = c.get(base + "?area=3").context["page"].rows
    assert rows and {r.group for r in rows} == {3}
    rows = c.get(base + "?area=hasil").context["page"].rows
    assert [r.question.code for r in rows] == ["B.I.a", "B.I.b", "B.II.a"]
    rows = c.get(base + "?status=perlu_bukti").context["page"].rows
    assert [r.question.code for r in rows] == [CHOICE_CODE]
    rows = c.get(base + "?mine=1").context["page"].rows
    assert {r.group for r in rows} == {1, 2}
    # htmx asks for the table only.
    partial = c.get(base + "?area=3", HTTP_HX_REQUEST="true", HTTP_HX_TARGET="question-table")
    text = partial.content.decode()
    assert text.lstrip().startswith('<div id="question-table"') and "<html" not in text


def test_workflow_buttons_or_reasons(world: World) -> None:
    body = world.client("tim_kerja").get(url("assessment", world.own.pk)).content.decode()
    assert "Menunggu persetujuan pimpinan unit sebelum diajukan." in body
    assert f'action="{url("submit", world.own.pk)}"' not in body
    body = world.client("pimpinan").get(url("assessment", world.own.pk)).content.decode()
    assert f'action="{url("sign_off", world.own.pk)}"' in body
    body = world.client("pimpinan_instansi").get(url("assessment", world.own.pk)).content.decode()
    assert 'id="workflow"' not in body
    set_status(world.own, "in_review")
    body = world.client("tpi").get(url("assessment", world.own.pk)).content.decode()
    assert f'action="{url("finalise", world.own.pk)}"' in body
    assert "Tandai minimal satu pertanyaan" in body
    body = world.client("admin").get(url("assessment", world.own.pk)).content.decode()
    assert f'action="{url("window_extend", world.own.pk)}"' in body


def test_stale_workflow_post_is_409_with_current_status(world: World) -> None:
    set_status(world.own, "in_review")
    ReviewFlagFactory(assessment=world.own, code=CHOICE_CODE, note="x")
    c = world.client("tpi")
    assert c.post(url("return", world.own.pk), {"version": 1}).status_code == 302
    response = c.post(url("return", world.own.pk), {"version": 1})
    assert response.status_code == 409
    assert 'kini berstatus "Perbaikan"' in html.unescape(response.content.decode())


# --------------------------------------------------------------------------- question page


def test_question_page_shows_text_options_and_forms(world: World) -> None:
    question = q(ABCD_CODE)
    body = world.client("tim_kerja").get(url("question", world.own.pk, ABCD_CODE)).content.decode()
    assert question.text in body
    for option in question.options.all():
        assert option.text in body
    assert 'name="unit-choice"' in body and 'name="unit-version"' in body
    assert 'name="tpi-choice"' not in body
    assert "Hanya penilai TPI yang ditugaskan" in body
    assert 'id="evidence-panel"' in body


def test_answer_form_save_and_conflict(world: World) -> None:
    c1, c2 = world.client("tim_kerja"), world.client("tim_kerja_restricted")
    path = url("answer_save", world.own.pk, ABCD_CODE, side="unit")
    assert c1.post(path, {"unit-choice": "B", "unit-version": ""}).status_code == 302
    assert c2.post(path, {"unit-choice": "C", "unit-version": "1"}).status_code == 302
    response = c1.post(path, {"unit-choice": "A", "unit-version": "1"})
    assert response.status_code == 409
    body = html.unescape(response.content.decode())
    name = world.users["tim_kerja_restricted"].get_full_name()
    assert f"Jawaban ini baru saja diubah oleh {name} pada" in body
    assert "menjadi C; periksa lalu simpan ulang." in body
    # The user's choice is kept and the form now carries the stored version.
    form = response.context["unit_form"]
    assert form["choice"].value() == "A" and form["version"].value() == "2"
    assert 'name="unit-version" value="2"' in body
    assert Answer.objects.get(question__code=ABCD_CODE).choice == "C"
    assert c1.post(path, {"unit-choice": "A", "unit-version": "2"}).status_code == 302
    assert Answer.objects.get(question__code=ABCD_CODE).choice == "A"


def test_answer_form_errors_are_400(world: World) -> None:
    c = world.client("tim_kerja")
    response = c.post(
        url("answer_save", world.own.pk, INDEX_CODE, side="unit"), {"unit-index_value": "9"}
    )
    assert response.status_code == 400
    assert "Nilai indeks harus angka antara 0 dan 4" in response.content.decode()
    set_status(world.own, "in_review")
    response = world.client("tpi").post(
        url("answer_save", world.own.pk, CHOICE_CODE, side="tpi"), {"tpi-choice": "Tidak"}
    )
    assert response.status_code == 400
    assert "Catatan TPI wajib diisi" in response.content.decode()


def test_count_answer_and_percentage_preview(world: World) -> None:
    c = world.client("tim_kerja")
    preview = url("percentage_preview", world.own.pk, PERCENT_CODE)
    r = c.post(
        preview,
        {
            "prefix": "unit",
            "unit-count_jumlah_agen_perubahan": "3",
            "unit-count_jumlah_perubahan_dibuat": "2",
        },
    )
    assert "66,67%" in r.content.decode() and "penyebut nol" not in r.content.decode()
    r = c.post(
        preview,
        {
            "prefix": "unit",
            "unit-count_jumlah_agen_perubahan": "0",
            "unit-count_jumlah_perubahan_dibuat": "0",
        },
    )
    assert "0,00%" in r.content.decode() and "Aturan penyebut nol diterapkan" in r.content.decode()
    r = c.post(preview, {"prefix": "unit", "unit-count_jumlah_agen_perubahan": "3"})
    assert "Lengkapi semua jumlah" in r.content.decode()
    r = c.post(
        preview,
        {
            "prefix": "unit",
            "unit-count_jumlah_agen_perubahan": "-1",
            "unit-count_jumlah_perubahan_dibuat": "1",
        },
    )
    assert "bilangan bulat tidak negatif" in r.content.decode()
    assert world.client("outsider").post(preview, {}).status_code == 404
    saved = c.post(
        url("answer_save", world.own.pk, PERCENT_CODE, side="unit"),
        {"unit-count_jumlah_agen_perubahan": "0", "unit-count_jumlah_perubahan_dibuat": "0"},
    )
    assert saved.status_code == 302
    page = c.get(url("question", world.own.pk, PERCENT_CODE)).content.decode()
    assert "Aturan penyebut nol diterapkan" in page
    listing = c.get(url("assessment", world.own.pk)).content.decode()
    assert "0/0" in listing


def test_flag_via_page_then_withdraw(world: World) -> None:
    set_status(world.own, "submitted")
    c = world.client("tpi")
    assert c.post(url("question_flag", world.own.pk), {"note": "Unggah SK"}).status_code == 302
    flag = ReviewFlag.objects.get()
    body = c.get(url("question", world.own.pk)).content.decode()
    assert "Perlu perbaikan" in body and "Unggah SK" in body
    listing = c.get(url("assessment", world.own.pk) + "?status=perlu_perbaikan")
    assert [r.question.code for r in listing.context["page"].rows] == [CHOICE_CODE]
    withdraw = reverse("scoring:flag_withdraw", args=[world.own.pk, CHOICE_CODE, flag.pk])
    assert world.client("tim_kerja").post(withdraw).status_code == 403
    assert c.post(withdraw).status_code == 302
    flag.refresh_from_db()
    assert flag.resolved_at is not None


def test_closed_window_is_403_and_admin_extension_reopens(world: World) -> None:
    cycle = world.own.cycle
    cycle.self_assessment_end = timezone.localdate() - datetime.timedelta(days=2)
    cycle.save()
    c = world.client("tim_kerja")
    response = _post(world, "tim_kerja", "answer_unit", world.own)
    assert response.status_code == 403
    assert "Jadwal penilaian mandiri untuk unit ini berakhir pada" in response.content.decode()
    assert "sudah ditutup" in c.get(url("assessment", world.own.pk)).content.decode()
    new_end = timezone.localdate() + datetime.timedelta(days=10)
    extended = world.client("admin").post(
        url("window_extend", world.own.pk),
        {"phase": "self_assessment", "new_end": new_end.isoformat(), "reason": "Gangguan listrik"},
    )
    assert extended.status_code == 302
    assert _post(world, "tim_kerja", "answer_unit", world.own).status_code == 302
    assert "sisa 10 hari" in c.get(url("assessment", world.own.pk)).content.decode()
