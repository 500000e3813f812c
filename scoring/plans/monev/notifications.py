"""The e-mail after a monev report's sign-off: to the unit's tim kerja, in each one's language,
after the commit (a rolled-back sign-off mails nobody), silent inside zi_portal.mail.muted()."""

from __future__ import annotations

import logging

from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from scoring.plans.monev.models import MonevReport
from zi_portal.mail import absolute, display_name, is_muted, languages_of
from zi_portal.models import Membership, Role

logger = logging.getLogger(__name__)


def sign_off_recipient_ids(report: MonevReport) -> list[int]:
    return sorted(
        set(
            Membership.objects.filter(
                unit_id=report.assessment.unit_id, role=Role.TIM_KERJA
            ).values_list("user_id", flat=True)
        )
    )


def sign_off_send(*, report_pk: int) -> int:
    """Send the sign-off e-mails of a committed sign-off; returns how many went out."""
    if is_muted():
        return 0
    report = MonevReport.objects.select_related(
        "assessment__unit", "assessment__cycle", "signed_off_by"
    ).get(pk=report_pk)
    ids = sign_off_recipient_ids(report)
    languages = languages_of(ids)
    url = absolute(reverse("monev:page", args=[report.assessment_id]))
    messages = []
    for user in get_user_model().objects.filter(pk__in=ids).order_by("pk"):
        if not user.email:
            continue
        context = {
            "report": report,
            "unit": report.assessment.unit.name,
            "year": report.assessment.cycle.year,
            "actor_name": display_name(report.signed_off_by),
            "recipient_name": display_name(user),
            "url": url,
        }
        with translation.override(languages[user.pk]):
            subject = " ".join(
                render_to_string("emails/monev_sign_off_subject.txt", context).split()
            )
            body = render_to_string("emails/monev_sign_off_body.txt", context)
        messages.append(EmailMessage(subject=subject, body=body, to=[user.email]))
    if not messages:
        return 0
    try:
        return get_connection().send_messages(messages) or 0
    except Exception:  # the sign-off is committed; a mail outage must not hide that
        logger.exception("monev sign-off e-mail for report %s could not be sent", report_pk)
        return 0


def sign_off_notify_on_commit(report: MonevReport) -> None:
    if is_muted():
        return
    pk = report.pk
    transaction.on_commit(lambda: sign_off_send(report_pk=pk))
