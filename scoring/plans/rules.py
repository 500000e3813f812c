"""Who may read, edit and comment on a unit's rencana aksi (action plan), now.

Each function answers with None (allowed) or a Refusal (stable code, translated message; codes in
docs/rules.md). The services raise it with refuse_if inside their transaction on the locked
assessment row; the selectors call the same functions to show or hide actions.

- Editing an item (create, change, status, evidence links, progress notes): the unit's tim kerja
  whose membership covers the indicator's area (no areas on the membership: every area), in
  every status but "closed". A plan is the unit's work for the whole cycle, so it stays open
  while the TPI reviews and after the evaluation, unlike the unit-side answers.
- Reading: whoever sees the assessment (tim kerja, pimpinan unit, the TPI assigned, pimpinan
  instansi, admin).
- Comments: pimpinan unit, pimpinan instansi, the TPI, admin and the tim kerja (replies); progress
  notes follow the edit rule of the item.
"""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING

from django.utils.translation import gettext as _

from zi_portal.access import AnyUser, access_for
from zi_portal.models import Assessment, Role
from zi_portal.refusals import Refusal

if TYPE_CHECKING:
    from areas.models import Indicator
    from scoring.plans.models import PlanItem

# The plan is closed only when the cycle of the assessment is closed.
PLAN_CLOSED_STATUSES = frozenset({Assessment.Status.CLOSED})
COMMENT_ROLES = frozenset(
    {Role.TIM_KERJA, Role.PIMPINAN_UNIT, Role.PIMPINAN_INSTANSI, Role.TPI, Role.ADMIN}
)


class Code(StrEnum):
    NO_ACCESS = "plan_no_access"
    NOT_MEMBER = "plan_not_member"
    AREA_NOT_YOURS = "plan_area_not_yours"
    CLOSED = "plan_closed"
    INDICATOR_FOREIGN = "plan_indicator_foreign"
    QUESTION_FOREIGN = "plan_question_foreign"
    PERSON_NOT_MEMBER = "plan_person_not_member"
    STEP_MISSING = "plan_step_missing"
    DATES_ORDER = "plan_dates_order"
    STATUS_INVALID = "plan_status_invalid"
    CANCEL_REASON = "plan_cancel_reason"
    STALE = "plan_stale"
    COMMENT_DENIED = "plan_comment_denied"
    NOTE_EMPTY = "plan_note_empty"
    NOTE_KIND_INVALID = "plan_note_kind_invalid"
    EVIDENCE_FOREIGN = "plan_evidence_foreign"


def _closed(assessment: Assessment) -> Refusal | None:
    if assessment.status in PLAN_CLOSED_STATUSES:
        return Refusal(
            Code.CLOSED,
            _('Penilaian berstatus "%(status)s"; rencana aksinya tidak dapat diubah lagi.')
            % {"status": assessment.get_status_display()},
        )
    return None


def plan_read_refusal(user: AnyUser, assessment: Assessment) -> Refusal | None:
    """Anyone who may see the assessment reads its plan."""
    if access_for(user, assessment).can_view:
        return None
    return Refusal(Code.NO_ACCESS, _("Anda tidak memiliki akses ke rencana aksi penilaian ini."))


def plan_edit_refusal(
    user: AnyUser, assessment: Assessment, indicator: Indicator | None = None
) -> Refusal | None:
    """May this user add or change a plan item of `indicator` (None: any indicator, the
    question "may they edit this plan at all") now?"""
    access = access_for(user, assessment)
    if not access.has(Role.TIM_KERJA):
        return Refusal(
            Code.NOT_MEMBER, _("Hanya tim kerja unit ini yang dapat menyusun rencana aksi.")
        )
    if indicator is not None:
        area = indicator.part.area
        if area.framework_id != assessment.framework_id:
            return Refusal(
                Code.INDICATOR_FOREIGN,
                _("Indikator %(code)s bukan bagian dari kerangka penilaian ini.")
                % {"code": indicator.code},
            )
        if not access.may_edit_area(area.no):
            return Refusal(
                Code.AREA_NOT_YOURS,
                _("Anda hanya ditugaskan pada area tertentu; indikator %(code)s di luar area Anda.")
                % {"code": indicator.code},
            )
    elif access.area_nos is not None and not access.area_nos:
        return Refusal(Code.AREA_NOT_YOURS, _("Anda tidak ditugaskan pada area mana pun."))
    return _closed(assessment)


def plan_comment_refusal(user: AnyUser, item: PlanItem, kind: str = "comment") -> Refusal | None:
    """A comment: pimpinan, TPI, admin and tim kerja. A progress note: whoever may edit the
    item (plan_edit_refusal)."""
    assessment = item.assessment
    if kind == "progress":
        return plan_edit_refusal(user, assessment, item.indicator)
    if kind != "comment":
        return Refusal(Code.NOTE_KIND_INVALID, _("Jenis catatan tidak dikenal."))
    if not (access_for(user, assessment).roles & COMMENT_ROLES):
        return Refusal(
            Code.COMMENT_DENIED,
            _("Hanya pimpinan, TPI, admin dan tim kerja yang dapat mengomentari rencana aksi."),
        )
    return _closed(assessment)
