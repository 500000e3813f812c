"""The daily e-mail digest of pending tasks: one e-mail a day per person who has tasks.

Who gets it: active users with an e-mail address whose digest is on (zi_portal
NotificationPreference.daily_digest, on unless they turned it off on /profil/) and who have at
least one step to take, or a phase ending within a week (`worth_mailing`; the tasks are
scoring/inbox/selectors.py: tasks_for_user). Once a day: the day is claimed on the person's
preference row (zi_portal/services.py: digest_claim) before the mail goes, so a second run the
same day sends nothing. Written in the person's e-mail language, with absolute links
(PORTAL_BASE_URL). Silent inside zi_portal.mail.muted(). Run by the periodic Celery task
scoring.inbox_digest_send (CELERY_BEAT_SCHEDULE).
"""

from __future__ import annotations

import datetime
import logging
from typing import Any

from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage, get_connection
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from scoring.inbox.selectors import Kind, Task, tasks_for_user
from zi_portal.mail import absolute, display_name, is_muted, languages_of
from zi_portal.models import NotificationPreference
from zi_portal.services import digest_claim

logger = logging.getLogger(__name__)

# A deadline alone is worth an e-mail only when it is this close; further away it waits on the
# home page (otherwise every tim kerja member would be mailed every day of the phase).
DEADLINE_MAIL_DAYS = 7


def worth_mailing(tasks: list[Task]) -> bool:
    """At least one step to take, or a phase ending within DEADLINE_MAIL_DAYS."""
    return any(t.kind != Kind.DEADLINE or (t.days_left or 0) <= DEADLINE_MAIL_DAYS for t in tasks)


def digest_candidates(day: datetime.date) -> list[Any]:
    """Active users with an address, digest not turned off and not yet sent on `day`."""
    opted_out = NotificationPreference.objects.filter(daily_digest=False).values("user_id")
    sent = NotificationPreference.objects.filter(digest_sent_on=day).values("user_id")
    return list(
        get_user_model()
        .objects.filter(is_active=True)
        .exclude(email="")
        .exclude(pk__in=opted_out)
        .exclude(pk__in=sent)
        .order_by("pk")
    )


def digest_message(user: Any, tasks: list[Task], language: str) -> EmailMessage:
    """The digest e-mail of one person, in `language` (the tasks' sentences were written in it)."""
    with translation.override(language):
        context = {
            "recipient_name": display_name(user),
            "tasks": [(t, absolute(t.url)) for t in tasks],
            "count": len(tasks),
            "home_url": absolute(reverse("home")),
            "profile_url": absolute(reverse("profile")),
        }
        subject = " ".join(render_to_string("emails/digest_subject.txt", context).split())
        body = render_to_string("emails/digest_body.txt", context)
    return EmailMessage(subject=subject, body=body, to=[user.email])


def digest_send_all(*, day: datetime.date | None = None) -> int:
    """Send today's digests; returns how many went out. A mail failure is logged per person."""
    if is_muted():
        return 0
    day = day or timezone.localdate()
    users = digest_candidates(day)
    languages = languages_of([u.pk for u in users])
    sent = 0
    connection = get_connection()
    for user in users:
        with translation.override(languages[user.pk]):
            tasks = tasks_for_user(user=user, today=day)
        if not worth_mailing(tasks):
            continue
        # Written before the day is claimed: a template error fails the run loudly and costs
        # nobody their digest; only the mail server's failure is caught below.
        message = digest_message(user, tasks, languages[user.pk])
        if not digest_claim(user_id=user.pk, day=day):
            continue
        try:
            sent += connection.send_messages([message]) or 0
        except Exception:  # a mail outage for one person; the next person's digest must still go
            logger.exception("daily digest for user %s could not be sent", user.pk)
    return sent
