"""Every field the Riwayat tabs show reads in words, in both languages: no model attribute names
(needs_confirmation, replied_by), no True/False/None, no JSON, no ISO timestamps."""

from __future__ import annotations

import datetime
import html
import re

import pytest
from django.conf import settings
from django.urls import reverse

from evidence.models import Evidence
from scoring.models import Answer, Side
from scoring.selectors.history_rows import FIELD_LABELS
from scoring.services import flags as flag_services
from tests.conftest import World
from tests.scoring.selectors.test_changes import run_round
from tests.scoring.services.test_answers import ABCD_CODE, CHOICE_CODE
from zi_portal.audit import acting_as

pytestmark = pytest.mark.django_db

RAW = re.compile(
    r"\b[a-z]+_[a-z_]+\b|\bTrue\b|\bFalse\b|\bNone\b|\{\"|\d{4}-\d\d-\d\d(T|\b)|evidence\.\w+"
)
CHANGES = re.compile(r'(?s)<ul class="changes">(.*?)</ul>')


def _changes_text(body: str) -> str:
    lists = CHANGES.findall(body)
    assert lists, "the page shows no changes at all"
    text = html.unescape(re.sub(r"<[^>]+>", " ", " ".join(lists)))
    return re.sub(r"\s+", " ", text).replace(" :", ":")


def _history_with_every_new_field(world: World) -> None:
    """A flag replied to and accepted, a document given validity dates, an answer carried."""
    r = run_round(world)
    flag_services.flag_accept(actor=world.users["tpi"], assessment=world.own, flag=r.choice_flag)
    tim = world.users["tim_kerja"]
    with acting_as(tim):
        doc = Evidence.objects.get(pk=r.document.pk)
        doc.effective_from = datetime.date(2026, 1, 2)
        doc.effective_until = datetime.date(2026, 12, 31)
        doc.save(update_fields=["effective_from", "effective_until"])
        answer = Answer.objects.get(assessment=world.own, side=Side.UNIT, question__code=ABCD_CODE)
        answer.needs_confirmation = True
        answer.save(update_fields=["needs_confirmation"])


@pytest.mark.parametrize("language", ["id", "en"])
@pytest.mark.parametrize("code", [CHOICE_CODE, ABCD_CODE])
def test_question_history_shows_no_raw_field_names_or_values(
    world: World, language: str, code: str
) -> None:
    _history_with_every_new_field(world)
    client = world.client("pimpinan")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    for url in (
        reverse("scoring:question_history", args=[world.own.pk, code]),
        reverse("scoring:assessment_history", args=[world.own.pk]),
    ):
        text = _changes_text(client.get(url).content.decode())
        assert not RAW.findall(text), (url, RAW.findall(text))


def test_the_new_fields_have_their_words_in_english(world: World) -> None:
    _history_with_every_new_field(world)
    client = world.client("pimpinan")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    body = _changes_text(
        client.get(
            reverse("scoring:question_history", args=[world.own.pk, ABCD_CODE])
        ).content.decode()
    )
    assert "to confirm: no → yes" in body
    assert "to confirm: - → no" not in body  # the default on creation is not news
    assert "valid until: - → 31 Dec 2026" in body
    body = _changes_text(
        client.get(
            reverse("scoring:question_history", args=[world.own.pk, CHOICE_CODE])
        ).content.decode()
    )
    assert "replied by: - → " in body and "TPI decision: - → Accepted" in body
    for name in ("needs_confirmation", "effective_until", "replied_by", "outcome", "flags"):
        assert name in FIELD_LABELS  # every audited field the tabs show has a label
