"""The feed's guard: the client's address and a count of wrong tokens per address.

A feed URL carries its own credential, so a client that sends many unknown tokens is guessing:
after MISS_LIMIT misses in MISS_WINDOW seconds the address gets 429 until the window ends (the
cache's counter; per process with the default local-memory cache). A 256-bit secret cannot be
guessed anyway; the limit keeps the guessing off the database.
"""

from __future__ import annotations

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest

MISS_LIMIT = 30
MISS_WINDOW = 600


def client_address(request: HttpRequest) -> str:
    """The client's address as the login lockout sees it (the proxy's entry behind a proxy)."""
    resolve = getattr(settings, "AXES_CLIENT_IP_CALLABLE", None)
    address = resolve(request) if callable(resolve) else None
    return str(address or request.META.get("REMOTE_ADDR", ""))


def _key(request: HttpRequest) -> str:
    return f"zi-calendar-feed-miss:{client_address(request)}"


def too_many_misses(request: HttpRequest) -> bool:
    return int(cache.get(_key(request), 0)) >= MISS_LIMIT


def record_miss(request: HttpRequest) -> None:
    key = _key(request)
    if not cache.add(key, 1, MISS_WINDOW):
        try:
            cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.add(key, 1, MISS_WINDOW)
