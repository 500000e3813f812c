"""Personal API tokens: only a prefix (to find the row) and the sha256 of the token are stored."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from zi_portal.secret_tokens import SecretToken


class ApiToken(SecretToken):
    """One token of one user. The secret itself is shown once at creation and never stored."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )

    class Meta(SecretToken.Meta):
        verbose_name = _("token API")
        verbose_name_plural = _("token API")
