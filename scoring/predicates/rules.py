"""Who may record or revoke a unit's predicate, now.

Codes (stable, docs/rules.md): predicate_not_admin, predicate_kind_invalid,
predicate_decree_missing, predicate_decree_future, predicate_assessment_foreign,
predicate_duplicate, predicate_not_revocable, predicate_already_revoked, predicate_reason_missing.
"""

from __future__ import annotations

import datetime
from enum import StrEnum

from django.utils.translation import gettext as _

from scoring.predicates.models import Kind, Predicate
from zi_portal.access import AnyUser
from zi_portal.models import Assessment, Membership, Role, Unit
from zi_portal.refusals import Refusal


class Code(StrEnum):
    NOT_ADMIN = "predicate_not_admin"
    KIND_INVALID = "predicate_kind_invalid"
    DECREE_MISSING = "predicate_decree_missing"
    DECREE_FUTURE = "predicate_decree_future"
    ASSESSMENT_FOREIGN = "predicate_assessment_foreign"
    DUPLICATE = "predicate_duplicate"
    NOT_REVOCABLE = "predicate_not_revocable"
    ALREADY_REVOKED = "predicate_already_revoked"
    REASON_MISSING = "predicate_reason_missing"


def _instansi(unit: Unit) -> Unit:
    return unit.parent if unit.parent_id is not None and unit.parent is not None else unit


def predicate_admin_refusal(*, user: AnyUser, unit: Unit) -> Refusal | None:
    """An admin of the unit's instansi (or a superuser) records and revokes predicates."""
    if user.is_authenticated and (
        getattr(user, "is_superuser", False)
        or Membership.objects.filter(
            user_id=user.pk, unit=_instansi(unit), role=Role.ADMIN
        ).exists()
    ):
        return None
    return Refusal(Code.NOT_ADMIN, _("Hanya admin instansi yang mencatat atau mencabut predikat."))


def predicate_grant_refusal(
    *,
    unit: Unit,
    kind: str,
    decree_number: str,
    decree_date: datetime.date | None,
    assessment: Assessment | None,
    today: datetime.date,
) -> Refusal | None:
    """A known decision, a decree (number and date for a grant, a date for "not granted") not
    in the future, an assessment of this unit, and not the same decree twice."""
    if kind not in Kind.values:
        return Refusal(Code.KIND_INVALID, _("Jenis keputusan predikat tidak dikenal."))
    if decree_date is None or (kind != Kind.NOT_GRANTED and not decree_number.strip()):
        return Refusal(
            Code.DECREE_MISSING, _("Keputusan predikat memerlukan nomor dan tanggal keputusan.")
        )
    if decree_date > today:
        return Refusal(Code.DECREE_FUTURE, _("Tanggal keputusan tidak boleh di masa depan."))
    if assessment is not None and assessment.unit_id != unit.pk:
        return Refusal(Code.ASSESSMENT_FOREIGN, _("Penilaian itu bukan penilaian unit ini."))
    number = decree_number.strip()
    if (
        number
        and Predicate.objects.filter(
            unit=unit, kind=kind, decree_number=number, revoked_at__isnull=True
        ).exists()
    ):
        return Refusal(
            Code.DUPLICATE, _("Keputusan %(n)s sudah tercatat untuk unit ini.") % {"n": number}
        )
    return None


def predicate_revoke_refusal(*, predicate: Predicate, reason: str) -> Refusal | None:
    """Only a grant not yet revoked, and always with a reason."""
    if not predicate.is_grant:
        return Refusal(Code.NOT_REVOCABLE, _("Hanya predikat yang ditetapkan yang dapat dicabut."))
    if predicate.is_revoked:
        return Refusal(Code.ALREADY_REVOKED, _("Predikat ini sudah dicabut."))
    if not reason.strip():
        return Refusal(Code.REASON_MISSING, _("Pencabutan predikat memerlukan alasan."))
    return None
