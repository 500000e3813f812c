"""{% sso_button next %}: the "Masuk dengan SSO" link on the login page, only when configured."""

from __future__ import annotations

from typing import Any

from django import template
from django.conf import settings

register = template.Library()


@register.inclusion_tag("sso/button.html")
def sso_button(next_url: str = "") -> dict[str, Any]:
    return {
        "enabled": settings.ZI_OIDC_ENABLED,
        "label": settings.ZI_OIDC_BUTTON_LABEL,
        "next": next_url,
    }
