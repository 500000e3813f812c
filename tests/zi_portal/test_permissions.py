"""Permission matrix: every URL so far x every persona x own / sibling / other unit."""

from __future__ import annotations

import pytest
from django.contrib import admin
from django.test import Client
from django.urls import reverse

from tests.conftest import PERSONAS, SEES, World
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db



@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("scope", ["own", "sibling", "other"])
def test_assessment_page_matrix(world: World, persona: str, scope: str) -> None:
    assessment = getattr(world, scope)
    response = world.client(persona).get(reverse("scoring:assessment", args=[assessment.pk]))
    expected = 200 if persona in SEES[scope] else 404
    assert response.status_code == expected


@pytest.mark.parametrize("persona", PERSONAS)
def test_home_lists_exactly_the_visible_assessments(world: World, persona: str) -> None:
    response = world.client(persona).get(reverse("home"))
    assert response.status_code == 200
    listed = {a.pk for a in response.context["assessments"]}
    expected = {getattr(world, s).pk for s, who in SEES.items() if persona in who}
    assert listed == expected


@pytest.mark.parametrize("persona", PERSONAS)
def test_framework_browser_is_open_to_every_signed_in_user(world: World, persona: str) -> None:
    response = world.client(persona).get(reverse("areas:framework"))
    assert response.status_code == 200


@pytest.mark.parametrize("url_name", ["home", "areas:framework"])
def test_anonymous_is_sent_to_login(db: None, url_name: str) -> None:
    response = Client().get(reverse(url_name))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_anonymous_assessment_redirects_to_login(world: World) -> None:
    response = Client().get(reverse("scoring:assessment", args=[world.own.pk]))
    assert response.status_code == 302


@pytest.mark.parametrize("persona", PERSONAS)
def test_django_admin_only_for_staff(world: World, persona: str) -> None:
    response = world.client(persona).get(reverse("admin:index"))
    assert response.status_code == 302  # no persona above is Django staff
    assert "/admin/login/" in response["Location"]


def test_every_model_has_an_admin_page(framework: object) -> None:
    superuser = UserFactory(username="root", is_staff=True, is_superuser=True)
    client = Client()
    client.force_login(superuser)
    ours = [
        m
        for m in admin.site._registry
        if m._meta.app_label in {"zi_portal", "areas", "evidence", "scoring"}
    ]
    from django.apps import apps

    for app in ("zi_portal", "areas", "evidence", "scoring"):
        for model in apps.get_app_config(app).get_models():
            assert model in admin.site._registry, f"{model.__name__} has no admin"
    for model in ours:
        url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
        assert client.get(url).status_code == 200, url
