"""May this person start a cycle or confirm carried answers now? Codes: docs/rules.md."""

from __future__ import annotations

import datetime
from enum import StrEnum
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from areas.models import Framework
from scoring import rules as scoring_rules
from scoring.models import CycleStartJob, Side
from zi_portal.access import Access
from zi_portal.models import Assessment, Cycle, Membership, Role
from zi_portal.refusals import Refusal
from zi_portal.rules import Code as SpineCode

STALE_AFTER = datetime.timedelta(minutes=30)


class Code(StrEnum):
    NO_PREVIOUS = "cycle_no_previous"
    FRAMEWORK_INACTIVE = "cycle_framework_inactive"
    NOTHING_TO_CONFIRM = "cycle_nothing_to_confirm"
    RUNNING = "cycle_start_running"


def may_start_cycles(user: Any) -> bool:
    """Superusers and admins of an instansi (the command line passes no user: allowed)."""
    if user is None:
        return True
    if not user.is_authenticated:
        return False
    if getattr(user, "is_superuser", False):
        return True
    return Membership.objects.filter(user_id=user.pk, role=Role.ADMIN).exists()


def previous_cycle(year: int) -> Cycle | None:
    """The latest cycle before ``year`` that has assessments."""
    return (
        Cycle.objects.filter(year__lt=year, assessments__isnull=False)
        .order_by("-year")
        .distinct()
        .first()
    )


def cycle_page_refusal(*, user: Any) -> Refusal | None:
    """The start page is for those who may start a cycle (code not_admin)."""
    if may_start_cycles(user):
        return None
    return Refusal(SpineCode.NOT_ADMIN, _("Hanya admin instansi yang dapat memulai siklus baru."))


def cycle_start_refusal(
    *, user: Any, year: int, framework: Framework | None = None
) -> Refusal | None:
    if (page := cycle_page_refusal(user=user)) is not None:
        return page
    if previous_cycle(year) is None:
        return Refusal(
            Code.NO_PREVIOUS,
            _("Tidak ada siklus sebelum tahun %(year)s yang dapat dilanjutkan.") % {"year": year},
        )
    if framework is not None and not framework.active:
        return Refusal(
            Code.FRAMEWORK_INACTIVE,
            _("Kerangka %(code)s tidak aktif dan tidak dapat dipakai untuk siklus baru.")
            % {"code": framework.code},
        )
    return None


def cycle_running_refusal(*, year: int) -> Refusal | None:
    """A start of this year's cycle is already queued or running (code cycle_start_running). One
    older than STALE_AFTER counts as dead (a killed worker) and no longer blocks a new start."""
    fresh = timezone.now() - STALE_AFTER
    if CycleStartJob.objects.filter(
        year=year, status__in=["queued", "running"], created_at__gte=fresh
    ).exists():
        return Refusal(
            Code.RUNNING,
            _("Siklus %(year)s sedang dimulai; tunggu sampai selesai.") % {"year": year},
        )
    return None


def confirm_refusal(
    *, access: Access, assessment: Assessment, questions: list[Any], unconfirmed: int
) -> Refusal | None:
    """Confirming is answering: the unit side must be editable for each question."""
    for question in questions:
        refusal = scoring_rules.answer_refusal(
            access=access, assessment=assessment, question=question, side=Side.UNIT
        )
        if refusal is not None:
            return refusal
    if unconfirmed == 0:
        return Refusal(
            Code.NOTHING_TO_CONFIRM, _("Tidak ada jawaban bawaan yang perlu dikonfirmasi di sini.")
        )
    return None
