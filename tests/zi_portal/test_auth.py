"""Log in and out in Bahasa Indonesia; brute-force lockout tells when to try again."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from axes.models import AccessAttempt
from django.test import Client
from django.urls import reverse

from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]


def test_login_page_is_indonesian() -> None:
    response = Client().get(reverse("login"))
    assert response.status_code == 200
    body = response.content.decode()
    assert 'lang="id"' in body
    assert "Masuk ke ZI Portal" in body
    assert "Kata sandi" in body


def test_root_redirects_anonymous_to_login() -> None:
    response = Client().get("/", follow=True)
    assert response.redirect_chain[-1][0].startswith(reverse("login"))
    assert "Masuk ke ZI Portal" in response.content.decode()


def test_wrong_password_gives_clear_message() -> None:
    UserFactory(username="rina")
    response = Client().post(reverse("login"), {"username": "rina", "password": "salah"})
    assert response.status_code == 200
    body = response.content.decode()
    assert "Nama pengguna atau kata sandi salah" in body


def test_good_login_then_logout() -> None:
    UserFactory(username="rina")
    client = Client()
    response = client.post(reverse("login"), {"username": "rina", "password": PASSWORD})
    assert response.status_code == 302
    assert client.get(reverse("home")).status_code == 200
    assert client.post(reverse("logout")).status_code == 302
    assert client.get(reverse("home")).status_code == 302


def test_lockout_after_repeated_failures(settings) -> None:  # type: ignore[no-untyped-def]
    settings.AXES_FAILURE_LIMIT = 3
    UserFactory(username="rina")
    client = Client()
    for _ in range(2):
        r = client.post(reverse("login"), {"username": "rina", "password": "salah"})
        assert r.status_code == 200
    r = client.post(reverse("login"), {"username": "rina", "password": "salah"})
    assert r.status_code == 429
    body = r.content.decode()
    assert "Akun dikunci sementara" in body
    assert "coba lagi setelah pukul" in body
    # Even the right password is refused while locked.
    r = client.post(reverse("login"), {"username": "rina", "password": PASSWORD})
    assert r.status_code == 429
    assert AccessAttempt.objects.filter(username="rina").exists()


@pytest.mark.parametrize(
    ("env", "missing"),
    [
        ({}, "DJANGO_SECRET_KEY and DJANGO_ALLOWED_HOSTS"),
        ({"DJANGO_SECRET_KEY": "x" * 50}, "DJANGO_ALLOWED_HOSTS"),
        ({"DJANGO_ALLOWED_HOSTS": "zi.example.go.id"}, "DJANGO_SECRET_KEY"),
    ],
)
def test_production_refuses_to_start_without_secrets(env: dict[str, str], missing: str) -> None:
    clean = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DJANGO_SECRET_KEY", "DJANGO_ALLOWED_HOSTS", "DJANGO_DEBUG"}
    }
    clean.update(env, DJANGO_DEBUG="false")
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env=clean,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode != 0
    assert f"DJANGO_DEBUG=false needs {missing}" in result.stderr
