"""Where a person's NIP lives: the identity-provider side of an account.

Django's User has no NIP; when the provider's matching claim is a NIP (ZI_OIDC_MATCH_CLAIM=nip),
the portal looks the person up here. The admin fills the NIP in when registering the account.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class SsoProfile(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="sso_profile"
    )
    # Indonesian civil servant numbers are 18 digits; other providers' ids may be longer.
    nip = models.CharField(_("NIP"), max_length=64, unique=True, null=True, blank=True)
    created_by_sso = models.BooleanField(_("dibuat lewat SSO"), default=False)
    last_sso_login = models.DateTimeField(_("terakhir masuk lewat SSO"), null=True, blank=True)

    class Meta:
        verbose_name = _("profil SSO")
        verbose_name_plural = _("profil SSO")

    def __str__(self) -> str:
        return f"{self.user} ({self.nip or '-'})"
