"""Password guessing against one account from many addresses.

django-axes locks a (username, client address) pair after AXES_FAILURE_LIMIT failures. An attacker
with many addresses gets that many guesses from each, so this adds a limit per username across
all addresses. Once LOGIN_USERNAME_FAILURE_LIMIT failures fall within the last
LOGIN_USERNAME_FAILURE_WINDOW_MINUTES, the account is *slowed down*, not locked: every login for
that username (the right password too) is refused until LOGIN_USERNAME_DELAY_MINUTES after the
last failure, a delay that doubles with each further counted failure up to
LOGIN_USERNAME_MAX_DELAY_MINUTES. Refused attempts are not counted, so a stranger can hold the
account at most one short delay at a time, and once the window has passed without new failures
the account is back to normal. When the limit is reached the owner gets one e-mail per window.

Failures are read from axes' AccessFailureLog (AXES_ENABLE_ACCESS_FAILURE_LOG), one row per failed
login with its time and address, shared by every web worker through the database.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from axes.models import AccessFailureLog
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)


def _window() -> timedelta:
    return timedelta(minutes=float(settings.LOGIN_USERNAME_FAILURE_WINDOW_MINUTES))


def _recent_failures(username: str) -> list[datetime]:
    since = timezone.now() - _window()
    return list(
        AccessFailureLog.objects.filter(username=username, attempt_time__gte=since)
        .order_by("-attempt_time")
        .values_list("attempt_time", flat=True)
    )


def delay_for(failures: int) -> timedelta:
    """The wait after the last failure, for this many failures within the window."""
    limit = int(settings.LOGIN_USERNAME_FAILURE_LIMIT)
    if failures < limit:
        return timedelta(0)
    base = float(settings.LOGIN_USERNAME_DELAY_MINUTES)
    cap = float(settings.LOGIN_USERNAME_MAX_DELAY_MINUTES)
    steps = min(failures - limit, 16)  # 2**16 minutes is far beyond any sensible cap
    return timedelta(minutes=min(base * 2**steps, cap))


def slowed_down_until(username: str) -> datetime | None:
    """When this username may try again, or None when it may try now."""
    if not username or not settings.AXES_ENABLED:
        return None
    failures = _recent_failures(username)
    wait = delay_for(len(failures))
    if not wait:
        return None
    until = failures[0] + wait
    return until if until > timezone.now() else None


def refusal_message(until: datetime) -> str:
    minutes = max(1, round((until - timezone.now()).total_seconds() / 60))
    return _(
        "Terlalu banyak percobaan masuk yang gagal untuk akun ini dari berbagai alamat. Demi "
        "keamanan, coba lagi setelah pukul %(time)s (sekitar %(minutes)s menit). Pemilik akun "
        "sudah diberi tahu lewat e-mail."
    ) % {"time": date_format(timezone.localtime(until), "H:i"), "minutes": minutes}


def failure_recorded(username: str) -> None:
    """After a failed login (axes has logged it): tell the owner when the limit is reached.

    The e-mail goes out on the failure that reaches the limit within the window, so once per
    window: refused attempts are not counted, and later counted failures are above the limit.
    """
    if not username or not settings.AXES_ENABLED:
        return
    failures = _recent_failures(username)
    if len(failures) != int(settings.LOGIN_USERNAME_FAILURE_LIMIT):
        return
    user = (
        get_user_model()
        .objects.filter(**{get_user_model().USERNAME_FIELD: username}, is_active=True)
        .first()
    )
    if user is None or not getattr(user, "email", ""):
        return
    email = str(user.email)
    addresses = sorted(
        {
            a
            for a in AccessFailureLog.objects.filter(
                username=username, attempt_time__gte=timezone.now() - _window()
            ).values_list("ip_address", flat=True)
            if a
        }
    )
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("[ZI Portal] Percobaan masuk gagal berulang pada akun Anda")
        body = _(
            "Yth. %(name)s,\n\n"
            "Dalam %(window)s menit terakhir ada %(count)s percobaan masuk yang gagal ke akun "
            "ZI Portal Anda (%(username)s) dari %(addresses)s alamat berbeda. Demi keamanan, "
            "masuk ke akun ini diperlambat sementara: setelah setiap kegagalan berikutnya Anda "
            "perlu menunggu beberapa menit sebelum mencoba lagi.\n\n"
            "Jika itu bukan Anda, tidak perlu panik: kata sandi Anda tidak ikut terkirim. "
            "Gunakan kata sandi yang kuat dan hubungi admin instansi bila percobaan ini "
            "berlanjut.\n\n"
            "Alamat yang tercatat: %(list)s\n\n"
            "Pesan ini dikirim otomatis oleh ZI Portal."
        ) % {
            "name": user.get_full_name() or username,
            "window": int(float(settings.LOGIN_USERNAME_FAILURE_WINDOW_MINUTES)),
            "count": len(failures),
            "username": username,
            "addresses": len(addresses),
            "list": ", ".join(addresses[:20]) + (" ..." if len(addresses) > 20 else ""),
        }
    try:
        EmailMessage(subject=subject, body=body, to=[email]).send()
    except Exception:  # a mail server failure must not turn a failed login into a 500
        logger.exception("Could not send the login-guessing warning for %s", username)
