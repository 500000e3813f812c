"""The shape of a feed token and its digest.

A feed token reads ``<prefix>_<secret>``: the prefix (10 hex characters) finds the row, and the
whole token's sha256 is compared with the stored digest in constant time (as scoring/api/tokens.py
does for API tokens). The token is the only credential of /kalender/<token>.ics.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

PREFIX_LENGTH = 10
# Compared when no row has the prefix, so a miss costs the same as a wrong secret.
_NO_DIGEST = "0" * 64


def feed_token_new() -> tuple[str, str]:
    """A fresh (prefix, token) pair."""
    prefix = secrets.token_hex(PREFIX_LENGTH // 2)
    return prefix, f"{prefix}_{secrets.token_urlsafe(32)}"


def feed_token_digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def feed_token_matches(token: str, digest: str | None) -> bool:
    return hmac.compare_digest(feed_token_digest(token), digest or _NO_DIGEST) and bool(digest)


def feed_token_prefix(token: str) -> str | None:
    """The lookup prefix of a well-formed token, else None."""
    prefix, sep, secret = token.partition("_")
    if not sep or len(prefix) != PREFIX_LENGTH or not secret:
        return None
    return prefix
