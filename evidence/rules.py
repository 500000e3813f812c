"""Who may write evidence, and when: unit-side and TPI-side editing, comments, publication.

Each function answers "may this person do this now?" with None (allowed) or a Refusal: a stable
code (the `Code` enum below, documented in docs/rules.md) and the reason in the active language.
Services raise it inside their transaction on the locked assessment row (zi_portal.refusals
.refuse_if), selectors call the same functions to show or hide actions, and the 403 page shows the
reason. Scoring's rules (answers, the workflow) build on the unit and TPI side rules here, so an
upload and an answer to the same question are always open or closed together. Objects the user may
not see at all are 404 before these are asked.
"""

from __future__ import annotations

import datetime
from enum import StrEnum

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from areas.models import Question
from evidence.models import Evidence, ReviewFlag
from zi_portal.access import Access
from zi_portal.models import Assessment, Phase, Role
from zi_portal.refusals import Refusal
from zi_portal.rules import admin_refusal

UNIT_EDITABLE = {Assessment.Status.DRAFT, Assessment.Status.REVISION}
TPI_EDITABLE = {Assessment.Status.SUBMITTED, Assessment.Status.IN_REVIEW}


class Code(StrEnum):
    NOT_TIM_KERJA = "not_tim_kerja"
    AREA_NOT_ASSIGNED = "area_not_assigned"
    UNIT_SIDE_LOCKED = "unit_side_locked"
    REVISION_QUESTION_NOT_FLAGGED = "revision_question_not_flagged"
    WINDOW_CLOSED = "window_closed"
    NOT_TPI = "not_tpi"
    TPI_SIDE_LOCKED = "tpi_side_locked"
    COMMENT_READ_ONLY = "comment_read_only"
    PUBLISH_NOT_ALLOWED = "publish_not_allowed"
    DOCUMENT_ADD_NOT_ADMIN = "document_add_not_admin"


def _today() -> datetime.date:
    return timezone.localdate()


def window_refusal(assessment: Assessment, phase: str) -> Refusal | None:
    """The phase window of the assessment's cycle (with the unit's extensions) has ended."""
    end = assessment.window_end(phase)
    if _today() > end:
        label = Phase(phase).label
        return Refusal(
            Code.WINDOW_CLOSED,
            _("Jadwal %(phase)s untuk unit ini berakhir pada %(date)s.")
            % {"phase": str(label).lower(), "date": date_format(end, "j F Y")},
        )
    return None


def question_reopened(assessment: Assessment, question: Question) -> bool:
    return ReviewFlag.objects.filter(
        assessment=assessment, question=question, resolved_at__isnull=True
    ).exists()


def unit_side_refusal(
    *, access: Access, assessment: Assessment, question: Question | None
) -> Refusal | None:
    """May this user answer, upload or link for `question` on the unit side right now?

    question None asks about the assessment as a whole (e.g. uploading before choosing one).
    """
    if not access.has(Role.TIM_KERJA):
        return Refusal(
            Code.NOT_TIM_KERJA,
            _("Hanya tim kerja unit ini yang dapat mengisi jawaban dan bukti unit."),
        )
    if question is not None and not access.may_edit_area(question.area_no):
        return Refusal(
            Code.AREA_NOT_ASSIGNED,
            _("Anda hanya ditugaskan pada area tertentu; pertanyaan %(code)s di luar area Anda.")
            % {"code": question.code},
        )
    if assessment.status not in UNIT_EDITABLE:
        return Refusal(
            Code.UNIT_SIDE_LOCKED,
            _('Penilaian berstatus "%(status)s"; jawaban unit terkunci.')
            % {"status": assessment.get_status_display()},
        )
    if (
        assessment.status == Assessment.Status.REVISION
        and question is not None
        and not question_reopened(assessment, question)
    ):
        return Refusal(
            Code.REVISION_QUESTION_NOT_FLAGGED,
            _("Dalam tahap perbaikan hanya pertanyaan yang ditandai TPI yang dapat diubah."),
        )
    return window_refusal(assessment, Phase.SELF_ASSESSMENT)


def evidence_write_refusal(
    *, access: Access, assessment: Assessment, evidence: Evidence
) -> Refusal | None:
    """Replacing or deleting a document touches every question it serves: all must be open."""
    questions: list[Question | None] = [*evidence.questions.all()] or [None]
    for question in questions:
        refusal = unit_side_refusal(access=access, assessment=assessment, question=question)
        if refusal:
            return refusal
    return None


def tpi_side_refusal(*, access: Access, assessment: Assessment) -> Refusal | None:
    """May this user write the TPI side (answers, flags, return, finalise) right now?"""
    if not access.has(Role.TPI):
        return Refusal(
            Code.NOT_TPI,
            _("Hanya penilai TPI yang ditugaskan pada unit ini yang dapat menilai."),
        )
    if assessment.status not in TPI_EDITABLE:
        return Refusal(
            Code.TPI_SIDE_LOCKED,
            _('Penilaian berstatus "%(status)s"; TPI belum/tidak dapat menilai.')
            % {"status": assessment.get_status_display()},
        )
    return window_refusal(assessment, Phase.REVIEW)


def comment_refusal(*, access: Access) -> Refusal | None:
    """Tim kerja, TPI, pimpinan unit and admins comment (and resolve); pimpinan instansi reads."""
    allowed = {Role.TIM_KERJA, Role.TPI, Role.PIMPINAN_UNIT, Role.ADMIN}
    if access.roles & allowed:
        return None
    return Refusal(Code.COMMENT_READ_ONLY, _("Peran Anda hanya dapat membaca komentar."))


def publish_refusal(
    *, access: Access, assessment: Assessment, evidence: Evidence
) -> Refusal | None:
    """May this user show or hide the document on the unit's public ZI page now?

    An admin may, in any status and after the window (the audit log records them as the actor).
    The unit's tim kerja may when they could change the document on the unit side now: the rule
    of evidence_write_refusal (area restriction for every question it serves, draft or revision
    with the question flagged, the self-assessment window), so publication does not change
    while the TPI reviews or after the evaluation.
    """
    if access.is_admin:
        return None
    if not access.has(Role.TIM_KERJA):
        return Refusal(
            Code.PUBLISH_NOT_ALLOWED,
            _("Hanya tim kerja unit ini atau admin yang dapat mengatur publikasi dokumen."),
        )
    refusal = evidence_write_refusal(access=access, assessment=assessment, evidence=evidence)
    if refusal is not None and refusal.code == Code.UNIT_SIDE_LOCKED:
        return Refusal(
            Code.UNIT_SIDE_LOCKED,
            _('Penilaian berstatus "%(status)s"; publikasi dokumen hanya dapat diubah oleh admin.')
            % {"status": assessment.get_status_display()},
        )
    return refusal


def restore_refusal(*, access: Access) -> Refusal | None:
    """Only admins bring back a deleted document (code not_admin)."""
    return admin_refusal(
        access=access, message=_("Hanya admin yang dapat memulihkan dokumen yang dihapus.")
    )


def document_add_refusal(*, access: Access) -> Refusal | None:
    """An assessment-level document (a TPN letter, field-visit minutes), attached to no
    question: the instansi admin, in any status and after any window."""
    if access.is_admin:
        return None
    return Refusal(
        Code.DOCUMENT_ADD_NOT_ADMIN,
        _("Hanya admin instansi yang dapat menambahkan dokumen tahap TPN."),
    )
