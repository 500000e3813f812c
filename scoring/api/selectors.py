"""Reads of API tokens: a user's own tokens, and the token an Authorization header names."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from scoring.api.models import ApiToken
from scoring.api.tokens import token_matches, token_prefix
from zi_portal.access import AnyUser


def tokens_for_user(*, user: AnyUser) -> QuerySet[ApiToken]:
    """The user's tokens, the active ones first, newest first."""
    if not user.is_authenticated:
        return ApiToken.objects.none()
    return ApiToken.objects.filter(user_id=user.pk).order_by("revoked_at", "-created_at", "-pk")


def token_get_for_user(*, user: AnyUser, pk: int) -> ApiToken:
    """One of the user's own tokens; 404 for anybody else's."""
    token = tokens_for_user(user=user).filter(pk=pk).first()
    if token is None:
        raise Http404
    return token


def token_active(token: str) -> ApiToken | None:
    """The active token row this token string opens (its user active too), else None."""
    prefix = token_prefix(token)
    if prefix is None:
        return None
    row = (
        ApiToken.objects.select_related("user")
        .filter(prefix=prefix, revoked_at__isnull=True)
        .first()
    )
    if row is None or not row.user.is_active or not token_matches(token, row.digest):
        return None
    return row
