"""The home page: "Tugas saya" at the top for every persona, then the assessment list."""

from __future__ import annotations

import pytest
from django.urls import reverse

from scoring.inbox.selectors import Kind
from tests.conftest import PERSONAS, World
from tests.scoring.inbox.conftest import in_revision, submitted

pytestmark = pytest.mark.django_db


def home_kinds(world: World, persona: str) -> list[str]:
    response = world.client(persona).get(reverse("home"))
    assert response.status_code == 200
    return [t.kind for t in response.context["tasks"]]


def test_every_persona_sees_its_tasks_or_none(world: World) -> None:
    in_revision(world)
    expected = {
        "pimpinan": [Kind.SIGN_OFF, Kind.DEADLINE],
        "tim_kerja": [Kind.FLAG_FIX, Kind.COMMENT, Kind.DEADLINE],
        "tim_kerja_restricted": [Kind.COMMENT, Kind.DEADLINE],
    }
    for persona in PERSONAS:
        assert home_kinds(world, persona) == expected.get(persona, []), persona


def test_the_tpi_home_shows_the_submission(world: World) -> None:
    submitted(world)
    html = world.client("tpi").get(reverse("home")).content.decode()
    assert 'data-task-kind="review"' in html
    assert "Evaluasi penilaian Unit Satu" in html
    assert reverse("scoring:assessment", args=[world.own.pk]) in html


def test_no_tasks_says_so_and_keeps_the_list(world: World) -> None:
    html = world.client("admin").get(reverse("home")).content.decode()
    assert "Tidak ada tugas yang menunggu." in html
    assert "data-task-kind" not in html
    assert "Unit Satu" in html and "Unit Dua" in html  # the assessment list stays


def test_home_in_english(world: World) -> None:
    client = world.client("outsider")
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    html = client.get(reverse("home")).content.decode()
    assert "My tasks" in html and "No tasks waiting." in html
