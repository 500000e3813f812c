"""Who may do what with the unit's surveys, now (codes in docs/rules.md)."""

from __future__ import annotations

import datetime
from typing import cast

from django.utils.translation import gettext_lazy as _

from scoring.surveys.models import SurveyPeriod
from zi_portal.access import AnyUser, units_for
from zi_portal.models import Membership, Role, Unit
from zi_portal.refusals import Refusal

MANAGER_ROLES = (Role.TIM_KERJA, Role.PIMPINAN_UNIT)


def survey_manage_refusal(*, user: AnyUser, unit: Unit) -> Refusal | None:
    """Open a period, import responses: the unit's tim kerja or pimpinan, or an instansi admin."""
    if getattr(user, "is_superuser", False):
        return None
    if user.is_authenticated:
        mine = Membership.objects.filter(user_id=cast(int, user.pk))
        if mine.filter(unit=unit, role__in=MANAGER_ROLES).exists() or (
            unit.parent is not None and mine.filter(unit=unit.parent, role=Role.ADMIN).exists()
        ):
            return None
    return Refusal(
        "survey_manage_denied",
        _("Hanya tim kerja atau pimpinan unit ini yang dapat mengelola surveinya."),
    )


def survey_view_refusal(*, user: AnyUser, unit_id: int | None) -> Refusal | None:
    """See a unit's survey results (and ask for their files): whoever sees the unit's
    assessments (units_for) or is a member of the unit."""
    if (
        user.is_authenticated
        and unit_id is not None
        and (
            units_for(user).filter(pk=unit_id).exists()
            or Membership.objects.filter(user_id=cast(int, user.pk), unit_id=unit_id).exists()
        )
    ):
        return None
    return Refusal("survey_view_denied", _("Anda tidak dapat melihat survei unit ini."))


def survey_response_refusal(*, period: SurveyPeriod, today: datetime.date) -> Refusal | None:
    """A public response is accepted only while the period runs."""
    if today < period.starts_on:
        return Refusal("survey_not_open", _("Survei periode ini belum dibuka."))
    if today > period.ends_on:
        return Refusal("survey_closed", _("Survei periode ini sudah ditutup. Terima kasih."))
    return None


def survey_duplicate_refusal(*, answered_before: bool) -> Refusal | None:
    if answered_before:
        return Refusal(
            "survey_already_answered",
            _("Terima kasih, Anda sudah mengisi survei periode ini dari perangkat ini."),
        )
    return None


def survey_rate_refusal(*, recent: int, limit: int) -> Refusal | None:
    if recent >= limit:
        return Refusal(
            "survey_rate_limited",
            _("Terlalu banyak respons dari alamat jaringan ini; coba lagi nanti."),
        )
    return None


def survey_apply_refusal(*, period: SurveyPeriod, unit_id: int, n: int) -> Refusal | None:
    """Setting B.I.a / B.II.a from a period: its own unit's period with at least one response.

    Whether the person may write that answer now is answer_save's own rule (scoring/rules.py).
    """
    if period.unit_id != unit_id:
        return Refusal("survey_other_unit", _("Periode survei ini milik unit lain."))
    if n == 0:
        return Refusal("survey_no_responses", _("Periode ini belum memiliki respons."))
    return None
