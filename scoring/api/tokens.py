"""The shape of a personal API token and its digest.

A token reads ``zi_<prefix>_<secret>``: the prefix (10 hex characters) finds the row, and the
whole token's sha256 is compared with the stored digest in constant time. The database never
holds the token itself, so a copy of it lets nobody in.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

TOKEN_START = "zi_"  # noqa: S105 - the visible start of every token, not a secret
PREFIX_LENGTH = 10
# "Authorization: Bearer <token>" or "Authorization: Token <token>".
KEYWORDS = ("bearer", "token")


def token_new() -> tuple[str, str]:
    """A fresh (prefix, token) pair."""
    prefix = secrets.token_hex(PREFIX_LENGTH // 2)
    return prefix, f"{TOKEN_START}{prefix}_{secrets.token_urlsafe(32)}"


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def token_matches(token: str, digest: str) -> bool:
    return hmac.compare_digest(token_digest(token), digest)


def token_prefix(token: str) -> str | None:
    """The lookup prefix of a well-formed token, else None."""
    if not token.startswith(TOKEN_START):
        return None
    prefix, sep, secret = token[len(TOKEN_START) :].partition("_")
    if not sep or len(prefix) != PREFIX_LENGTH or not secret:
        return None
    return prefix


def token_from_header(value: str) -> str | None:
    """The token of an Authorization header value, or None when it names no token scheme."""
    keyword, _sep, token = value.strip().partition(" ")
    if keyword.lower() not in KEYWORDS:
        return None
    return token.strip() or ""
