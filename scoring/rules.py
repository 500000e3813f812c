"""Who may answer and move the review workflow, and when.

Each function answers "may this person do this now?" with None (allowed) or a Refusal (a stable
code and the reason in the active language; docs/rules.md lists them). The services raise it
inside their transaction on the locked assessment row; the page selectors call the same functions
to show each action or why it is closed. The unit-side and TPI-side editing rules are evidence's
(evidence/rules.py), so an answer and an upload to the same question open and close together.
"""

from __future__ import annotations

from enum import StrEnum

from django.db.models import Q
from django.utils.translation import gettext as _

from areas.models import Question
from evidence.models import Evidence, EvidenceAttachment, EvidenceRevision, ReviewFlag
from evidence.rules import (
    TPI_EDITABLE,
    UNIT_EDITABLE,
    tpi_side_refusal,
    unit_side_refusal,
    window_refusal,
)
from evidence.rules import Code as EvidenceCode
from scoring.models import Answer, Side
from zi_portal.access import Access, AnyUser, access_for
from zi_portal.models import Assessment, Phase, Role
from zi_portal.refusals import Refusal
from zi_portal.rules import admin_refusal


class Code(StrEnum):
    """Scoring's own codes; the shared ones come from evidence.rules.Code and zi_portal.rules.Code
    (not_tim_kerja, unit_side_locked, window_closed, not_tpi, tpi_side_locked, not_admin, ...)."""

    UNKNOWN_SIDE = "unknown_side"
    NOT_PIMPINAN_UNIT = "not_pimpinan_unit"
    SIGNOFF_CURRENT = "signoff_current"
    SIGNOFF_MISSING = "signoff_missing"
    SIGNOFF_STALE = "signoff_stale"
    NO_OPEN_FLAGS = "no_open_flags"
    OPEN_FLAGS = "open_flags"
    # A flag's life after the return (reply, accept, withdraw).
    FLAG_CLOSED = "flag_closed"
    FLAG_NOT_RETURNED = "flag_not_returned"
    FLAG_ALREADY_RETURNED = "flag_already_returned"
    # The operator's workbook import (scoring/transfer/workbook.py, `lke import`).
    ASSESSMENT_LOCKED_FOR_SIDE = "assessment_locked_for_side"
    ACTOR_MAY_NOT_WRITE_SIDE = "actor_may_not_write_side"
    QUESTION_LOCKED_IN_REVISION = "question_locked_in_revision"


def signoff_is_current(assessment: Assessment) -> bool:
    """Was the sign-off given after the last change of the unit's answers and evidence?"""
    at = assessment.signed_off_at
    if at is None:
        return False
    changed = (
        Answer.objects.filter(assessment=assessment, side=Side.UNIT, answered_at__gt=at).exists()
        or EvidenceRevision.objects.filter(
            evidence__assessment=assessment, uploaded_at__gt=at
        ).exists()
        or EvidenceAttachment.objects.filter(
            evidence__assessment=assessment, attached_at__gt=at
        ).exists()
        or Evidence.objects.filter(
            Q(created_at__gt=at) | Q(deleted_at__gt=at), assessment=assessment
        ).exists()
    )
    return not changed


def has_open_flags(assessment: Assessment) -> bool:
    return ReviewFlag.objects.filter(assessment=assessment, resolved_at__isnull=True).exists()


def has_unreturned_flags(assessment: Assessment) -> bool:
    """Open flags the TPI wrote in this review that no return has sent to the unit yet."""
    return ReviewFlag.objects.filter(
        assessment=assessment, resolved_at__isnull=True, returned_at__isnull=True
    ).exists()


def answer_refusal(
    *, access: Access, assessment: Assessment, question: Question, side: str
) -> Refusal | None:
    """May this user save `side`'s answer to `question` now? The unit or the TPI side rule."""
    if side == Side.UNIT:
        return unit_side_refusal(access=access, assessment=assessment, question=question)
    if side == Side.TPI:
        return tpi_side_refusal(access=access, assessment=assessment)
    return Refusal(Code.UNKNOWN_SIDE, _("Sisi jawaban tidak dikenal."))


def sign_off_refusal(*, access: Access, assessment: Assessment) -> Refusal | None:
    """The pimpinan unit approves the current state, in draft or revision, once per change."""
    if not access.has(Role.PIMPINAN_UNIT):
        return Refusal(
            Code.NOT_PIMPINAN_UNIT,
            _("Hanya pimpinan unit ini yang dapat memberi persetujuan pengajuan."),
        )
    if assessment.status not in UNIT_EDITABLE:
        return Refusal(
            EvidenceCode.UNIT_SIDE_LOCKED,
            _('Penilaian berstatus "%(status)s"; persetujuan hanya pada draf atau perbaikan.')
            % {"status": assessment.get_status_display()},
        )
    if assessment.signed_off_at and signoff_is_current(assessment):
        return Refusal(
            Code.SIGNOFF_CURRENT,
            _("Pimpinan sudah menyetujui; belum ada perubahan sejak persetujuan itu."),
        )
    return window_refusal(assessment, Phase.SELF_ASSESSMENT)


def submit_refusal(*, access: Access, assessment: Assessment) -> Refusal | None:
    """The tim kerja submits to the TPI, in draft or revision, with a current sign-off."""
    if not access.has(Role.TIM_KERJA):
        return Refusal(
            EvidenceCode.NOT_TIM_KERJA,
            _("Hanya tim kerja unit ini yang dapat mengajukan penilaian ke TPI."),
        )
    if assessment.status not in UNIT_EDITABLE:
        return Refusal(
            EvidenceCode.UNIT_SIDE_LOCKED,
            _('Penilaian berstatus "%(status)s"; tidak dapat diajukan.')
            % {"status": assessment.get_status_display()},
        )
    closed = window_refusal(assessment, Phase.SELF_ASSESSMENT)
    if closed:
        return closed
    if assessment.signed_off_at is None:
        return Refusal(
            Code.SIGNOFF_MISSING, _("Menunggu persetujuan pimpinan unit sebelum diajukan.")
        )
    if not signoff_is_current(assessment):
        return Refusal(
            Code.SIGNOFF_STALE,
            _("Ada perubahan setelah persetujuan pimpinan; minta persetujuan ulang."),
        )
    return None


def flag_refusal(*, access: Access, assessment: Assessment) -> Refusal | None:
    """The TPI flags a question "perlu perbaikan" (or withdraws a flag) while it reviews."""
    return tpi_side_refusal(access=access, assessment=assessment)


def return_refusal(*, access: Access, assessment: Assessment) -> Refusal | None:
    """The TPI returns the assessment for revision: at least one question must be flagged."""
    refusal = tpi_side_refusal(access=access, assessment=assessment)
    if refusal:
        return refusal
    if not has_open_flags(assessment):
        return Refusal(
            Code.NO_OPEN_FLAGS,
            _('Tandai minimal satu pertanyaan "perlu perbaikan" sebelum mengembalikan.'),
        )
    return None


def finalise_refusal(*, access: Access, assessment: Assessment) -> Refusal | None:
    """The TPI finalises: no flag of this review may be left unsent (return the assessment or
    withdraw them). Flags the unit already had stay open unless the TPI accepts them; finalising
    with them open, or with revised questions not answered again, asks for a confirmation
    (scoring/services/workflow.py: assessment_finalise)."""
    refusal = tpi_side_refusal(access=access, assessment=assessment)
    if refusal:
        return refusal
    if has_unreturned_flags(assessment):
        return Refusal(
            Code.OPEN_FLAGS,
            _(
                "Masih ada catatan perbaikan terbuka: kembalikan penilaian ke unit atau tarik "
                "catatannya dulu."
            ),
        )
    return None


def _flag_closed(flag: ReviewFlag) -> Refusal | None:
    if flag.resolved_at is None:
        return None
    return Refusal(
        Code.FLAG_CLOSED,
        _("Catatan perbaikan ini sudah ditutup (%(outcome)s).")
        % {"outcome": flag.get_outcome_display()},
    )


def flag_reply_refusal(
    *, access: Access, assessment: Assessment, flag: ReviewFlag
) -> Refusal | None:
    """The unit's tim kerja replies to an open flag (what it fixed), in revision only: the unit
    side rule of the flag's question, then the flag must be open."""
    refusal = unit_side_refusal(access=access, assessment=assessment, question=flag.question)
    if refusal:
        return refusal
    closed = _flag_closed(flag)
    if closed:
        return closed
    if assessment.status != Assessment.Status.REVISION:
        return Refusal(
            EvidenceCode.UNIT_SIDE_LOCKED,
            _("Balasan atas catatan perbaikan hanya dapat ditulis pada tahap perbaikan."),
        )
    return None


def flag_accept_refusal(
    *, access: Access, assessment: Assessment, flag: ReviewFlag
) -> Refusal | None:
    """The TPI accepts (closes) an open flag the unit had in revision, while it reviews again."""
    refusal = tpi_side_refusal(access=access, assessment=assessment) or _flag_closed(flag)
    if refusal:
        return refusal
    if flag.returned_at is None:
        return Refusal(
            Code.FLAG_NOT_RETURNED,
            _("Catatan ini belum dikirim ke unit; tarik catatannya bila tidak diperlukan."),
        )
    return None


def flag_withdraw_refusal(
    *, access: Access, assessment: Assessment, flag: ReviewFlag
) -> Refusal | None:
    """The TPI withdraws an open flag of this review before the return sends it to the unit."""
    refusal = tpi_side_refusal(access=access, assessment=assessment) or _flag_closed(flag)
    if refusal:
        return refusal
    if flag.returned_at is not None:
        return Refusal(
            Code.FLAG_ALREADY_RETURNED,
            _(
                "Catatan ini sudah dikirim ke unit; terima catatannya bila sudah diperbaiki, "
                "atau biarkan terbuka."
            ),
        )
    return None


def window_extend_refusal(*, access: Access) -> Refusal | None:
    """Admins extend a phase window for one unit (code not_admin)."""
    return admin_refusal(
        access=access, message=_("Hanya admin instansi yang dapat memperpanjang jadwal.")
    )


# Where each side may be written by a workbook import: the unit's answers while it fills them in
# (draft, revision), the TPI's while it reviews (submitted, in review); the same status rule as
# the answer forms.
SIDE_WRITABLE: dict[str, frozenset[str]] = {
    Side.UNIT: frozenset(UNIT_EDITABLE),
    Side.TPI: frozenset(TPI_EDITABLE),
}
SIDE_NAMES: dict[str, str] = {Side.UNIT: "unit", Side.TPI: "TPI"}
# Who may import into a side when a person is named: that side's own writers, or an admin.
SIDE_WRITERS: dict[str, frozenset[str]] = {
    Side.UNIT: frozenset({Role.TIM_KERJA, Role.ADMIN}),
    Side.TPI: frozenset({Role.TPI, Role.ADMIN}),
}


def workbook_import_refusal(
    *, assessment: Assessment, side: str, actor: AnyUser | None = None
) -> Refusal | None:
    """May a workbook be imported into this side of the assessment now? None when it may.

    The status lock applies to everyone, the system (actor None) included. A named actor must
    also be one of the side's writers (tim kerja or TPI of this unit, or an admin). The schedule
    window is not checked: an operator import is how late data gets in after an extension. In
    revision the import also refuses changes to unflagged questions (question_locked_in_revision,
    checked by the import once it knows what the workbook changes).
    """
    if assessment.status not in SIDE_WRITABLE[side]:
        return Refusal(
            Code.ASSESSMENT_LOCKED_FOR_SIDE,
            _(
                'Penilaian berstatus "%(status)s"; jawaban %(side)s terkunci, workbook tidak '
                "dapat diimpor."
            )
            % {"status": assessment.get_status_display(), "side": SIDE_NAMES[side]},
        )
    if actor is not None and not access_for(actor, assessment).roles & SIDE_WRITERS[side]:
        return Refusal(
            Code.ACTOR_MAY_NOT_WRITE_SIDE,
            _("%(user)s tidak berhak mengisi jawaban %(side)s penilaian ini.")
            % {"user": actor.get_username(), "side": SIDE_NAMES[side]},
        )
    return None
