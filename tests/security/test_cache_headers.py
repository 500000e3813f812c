"""Signed-in pages are never stored by a browser or a shared cache; public pages keep caching."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse

from tests.conftest import World

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]


def _directives(response) -> set[str]:  # type: ignore[no-untyped-def]
    return {d.strip() for d in response.get("Cache-Control", "").split(",") if d.strip()}


def test_signed_in_home_is_private_and_not_stored(world: World) -> None:
    response = world.client("tim_kerja").get(reverse("home"))
    assert response.status_code == 200
    assert {"private", "no-store"} <= _directives(response)


def test_signed_in_assessment_page_is_private_and_not_stored(world: World) -> None:
    response = world.client("tim_kerja").get(reverse("scoring:assessment", args=[world.own.pk]))
    assert response.status_code == 200
    assert {"private", "no-store"} <= _directives(response)


def test_public_zi_page_keeps_its_caching_even_for_a_signed_in_visitor(world: World) -> None:
    url = f"/zi/{world.own.unit.slug}/"
    for client in (Client(), world.client("tim_kerja")):
        response = client.get(url)
        assert response.status_code == 200
        assert "no-store" not in _directives(response)


def test_makefile_upgrades_setuptools_in_the_virtual_environment() -> None:
    makefile = (ROOT / "Makefile").read_text()
    rule = re.search(r"^\$\(BIN\)/python:.*?(?=^\S|\Z)", makefile, re.M | re.S)
    assert rule is not None
    assert re.search(r"\$\(BIN\)/pip install -q --upgrade pip setuptools", rule.group(0))
