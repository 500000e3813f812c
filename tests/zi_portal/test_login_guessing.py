"""Guessing one account's password from many addresses slows that account down for a short,
growing delay and tells its owner by e-mail; django-axes still locks a (username, address) pair.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from axes.models import AccessFailureLog
from django.core import mail
from django.test import Client
from django.urls import reverse

from tests.factories import PASSWORD, UserFactory
from zi_portal import settings as portal_settings

pytestmark = pytest.mark.django_db


def _fail(username: str, address: str, **extra: Any) -> Any:
    return Client(REMOTE_ADDR=address, **extra).post(
        reverse("login"), {"username": username, "password": "tebakan-salah"}
    )


def _login(username: str, address: str) -> Any:
    return Client(REMOTE_ADDR=address).post(
        reverse("login"), {"username": username, "password": PASSWORD}
    )


def _age_failures(username: str, minutes: float) -> None:
    for log in AccessFailureLog.objects.filter(username=username):
        log.attempt_time -= timedelta(minutes=minutes)
        log.save(update_fields=["attempt_time"])


@pytest.fixture
def rina() -> Any:
    return UserFactory(username="rina", email="rina@example.go.id")


def test_twenty_failures_from_twenty_addresses_slow_the_account_down(rina: Any) -> None:
    for i in range(20):
        response = _fail("rina", f"198.51.100.{i + 1}")
        assert response.status_code == 200  # no (username, address) pair reached axes' limit
    # Even the right password, from a new address, waits now.
    response = _login("rina", "203.0.113.9")
    assert response.status_code == 429
    body = response.content.decode()
    assert "Terlalu banyak percobaan masuk yang gagal untuk akun ini" in body
    assert "coba lagi setelah pukul" in body
    # The owner hears about it once.
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["rina@example.go.id"]
    assert "20" in message.body
    # Refused attempts are not failures: no second e-mail, no growth from being refused.
    _login("rina", "203.0.113.9")
    assert len(mail.outbox) == 1
    # Another account is untouched.
    UserFactory(username="budi")
    assert _login("budi", "198.51.100.1").status_code == 302


def test_the_delay_is_short_and_grows(rina: Any) -> None:
    for i in range(20):
        _fail("rina", f"198.51.100.{i + 1}")
    _age_failures("rina", 1.5)  # the first delay (1 minute) has passed
    assert _fail("rina", "198.51.100.77").status_code == 200  # a counted failure: 21st
    assert _login("rina", "203.0.113.9").status_code == 429
    _age_failures("rina", 1.5)  # 1.5 minutes is not enough for the second delay (2 minutes)
    assert _login("rina", "203.0.113.9").status_code == 429
    _age_failures("rina", 1)
    assert _login("rina", "203.0.113.9").status_code == 302
    assert len(mail.outbox) == 1


def test_after_the_window_the_owner_logs_in_again(rina: Any) -> None:
    for i in range(25):
        _fail("rina", f"198.51.100.{i + 1}")
        _age_failures("rina", 0)  # keep them recent
    assert _login("rina", "203.0.113.9").status_code == 429
    _age_failures("rina", 61)
    assert _login("rina", "203.0.113.9").status_code == 302


def test_the_delay_never_exceeds_its_cap(rina: Any, settings: Any) -> None:
    for i in range(20):
        _fail("rina", f"198.51.100.{i + 1}")
    # Many more counted failures, each after the previous delay ran out.
    for i in range(10):
        _age_failures("rina", 0.1)
        AccessFailureLog.objects.create(username="rina", ip_address=f"192.0.2.{i + 1}")
    _age_failures("rina", settings.LOGIN_USERNAME_MAX_DELAY_MINUTES + 0.5)
    assert _login("rina", "203.0.113.9").status_code == 302


def test_behind_a_proxy_the_forwarded_addresses_count_for_the_same_account(
    rina: Any, settings: Any
) -> None:
    settings.AXES_CLIENT_IP_CALLABLE = portal_settings._forwarded_client_ip
    for i in range(20):
        response = _fail("rina", "127.0.0.1", HTTP_X_FORWARDED_FOR=f"198.51.100.{i + 1}")
        assert response.status_code == 200
    assert (
        AccessFailureLog.objects.filter(username="rina").values("ip_address").distinct().count()
        == 20
    )
    assert _login("rina", "127.0.0.1").status_code == 429
    assert len(mail.outbox) == 1


def test_the_admin_login_is_slowed_down_too(rina: Any) -> None:
    for i in range(20):
        _fail("rina", f"198.51.100.{i + 1}")
    rina.is_staff = True
    rina.save()
    response = Client(REMOTE_ADDR="203.0.113.9").post(
        reverse("admin:login"), {"username": "rina", "password": PASSWORD}
    )
    assert response.status_code != 302
    assert "Terlalu banyak percobaan masuk yang gagal untuk akun ini" in response.content.decode()


def test_the_per_address_lockout_still_works(rina: Any, settings: Any) -> None:
    settings.AXES_FAILURE_LIMIT = 3
    for _ in range(2):
        assert _fail("rina", "198.51.100.1").status_code == 200
    response = _fail("rina", "198.51.100.1")
    assert response.status_code == 429
    assert "Akun dikunci sementara" in response.content.decode()
    # The account itself is not slowed down: the owner elsewhere logs in.
    assert _login("rina", "203.0.113.9").status_code == 302
    assert mail.outbox == []
