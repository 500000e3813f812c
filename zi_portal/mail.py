"""What every e-mail of the portal shares: the mute switch of demo seeding, absolute links, and
each recipient's language.

The workflow e-mails (scoring/notifications.py), the comment e-mails (evidence/notifications.py)
and the daily digest (scoring/inbox/digest.py) all ask `is_muted()` here, so one `muted()` block
keeps the demo seed silent whichever app would write.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from django.conf import settings

from zi_portal.models import NotificationPreference

_muted: ContextVar[bool] = ContextVar("zi_mail_muted", default=False)


def is_muted() -> bool:
    return _muted.get()


@contextmanager
def muted() -> Iterator[None]:
    """No e-mail inside (demo seeding replays a whole review cycle)."""
    token = _muted.set(True)
    try:
        yield
    finally:
        _muted.reset(token)


def base_url() -> str:
    """The portal's address for links in e-mails (PORTAL_BASE_URL)."""
    return str(getattr(settings, "PORTAL_BASE_URL", "http://localhost:8000")).rstrip("/")


def absolute(path: str) -> str:
    return base_url() + path


def languages_of(user_ids: list[int]) -> dict[int, str]:
    """Each user's e-mail language (the portal's language when they chose none)."""
    chosen = dict(
        NotificationPreference.objects.filter(user_id__in=user_ids).values_list(
            "user_id", "language"
        )
    )
    return {pk: chosen.get(pk) or settings.LANGUAGE_CODE for pk in user_ids}


def display_name(user: Any) -> str:
    return str(user.get_full_name() or user.get_username()) if user else ""
