"""Comment services: the note thread of a question, shared by the unit and its reviewers."""

from __future__ import annotations

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from areas.models import Question
from evidence import notifications, rules
from evidence.models import Comment

# The locking and access helpers are the evidence services' own: a comment is checked like them.
from evidence.services import _access, _check_question, _lock_assessment, audited
from zi_portal.models import Assessment
from zi_portal.refusals import refuse_if

MAX_COMMENT_LENGTH = 5000


@audited
@transaction.atomic
def comment_add(*, actor: User, assessment: Assessment, question: Question, body: str) -> Comment:
    """Add a note to the question's thread."""
    _check_question(assessment, question)
    fresh = _lock_assessment(assessment)
    refuse_if(rules.comment_refusal(access=_access(actor, fresh)), assessment=fresh)
    body = (body or "").strip()
    if not body:
        raise ValidationError(_("Komentar tidak boleh kosong."))
    if len(body) > MAX_COMMENT_LENGTH:
        raise ValidationError(
            _("Komentar terlalu panjang (maksimal %(n)s karakter).") % {"n": MAX_COMMENT_LENGTH}
        )
    comment = Comment.objects.create(assessment=fresh, question=question, author=actor, body=body)
    notifications.comment_notify_on_commit(comment)  # the other side hears of it after commit
    return comment


@audited
@transaction.atomic
def comment_resolve(*, actor: User, comment: Comment) -> Comment:
    """Mark a comment as settled; anyone who may comment may resolve."""
    fresh = _lock_assessment(comment.assessment)
    refuse_if(rules.comment_refusal(access=_access(actor, fresh)), assessment=fresh)
    if not comment.resolved:
        comment.resolved = True
        comment.save(update_fields=["resolved"])
    return comment
