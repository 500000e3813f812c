"""Which portal accounts a provider's claim points at."""

from __future__ import annotations

from django.contrib.auth.models import User
from django.db.models import QuerySet


def users_matching_claim(*, claim: str, value: str) -> QuerySet[User]:
    """E-mail: User.email, case-insensitive. Any other claim (a NIP): SsoProfile.nip, exact."""
    if not value:
        return User.objects.none()
    if claim == "email":
        return User.objects.filter(email__iexact=value).order_by("pk")
    return User.objects.filter(sso_profile__nip=value).order_by("pk")
