"""Template context shared by every page."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from zi_portal.access import is_instansi_viewer


def portal(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    return {
        "portal_name": "ZI Portal",
        "debug": settings.DEBUG,
        # Read when a template asks (the page's menu), not for every htmx partial.
        "is_instansi_viewer": SimpleLazyObject(lambda: bool(user and is_instansi_viewer(user))),
    }
