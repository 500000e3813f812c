"""Security settings that are not visible as a URL: the client address behind a reverse proxy."""

from __future__ import annotations

from typing import Any

from axes.helpers import get_client_ip_address
from django.test import RequestFactory

from zi_portal import settings as portal_settings


def test_forwarded_client_ip_takes_the_address_the_proxy_saw() -> None:
    rf = RequestFactory()
    # The client forged the first entry; our proxy appended the address it really saw.
    req = rf.get("/", HTTP_X_FORWARDED_FOR="1.2.3.4, 203.0.113.7", REMOTE_ADDR="127.0.0.1")
    assert portal_settings._forwarded_client_ip(req) == "203.0.113.7"
    # No header (a request that bypassed the proxy): the socket address.
    assert portal_settings._forwarded_client_ip(rf.get("/", REMOTE_ADDR="10.0.0.5")) == "10.0.0.5"


def test_axes_uses_the_forwarded_address_only_behind_a_proxy(settings: Any) -> None:
    rf = RequestFactory()
    req = rf.get("/", HTTP_X_FORWARDED_FOR="198.51.100.1", REMOTE_ADDR="127.0.0.1")
    settings.AXES_CLIENT_IP_CALLABLE = None  # the default: no proxy in front
    assert get_client_ip_address(req) == "127.0.0.1"
    settings.AXES_CLIENT_IP_CALLABLE = portal_settings._forwarded_client_ip
    assert get_client_ip_address(req) == "198.51.100.1"
