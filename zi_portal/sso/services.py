"""Writes of single sign-on: creating an account the provider vouches for, recording a login.

Both leave an audit trail: the SsoProfile row (registered with django-auditlog) is created or
touched with the person as actor, and the login itself lands in django-axes' AccessLog like a
password login (path /sso/kembali/), through Django's user_logged_in signal.
"""

from __future__ import annotations

import logging
from typing import Any

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone

from zi_portal.audit import acting_as
from zi_portal.refusals import refuse_if
from zi_portal.sso import rules
from zi_portal.sso.models import SsoProfile
from zi_portal.sso.selectors import users_matching_claim

logger = logging.getLogger(__name__)


def _free_username(wanted: str) -> str:
    base = wanted[:140] or "sso"
    candidate, n = base, 1
    while User.objects.filter(username__iexact=candidate).exists():
        n += 1
        candidate = f"{base}-{n}"
    return candidate


@transaction.atomic
def sso_user_create(*, claim: str, value: str, claims: dict[str, Any]) -> User:
    """A new account without any membership: roles stay the admin's decision.

    Re-checks inside the transaction that no account took the claim meanwhile.
    """
    matches = list(users_matching_claim(claim=claim, value=value).select_for_update())
    refuse_if(
        rules.sso_login_refusal(
            claim=claim,
            value=value,
            matches=matches,
            may_create=True,
            verified=claims.get("email_verified") is not False,
        )
    )
    if matches:
        return matches[0]
    email = str(claims.get("email") or "")
    username = _free_username(email.lower() if claim == "email" else value)
    user = User.objects.create_user(
        username,
        email=email,
        first_name=str(claims.get("given_name") or "")[:150],
        last_name=str(claims.get("family_name") or "")[:150],
    )  # no password: this account signs in only through the provider until an admin sets one
    with acting_as(user):
        SsoProfile.objects.create(
            user=user, nip=None if claim == "email" else value, created_by_sso=True
        )
    logger.info("SSO created account %s for %s %s (no memberships)", username, claim, value)
    return user


@transaction.atomic
def sso_login_record(*, user: User) -> None:
    """Stamp the person's last SSO login (the profile is created for e-mail matches too)."""
    profile, _created = SsoProfile.objects.select_for_update().get_or_create(user=user)
    profile.last_sso_login = timezone.now()
    with acting_as(user):
        profile.save(update_fields=["last_sso_login"])
