"""Reads of the organisation spine, always filtered by what the user may see."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from zi_portal.access import Access, AnyUser, access_for, assessments_for
from zi_portal.models import Assessment


def assessment_list_for_user(*, user: AnyUser) -> QuerySet[Assessment]:
    """Assessments the user may see, newest cycle first, with what the list shows."""
    return assessments_for(user).select_related("unit", "unit__parent", "cycle", "framework")


def assessment_get_for_user(*, user: AnyUser, pk: int) -> tuple[Assessment, Access]:
    """The assessment and the user's access to it; 404 when the user may not see it."""
    assessment = (
        Assessment.objects.select_related("unit", "unit__parent", "cycle", "framework")
        .filter(pk=pk)
        .first()
    )
    if assessment is None:
        raise Http404
    access = access_for(user, assessment)
    if not access.can_view:
        raise Http404
    return assessment, access
