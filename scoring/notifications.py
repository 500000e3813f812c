"""E-mails at each hand-off of the review workflow, sent through Django's e-mail backend.

Called from transaction.on_commit, so a rolled-back step never mails anyone. Templates live in
templates/emails/<event>_subject.txt and <event>_body.txt (Indonesian). One message per recipient,
so addresses are not disclosed to each other. Links are absolute through the optional setting
PORTAL_BASE_URL (default http://localhost:8000).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage, get_connection
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

# The one mute switch of every e-mail (zi_portal/mail.py); the demo seed and the services use it
# through this module.
from zi_portal.mail import is_muted, muted  # noqa: F401
from zi_portal.models import Assessment

logger = logging.getLogger(__name__)

EVENTS = ("sign_off", "submit", "return", "finalise", "tpn_step")


def _base_url() -> str:
    return str(getattr(settings, "PORTAL_BASE_URL", "http://localhost:8000")).rstrip("/")


def build_messages(
    *,
    event: str,
    assessment: Assessment,
    actor: Any,
    recipients: Iterable[Any],
    extra: Mapping[str, Any] | None = None,
) -> list[EmailMessage]:
    """The e-mails of one event, one per recipient with an address."""
    if event not in EVENTS:
        raise ValueError(f"unknown e-mail event {event!r}")
    url = _base_url() + reverse("scoring:assessment", args=[assessment.pk])
    messages: list[EmailMessage] = []
    with translation.override(settings.LANGUAGE_CODE):
        for user in recipients:
            if not user.email:
                continue
            context = {
                "assessment": assessment,
                "actor": actor,
                "actor_name": (actor.get_full_name() or actor.get_username()) if actor else "",
                "recipient": user,
                "recipient_name": user.get_full_name() or user.get_username(),
                "url": url,
                **(extra or {}),
            }
            subject = " ".join(render_to_string(f"emails/{event}_subject.txt", context).split())
            body = render_to_string(f"emails/{event}_body.txt", context)
            messages.append(EmailMessage(subject=subject, body=body, to=[user.email]))
    return messages


def send_event(
    *,
    event: str,
    assessment_id: int,
    actor_id: int | None,
    recipient_ids: Iterable[int],
    extra: Mapping[str, Any] | None = None,
) -> int:
    """Send the e-mails of a committed workflow step; returns how many went out.

    A mail server failure is logged, never raised: the step itself has already been saved.
    """
    if is_muted():
        return 0
    user_model = get_user_model()
    assessment = Assessment.objects.select_related("unit", "cycle").get(pk=assessment_id)
    actor = user_model.objects.filter(pk=actor_id).first() if actor_id else None
    recipients = list(user_model.objects.filter(pk__in=set(recipient_ids)).order_by("pk"))
    messages = build_messages(
        event=event, assessment=assessment, actor=actor, recipients=recipients, extra=extra
    )
    if not messages:
        return 0
    try:
        return get_connection().send_messages(messages) or 0
    except Exception:  # the workflow step is committed; a mail outage must not hide that
        logger.exception("e-mail %s for assessment %s could not be sent", event, assessment_id)
        return 0
