"""Reminders before a document's validity ends (evidence/validity.py).

Reminders: the tim kerja members of the document's unit whose areas cover one of its questions
(a member with no area restriction covers all) get one e-mail 30 days and one 7 days before the
end date. evidence.tasks.validity_reminders_task runs daily from Celery's own beat schedule
(settings CELERY_BEAT_SCHEDULE); each (document, days, end date) is recorded in ValidityReminder
before the mail is sent, so a second run the same day, or a retry, sends nothing twice. A new end
date gets its own reminders. Deleted documents get none; zi_portal.mail.muted() (demo seeding)
silences the whole run without recording anything.

Why Celery's own beat schedule and not django-celery-beat: the project already schedules its
periodic tasks in settings (report_jobs_expire, the inbox digest); one daily entry needs no
database scheduler, admin pages or extra migrations, and the schedule is reviewed with the code.
"""

from __future__ import annotations

import datetime as dt
import logging

from django.contrib.auth import get_user_model
from django.contrib.auth.models import User
from django.core.mail import EmailMessage, get_connection
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from evidence.models import Evidence, ValidityReminder
from evidence.validity import today_jakarta
from zi_portal.mail import absolute, display_name, is_muted, languages_of
from zi_portal.models import Membership, Role

logger = logging.getLogger(__name__)

REMINDER_DAYS = (30, 7)


def reminder_recipients(evidence: Evidence) -> list[User]:
    """Active tim kerja members of the unit with an address whose areas cover its questions."""
    area_nos = {q.area_no for q in evidence.questions.all()}
    ids: set[int] = set()
    rows = Membership.objects.filter(
        unit_id=evidence.assessment.unit_id, role=Role.TIM_KERJA
    ).prefetch_related("areas")
    for m in rows:
        areas = {a.no for a in m.areas.all()}
        if not areas or areas & area_nos:
            ids.add(m.user_id)
    return list(
        get_user_model().objects.filter(pk__in=ids, is_active=True).exclude(email="").order_by("pk")
    )


def reminder_messages(evidence: Evidence, days: int) -> list[EmailMessage]:
    users = reminder_recipients(evidence)
    languages = languages_of([u.pk for u in users])
    a = evidence.assessment
    codes = sorted(q.code for q in evidence.questions.all())
    url = absolute(reverse("scoring:question", args=[a.pk, codes[0]])) if codes else ""
    messages = []
    for user in users:
        context = {
            "evidence": evidence,
            "assessment": a,
            "days": days,
            "codes": ", ".join(codes),
            "recipient_name": display_name(user),
            "url": url,
        }
        with translation.override(languages[user.pk]):
            subject = " ".join(render_to_string("emails/validity_subject.txt", context).split())
            body = render_to_string("emails/validity_body.txt", context)
        messages.append(EmailMessage(subject=subject, body=body, to=[user.email]))
    return messages


def _claim(evidence: Evidence, days: int) -> ValidityReminder | None:
    """Record the reminder before sending; None when it was already recorded."""
    assert evidence.effective_until is not None  # noqa: S101 - selected on it
    try:
        with transaction.atomic():
            return ValidityReminder.objects.create(
                evidence=evidence, days_before=days, effective_until=evidence.effective_until
            )
    except IntegrityError:
        return None


def validity_reminders_send(*, today: dt.date | None = None) -> int:
    """Send the reminders due today (exactly 30 or 7 days before the end date); the number of
    e-mails sent. Muted (demo seeding): nothing sent, nothing recorded."""
    if is_muted():
        return 0
    today = today or today_jakarta()
    due = [today + dt.timedelta(days=d) for d in REMINDER_DAYS]
    docs = (
        Evidence.objects.filter(deleted_at__isnull=True, effective_until__in=due)
        .select_related("assessment__unit", "assessment__cycle")
        .prefetch_related("questions")
        .order_by("pk")
    )
    sent = 0
    for ev in docs:
        assert ev.effective_until is not None  # noqa: S101 - filtered on it
        days = (ev.effective_until - today).days
        reminder = _claim(ev, days)
        if reminder is None:
            continue
        messages = reminder_messages(ev, days)
        try:
            n = get_connection().send_messages(messages) or 0 if messages else 0
        except Exception:  # recorded: a mail outage must not make the next run send twice
            logger.exception("validity reminder for evidence %s could not be sent", ev.pk)
            n = 0
        reminder.recipients = n
        reminder.save(update_fields=["recipients"])
        sent += n
    return sent
