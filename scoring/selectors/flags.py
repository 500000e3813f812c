"""The review block of the question page: its flags with what this user may do with each, and
what the unit changed since the previous submission (scoring/selectors/changes.py).

The actions come from the same rules the services enforce (scoring/rules.py: reply, accept,
withdraw), so a button is shown exactly when pressing it would be allowed now.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model

from areas.models import Question
from evidence.models import ReviewFlag
from scoring import rules as scoring_rules
from scoring.selectors.changes import QuestionChange, question_changes
from zi_portal.access import Access
from zi_portal.models import Assessment
from zi_portal.refusals import Refusal


@dataclass
class FlagView:
    flag: ReviewFlag
    may_reply: bool
    may_accept: bool
    may_withdraw: bool

    @property
    def is_open(self) -> bool:
        return self.flag.resolved_at is None


@dataclass
class QuestionReview:
    flags: list[FlagView] = field(default_factory=list)
    change: QuestionChange | None = None

    @property
    def open(self) -> FlagView | None:
        return next((f for f in self.flags if f.is_open), None)

    @property
    def closed(self) -> list[FlagView]:
        return [f for f in self.flags if not f.is_open]


def _with_people(flags: list[ReviewFlag]) -> None:
    """The people the flags name (who flagged, resolved, replied), in one read and only when
    there are flags: most questions have none, and joining the users three times into the flags'
    query cost more than the query itself."""
    ids = {pk for f in flags for pk in (f.created_by_id, f.resolved_by_id, f.replied_by_id) if pk}
    if not ids:
        return
    people = get_user_model().objects.in_bulk(ids)
    for f in flags:
        if f.created_by_id:
            f.created_by = people[f.created_by_id]
        if f.resolved_by_id:
            f.resolved_by = people[f.resolved_by_id]
        if f.replied_by_id:
            f.replied_by = people[f.replied_by_id]


def question_review(
    *, assessment: Assessment, access: Access, question: Question
) -> QuestionReview:
    """The flags of one question (newest first) with the user's actions, and its change."""
    flags = list(
        ReviewFlag.objects.filter(assessment=assessment, question=question).order_by(
            "-created_at", "-pk"
        )
    )
    _with_people(flags)
    views = []
    for f in flags:
        f.question = question  # the page's own question (with its area), not joined again

        def allowed(rule: Callable[..., Refusal | None], f: ReviewFlag = f) -> bool:
            if f.resolved_at is not None:
                return False
            return rule(access=access, assessment=assessment, flag=f) is None

        views.append(
            FlagView(
                flag=f,
                may_reply=allowed(scoring_rules.flag_reply_refusal),
                may_accept=allowed(scoring_rules.flag_accept_refusal),
                may_withdraw=allowed(scoring_rules.flag_withdraw_refusal),
            )
        )
    return QuestionReview(
        flags=views, change=question_changes(assessment=assessment, question=question)
    )
