"""The assessment page's question table written in Python (scoring/views/question_table.py) is
byte for byte what the template loop wrote before (question_table_reference.html, the template as
it was), on the same rows: every cell kind, both languages, the filters, escaping, with and without
the per-process cache of the rows' static part. And the page reads its answers, the carried
ones and the window's end once each."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.db import connection
from django.template import engines
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from areas.models import Question
from scoring.models import Answer, Side
from scoring.views import question_table
from tests.conftest import World
from tests.factories import CommentFactory, ReviewFlagFactory
from tests.scoring.services.test_answers import (
    ABCD_CODE,
    CHOICE_CODE,
    PERCENT_CODE,
    attach_documents,
    fill_answers,
    set_status,
)
from zi_portal.models import Assessment

pytestmark = pytest.mark.django_db

REFERENCE = Path(__file__).with_name("question_table_reference.html")
PROGRESS = Path(__file__).with_name("progress_table_reference.html")
CELLS = Path(__file__).with_name("progress_cells_reference.html")
FILTERS = [
    "",
    "?area=1",
    "?area=hasil",
    "?status=perlu_perbaikan",
    "?status=disetujui",
    "?status=menunggu_review",
    "?status=berubah",
    "?area=2&status=disetujui",
]


def _question(world: World, code: str) -> Question:
    return Question.objects.get(framework=world.own.framework, code=code)


def _answer(world: World, code: str, side: str) -> Answer:
    return Answer.objects.get(assessment=world.own, question__code=code, side=side)


def _varied(world: World) -> None:
    """Rows of every kind: TPI higher, lower and equal, no TPI answer, the zero-denominator rule on
    both sides, a carried answer to confirm, documents, open comments, open and returned flags."""
    fill_answers(world.own, Side.UNIT)
    fill_answers(world.own, Side.TPI)
    Answer.objects.filter(assessment=world.own, question__code=ABCD_CODE, side=Side.TPI).update(
        choice="C"
    )  # lower than the unit's A
    higher = (
        Question.objects.filter(
            framework=world.own.framework, options__label="B", indicator__isnull=False
        )
        .exclude(code=ABCD_CODE)
        .order_by("position")
        .first()
    )
    assert higher is not None
    Answer.objects.filter(assessment=world.own, question=higher, side=Side.UNIT).update(choice="B")
    for side in (Side.UNIT, Side.TPI):
        row = _answer(world, PERCENT_CODE, side)
        row.counts = dict.fromkeys(row.counts, 0)
        row.save()
    Answer.objects.filter(assessment=world.own, side=Side.TPI, question__position__gt=80).delete()
    Answer.objects.filter(assessment=world.own, side=Side.UNIT, question__code=CHOICE_CODE).update(
        needs_confirmation=True
    )
    attach_documents(world.own, per_question=1)
    for question in Question.objects.filter(framework=world.own.framework)[:12]:
        CommentFactory(assessment=world.own, question=question, body="cek")
    flagged = list(Question.objects.filter(framework=world.own.framework)[20:26])
    for i, question in enumerate(flagged):
        ReviewFlagFactory(
            assessment=world.own,
            question=question,
            returned_at=timezone.now() if i % 2 else None,
        )
    set_status(world.own, Assessment.Status.IN_REVIEW)


def _reference(response: Any, pk: int, query: str) -> str:
    """The table as the old template loop wrote it from the same page read."""
    start, end = reverse("scoring:question", args=[pk, "~code~"]).split("~code~")
    template = engines["django"].from_string(REFERENCE.read_text(encoding="utf-8"))
    context = {
        "page": response.context["page"],
        "question_url_start": start,
        "question_url_end": end + response.context["filter_qs"],
    }
    return str(template.render(context))


def _check(client: Any, pk: int, query: str) -> str:
    path = reverse("scoring:assessment", args=[pk]) + query
    response = client.get(path, HTTP_HX_REQUEST="true", HTTP_HX_TARGET="question-table")
    assert response.status_code == 200
    new = response.content.decode()
    assert new == _reference(response, pk, query)
    return new


@pytest.mark.parametrize("language", ["id", "en"])
@pytest.mark.parametrize("persona", ["tpi", "tim_kerja_restricted"])
def test_table_is_the_same_as_the_template_loop_wrote(
    world: World, persona: str, language: str
) -> None:
    _varied(world)
    client = world.client(persona)
    client.cookies["django_language"] = language
    filters = [*FILTERS, "?mine=1"] if persona == "tim_kerja_restricted" else FILTERS
    for query in filters:
        first = _check(client, world.own.pk, query)
        assert _check(client, world.own.pk, query) == first  # from the cached static part
    with translation.override(language):
        full = _check(client, world.own.pk, "")
    page = client.get(reverse("scoring:assessment", args=[world.own.pk])).context["page"]
    rows = {r.question.code: r for r in page.rows}
    assert rows[PERCENT_CODE].unit_zero_rule and rows[PERCENT_CODE].tpi_zero_rule
    assert rows[CHOICE_CODE].to_confirm and rows[CHOICE_CODE].unit is None
    assert {r.diff_css for r in page.rows} == {"", "diff-pos", "diff-neg"}
    assert {r.status for r in page.rows} >= {"perlu_perbaikan", "menunggu_review", "disetujui"}
    assert full.count('<tr class="group-row">') == 7 and full.count('<tr id="q-') == 113
    label = "Difference" if language == "en" else "Selisih"
    assert f'data-label="{label}"' in full and "warn to-confirm" in full and "0/0" in full


def test_table_escapes_question_texts_and_is_not_cached_while_the_framework_changes(
    world: World,
) -> None:
    _varied(world)
    question = _question(world, ABCD_CODE)
    question.text = "Dokumen <b>\"SK\"</b> & lampiran 'resmi'"
    question.link_label = "<i>I.2</i>"
    question.save()  # empties the framework's content hash (areas/documents.py)
    world.own.framework.refresh_from_db()
    assert world.own.framework.content_hash == ""
    cached_before = dict(question_table._TABLES)
    client = world.client("tpi")
    body = _check(client, world.own.pk, "?area=2")
    assert "Dokumen &lt;b&gt;&quot;SK&quot;&lt;/b&gt; &amp; lampiran &#x27;resmi&#x27;" in body
    assert "&lt;i&gt;I.2&lt;/i&gt;" in body
    # The page's read refills the hash from the changed rows: the table is kept under the new one.
    world.own.framework.refresh_from_db()
    assert world.own.framework.content_hash
    assert set(question_table._TABLES) - set(cached_before)


@pytest.mark.parametrize("language", ["id", "en"])
def test_progress_rows_are_the_same_as_the_template_loop_wrote(world: World, language: str) -> None:
    _varied(world)
    client = world.client("tim_kerja")
    client.cookies["django_language"] = language
    response = client.get(reverse("scoring:assessment", args=[world.own.pk]))
    engine = engines["django"]
    with translation.override(language):
        expected = engine.from_string(PROGRESS.read_text(encoding="utf-8")).render(
            {
                "page": response.context["page"],
                "cells": engine.from_string(CELLS.read_text(encoding="utf-8")),
            }
        )
    assert response.context["progress_rows"] == expected
    assert f"<tbody>\n    {expected}\n    </tbody>" in response.content.decode()
    assert expected.count('<tr class="group-row">') == 7 and "<progress value=" in expected


def test_empty_table_and_no_answers(world: World) -> None:
    client = world.client("tim_kerja")
    _check(client, world.own.pk, "")
    assert "Tidak ada pertanyaan" in _check(client, world.own.pk, "?status=disetujui")


def _reads(client: Any, path: str, table: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(path).status_code == 200
    return sum(f'FROM "{table}"' in q["sql"] for q in ctx.captured_queries)


def test_page_reads_answers_and_window_end_once(world: World) -> None:
    _varied(world)
    set_status(world.own, Assessment.Status.DRAFT)  # the window line and the submit rule
    client = world.client("tim_kerja")
    path = reverse("scoring:assessment", args=[world.own.pk])
    client.get(path)
    assert _reads(client, path, "scoring_answer") == 1  # counted and carried, one read
    assert _reads(client, path, "zi_portal_windowextension") == 1
    body = client.get(path).content.decode()
    assert "1 jawaban bawaan siklus lalu belum dikonfirmasi" in body  # counted from that read
