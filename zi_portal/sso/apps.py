"""The single sign-on app: its own label, so its migrations stay out of zi_portal's."""

from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ZiPortalSsoConfig(AppConfig):
    name = "zi_portal.sso"
    label = "zi_portal_sso"
    verbose_name = _("Masuk tunggal (SSO)")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from zi_portal.sso import models

        auditlog.register(models.SsoProfile, exclude_fields=["last_sso_login"])
