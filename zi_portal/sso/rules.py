"""May this person sign in through the identity provider? Codes: docs/rules.md.

The provider vouches for who the person is; the portal decides whether that person has an account
here. Memberships stay the admin's decision, so an unknown person is refused unless
ZI_OIDC_CREATE_USERS lets the portal create an account without any role.
"""

from __future__ import annotations

from collections.abc import Sequence
from enum import StrEnum

from django.contrib.auth.models import User
from django.utils.translation import gettext as _

from zi_portal.refusals import Refusal


class Code(StrEnum):
    CLAIM_MISSING = "sso_claim_missing"
    UNKNOWN_ACCOUNT = "sso_unknown_account"
    AMBIGUOUS_ACCOUNT = "sso_ambiguous_account"
    ACCOUNT_INACTIVE = "sso_account_inactive"
    EMAIL_UNVERIFIED = "sso_email_unverified"


def sso_login_refusal(
    *, claim: str, value: str, matches: Sequence[User], may_create: bool, verified: bool = True
) -> Refusal | None:
    """`matches`: the accounts whose `claim` (e-mail or NIP) equals the provider's `value`;
    `verified`: false when the provider says the e-mail is not verified (`email_verified`), since
    an address a person typed in unchecked must not open someone else's account."""
    if not value:
        return Refusal(
            Code.CLAIM_MISSING,
            _(
                "Penyedia SSO tidak mengirimkan %(claim)s Anda, sehingga portal tidak dapat "
                "mencocokkan akun. Minta admin instansi memeriksa pengaturan SSO."
            )
            % {"claim": claim},
        )
    if claim == "email" and not verified:
        return Refusal(
            Code.EMAIL_UNVERIFIED,
            _(
                "Penyedia SSO belum memverifikasi e-mail Anda (%(value)s); portal hanya "
                "mencocokkan akun dengan e-mail yang sudah diverifikasi."
            )
            % {"value": value},
        )
    if len(matches) > 1:
        return Refusal(
            Code.AMBIGUOUS_ACCOUNT,
            _(
                "Lebih dari satu akun portal memakai %(claim)s %(value)s. Minta admin instansi "
                "merapikan akun tersebut."
            )
            % {"claim": claim, "value": value},
        )
    if not matches:
        if may_create:
            return None
        return Refusal(
            Code.UNKNOWN_ACCOUNT,
            _(
                "Akun Anda belum terdaftar di portal; minta admin instansi mendaftarkan akun "
                "dengan %(claim)s %(value)s, lalu masuk lagi."
            )
            % {"claim": claim, "value": value},
        )
    if not matches[0].is_active:
        return Refusal(
            Code.ACCOUNT_INACTIVE,
            _("Akun portal Anda tidak aktif. Hubungi admin instansi."),
        )
    return None
