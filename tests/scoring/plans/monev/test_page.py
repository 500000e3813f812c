"""The monev page: the four quarters, the buttons each role may use (the closed ones with their
reason, none without a use), in both languages."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from tests.conftest import World

pytestmark = pytest.mark.django_db


def page(world: World, persona: str, language: str = "id") -> str:
    client = world.client(persona)
    client.cookies["django_language"] = language
    response = client.get(reverse("monev:page", args=[world.own.pk]), HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 200
    return response.content.decode()


def generate(world: World, capture: Any) -> None:
    with capture(execute=True):
        world.client("tim_kerja").post(
            reverse("reports:monev-generate", args=[world.own.pk]), {"quarter": "1"}
        )


def test_before_any_report(world: World) -> None:
    html = page(world, "tim_kerja")
    assert html.count('<section class="card monev-quarter" id="tw-') == 4
    assert "Triwulan I" in html and reverse("reports:monev-generate", args=[world.own.pk]) in html
    assert reverse("reports:monev-sign-off", args=[world.own.pk]) not in html  # not the tim kerja's
    assert reverse("plans:plan", args=[world.own.pk]) in html


def test_after_generating_each_role_sees_its_buttons(
    world: World, django_capture_on_commit_callbacks: Any
) -> None:
    generate(world, django_capture_on_commit_callbacks)
    team = page(world, "tim_kerja")
    assert reverse("reports:monev-attach", args=[world.own.pk]) in team
    assert "Buat ulang laporan" in team and "Unduh" in team
    head = page(world, "pimpinan")
    assert reverse("reports:monev-sign-off", args=[world.own.pk]) in head
    assert reverse("reports:monev-attach", args=[world.own.pk]) not in head
    reader = page(world, "tpi")
    for name in ("reports:monev-generate", "reports:monev-attach", "reports:monev-sign-off"):
        assert reverse(name, args=[world.own.pk]) not in reader
    assert "Unduh" in reader  # the files are there to read


def test_english(world: World, django_capture_on_commit_callbacks: Any) -> None:
    generate(world, django_capture_on_commit_callbacks)
    html = page(world, "pimpinan", "en")
    assert "Quarterly monitoring" in html and "Quarter I" in html
    assert "Approve report" in html
    assert "Triwulan" not in html and "Setujui laporan" not in html
