"""Reads of the organisation spine, always filtered by what the user may see."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import QuerySet
from django.http import Http404

from zi_portal.access import Access, AnyUser, access_for, assessments_for
from zi_portal.models import (
    Assessment,
    Membership,
    NotificationPreference,
    ReviewerAssignment,
)


def assessment_list_for_user(*, user: AnyUser) -> QuerySet[Assessment]:
    """Assessments the user may see, newest cycle first, with what the list shows."""
    return assessments_for(user).select_related("unit", "unit__parent", "cycle", "framework")


def assessment_get_for_user(*, user: AnyUser, pk: int) -> tuple[Assessment, Access]:
    """The assessment and the user's access to it; 404 when the user may not see it."""
    # get(), not first(): no ORDER BY by the model's cycle and unit for a single row.
    try:
        assessment = Assessment.objects.select_related(
            "unit", "unit__parent", "cycle", "framework"
        ).get(pk=pk)
    except Assessment.DoesNotExist:
        raise Http404 from None
    access = access_for(user, assessment)
    if not access.can_view:
        raise Http404
    return assessment, access


@dataclass(frozen=True)
class Profile:
    """What the profile page shows: the person's roles per unit and their e-mail preferences."""

    memberships: list[Membership]
    reviews: list[ReviewerAssignment]
    preference: NotificationPreference


def profile_for_user(*, user: AnyUser) -> Profile:
    """The signed-in person's roles (unit memberships and TPI assignments) and preferences."""
    uid: int = user.pk or 0
    memberships = list(
        Membership.objects.filter(user_id=uid)
        .select_related("unit", "unit__parent")
        .prefetch_related("areas")
        .order_by("unit__name", "role")
    )
    reviews = list(
        ReviewerAssignment.objects.filter(reviewer_id=uid)
        .select_related("unit", "cycle")
        .order_by("-cycle__year", "unit__name")
    )
    preference = NotificationPreference.objects.filter(user_id=uid).first()
    return Profile(memberships, reviews, preference or NotificationPreference(user_id=uid))
