"""The e-mail to the other side when someone comments on a question.

A tim kerja's (or pimpinan unit's) comment goes to the TPI reviewers assigned to the unit; a TPI
reviewer's comment goes to the unit's tim kerja members who may work on that question (a member
restricted to some areas only hears of questions in them) and to the pimpinan unit; an admin's
comment goes to both sides. The author never gets their own. Sent after the commit (a rolled-back
comment mails nobody), one message per recipient in the recipient's language, silent inside
zi_portal.mail.muted() (demo seeding). Templates: templates/emails/comment_subject.txt and
comment_body.txt.
"""

from __future__ import annotations

import logging

from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from evidence.models import Comment
from zi_portal.mail import absolute, display_name, is_muted, languages_of
from zi_portal.models import Membership, ReviewerAssignment, Role

logger = logging.getLogger(__name__)


def _reviewer_ids(comment: Comment) -> set[int]:
    a = comment.assessment
    return set(
        ReviewerAssignment.objects.filter(unit_id=a.unit_id, cycle_id=a.cycle_id).values_list(
            "reviewer_id", flat=True
        )
    )


def _unit_side_ids(comment: Comment) -> set[int]:
    """Tim kerja members who may work on the question (area restriction), and pimpinan unit."""
    area_no = comment.question.area_no
    ids: set[int] = set()
    rows = Membership.objects.filter(
        unit_id=comment.assessment.unit_id, role__in=[Role.TIM_KERJA, Role.PIMPINAN_UNIT]
    ).prefetch_related("areas")
    for m in rows:
        areas = {a.no for a in m.areas.all()}
        if m.role == Role.PIMPINAN_UNIT or not areas or area_no in areas:
            ids.add(m.user_id)
    return ids


def comment_recipient_ids(comment: Comment) -> set[int]:
    """Who hears of this comment: the other side of the author, never the author."""
    reviewers = _reviewer_ids(comment)
    unit_side = _unit_side_ids(comment)
    author = comment.author_id
    if author in reviewers:
        ids = unit_side
    elif author in unit_side:
        ids = reviewers
    else:  # an admin (or anyone else allowed to comment) speaks to both sides
        ids = reviewers | unit_side
    return ids - {author}


def comment_messages(comment: Comment) -> list[EmailMessage]:
    """One e-mail per recipient with an address, each in the recipient's language."""
    users = list(
        get_user_model()
        .objects.filter(pk__in=comment_recipient_ids(comment), is_active=True)
        .exclude(email="")
        .order_by("pk")
    )
    languages = languages_of([u.pk for u in users])
    a = comment.assessment
    url = absolute(reverse("scoring:question", args=[a.pk, comment.question.code]))
    messages = []
    for user in users:
        context = {
            "comment": comment,
            "assessment": a,
            "question": comment.question,
            "author_name": display_name(comment.author),
            "recipient_name": display_name(user),
            "url": url,
        }
        with translation.override(languages[user.pk]):
            subject = " ".join(render_to_string("emails/comment_subject.txt", context).split())
            body = render_to_string("emails/comment_body.txt", context)
        messages.append(EmailMessage(subject=subject, body=body, to=[user.email]))
    return messages


def comment_send(comment_id: int) -> int:
    """Send the e-mails of a committed comment; a mail failure is logged, never raised."""
    comment = (
        Comment.objects.select_related(
            "assessment__unit", "assessment__cycle", "question", "author"
        )
        .filter(pk=comment_id)
        .first()
    )
    if comment is None:
        return 0
    messages = comment_messages(comment)
    if not messages:
        return 0
    try:
        return get_connection().send_messages(messages) or 0
    except Exception:  # the comment is saved; a mail outage must not hide that
        logger.exception("comment e-mail for comment %s could not be sent", comment_id)
        return 0


def comment_notify_on_commit(comment: Comment) -> None:
    """Queue the comment's e-mails for after the commit (decided now: muted stays muted)."""
    if is_muted():
        return
    pk = comment.pk
    transaction.on_commit(lambda: comment_send(pk))
