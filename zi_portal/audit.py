"""Stamp audit entries with the acting user, also outside a request (CLI, tasks, tests)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from auditlog.context import auditlog_value, set_actor


@contextmanager
def acting_as(actor: Any) -> Iterator[None]:
    """Every audit entry written inside carries `actor` (None: leave the context as it is).

    auditlog's set_actor does not nest: it overwrites the context variable and never restores
    it, so after an inner block the request's own actor (set by AuditlogMiddleware) would stop
    being recorded. Here the variable is reset to what it was on entry, and the request's address
    is kept on the inner entries.
    """
    if actor is None:
        yield
        return
    outer: dict[str, Any] = auditlog_value.get(None) or {}
    # This token remembers the value before we touched it; reset() restores exactly that,
    # whatever set_actor sets in between.
    token = auditlog_value.set(outer)
    try:
        with set_actor(
            actor, remote_addr=outer.get("remote_addr"), remote_port=outer.get("remote_port")
        ):
            yield
    finally:
        auditlog_value.reset(token)
