"""The pages built on top of the assessment (home's task list, profile, API tokens, search,
history) read in English when English is chosen: no Indonesian interface words left over, and in
Indonesian no English ones."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.template import Context, Template
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from scoring.services import workflow
from tests.conftest import World
from tests.scoring.services.test_answers import CHOICE_CODE, q, save

pytestmark = pytest.mark.django_db

INDONESIAN = re.compile(
    r"\b(Simpan|Batal|Belum|Tidak ada|Kembali|Unduh|Riwayat|Tugas saya|pertanyaan|Pertanyaan|"
    r"Catatan|Tanggal|Oleh|Hapus|Kirim|Semua|Cari|Keluar|Buat|Anda|yang|dan|untuk|dengan)\b"
)
ENGLISH = re.compile(
    r"\b(Save|Cancel|Download|History|My tasks|question|Question|Note|Date|Delete|Send|"
    r"Search|Log out|Create|your|the|and|for|with|None|True|False)\b"
)


def _visible(body: str) -> str:
    body = re.sub(r"(?is)<(script|style|template)\b.*?</\1>|<!--.*?-->", " ", body)
    return html.unescape(re.sub(r"(?s)<[^>]+>", "\n", body))


def _pages(world: World) -> list[str]:
    a = world.own
    return [
        "/",
        reverse("profile"),
        "/profil/token-api/",
        "/cari/?q=SK",
        reverse("scoring:assessment_history", args=[a.pk]),
        reverse("scoring:question_history", args=[a.pk, CHOICE_CODE]),
    ]


def _with_tasks(world: World) -> None:
    save(world, "tim_kerja", CHOICE_CODE, choice="Ya")
    workflow.assessment_sign_off(
        actor=world.users["pimpinan"], assessment=world.own, expected_version=1
    )
    workflow.assessment_submit(
        actor=world.users["tim_kerja"], assessment=world.own, expected_version=2
    )
    workflow.question_flag(
        actor=world.users["tpi"], assessment=world.own, question=q(CHOICE_CODE), note="."
    )


@pytest.mark.parametrize("persona", ["tim_kerja", "pimpinan", "tpi", "admin"])
@pytest.mark.parametrize(
    ("language", "other"), [("en", INDONESIAN), ("id", ENGLISH)], ids=["en", "id"]
)
def test_pages_carry_no_words_of_the_other_language(
    world: World, persona: str, language: str, other: re.Pattern[str]
) -> None:
    _with_tasks(world)
    client = world.client(persona)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    own = ENGLISH if other is INDONESIAN else INDONESIAN
    seen = ""
    for url in _pages(world):
        response = client.get(url)
        assert response.status_code in (200, 403), url
        if response.status_code != 200:
            continue
        text = _visible(response.content.decode())
        seen += text
        found = [ln.strip() for ln in text.splitlines() if other.search(ln)]
        assert not found, (url, found[:5])
    assert own.search(seen)  # the pages are in the chosen language, so the check can bite


def test_template_literals_with_a_percent_sign_are_translated() -> None:
    """{% translate "95 %" %} looks up "95 %%" (Django doubles the sign), so the catalogue needs
    the doubled msgid; a single-% entry leaves the page in Indonesian."""
    root = Path(settings.BASE_DIR) / "templates"
    literals = {
        m.group(2)
        for path in root.rglob("*.html")
        for m in re.finditer(r"\{% (translate|trans) \"([^\"]*%[^\"]*)\"", path.read_text())
    }
    assert "interval kepercayaan 95 %" in literals
    with translation.override("en"):
        untranslated = [
            s for s in literals if gettext(s.replace("%", "%%")) == s.replace("%", "%%")
        ]
    untranslated = [s for s in untranslated if not re.fullmatch(r"[\d<>≥ %()A-Z-]+", s)]
    assert not untranslated


def test_survey_confidence_interval_reads_in_english() -> None:
    template = Template('{% load i18n %}{% translate "interval kepercayaan 95 %" %}')
    with translation.override("en"):
        assert template.render(Context()) == "95 % confidence interval"


def test_the_proposal_rule_names_the_recommendation_as_the_english_pages_do() -> None:
    with translation.override("en"):
        said = gettext(
            "Hanya unit yang selesai dievaluasi TPI dengan rekomendasi “layak” dapat diusulkan."
        )
        label = gettext("Layak diusulkan ke TPN")
    assert "layak" not in said and label.lower() in said.lower()
