"""Who may write what, and when: the one place the workflow's editing rules live.

Evidence views and scoring services both ask these functions, so an upload and an answer to the
same question are always open or closed together. Each returns None when the action is allowed,
else the reason in Bahasa Indonesia (views answer 403 with it; objects the user may not see at
all are 404 before these are asked). Registered with `rules` as object permissions too.
"""

from __future__ import annotations

import datetime

import rules
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from areas.models import Question
from evidence.models import ReviewFlag
from zi_portal.access import Access, AnyUser, access_for
from zi_portal.models import Assessment, Phase, Role

UNIT_EDITABLE = {Assessment.Status.DRAFT, Assessment.Status.REVISION}
TPI_EDITABLE = {Assessment.Status.SUBMITTED, Assessment.Status.IN_REVIEW}


def _today() -> datetime.date:
    return timezone.localdate()


def window_block_reason(assessment: Assessment, phase: str) -> str | None:
    end = assessment.window_end(phase)
    if _today() > end:
        label = Phase(phase).label
        return _("Jadwal %(phase)s untuk unit ini berakhir pada %(date)s.") % {
            "phase": str(label).lower(),
            "date": date_format(end, "j F Y"),
        }
    return None


def question_reopened(assessment: Assessment, question: Question) -> bool:
    return ReviewFlag.objects.filter(
        assessment=assessment, question=question, resolved_at__isnull=True
    ).exists()


def unit_side_block_reason(
    *, access: Access, assessment: Assessment, question: Question | None
) -> str | None:
    """May this user answer, upload or link for `question` on the unit side right now?

    question None asks about the assessment as a whole (e.g. uploading before choosing one).
    """
    if not access.has(Role.TIM_KERJA):
        return _("Hanya tim kerja unit ini yang dapat mengisi jawaban dan bukti unit.")
    if question is not None and not access.may_edit_area(question.area_no):
        return _(
            "Anda hanya ditugaskan pada area tertentu; pertanyaan %(code)s di luar area Anda."
        ) % {"code": question.code}
    if assessment.status not in UNIT_EDITABLE:
        return _('Penilaian berstatus "%(status)s"; jawaban unit terkunci.') % {
            "status": assessment.get_status_display()
        }
    if (
        assessment.status == Assessment.Status.REVISION
        and question is not None
        and not question_reopened(assessment, question)
    ):
        return _("Dalam tahap perbaikan hanya pertanyaan yang ditandai TPI yang dapat diubah.")
    return window_block_reason(assessment, Phase.SELF_ASSESSMENT)


def tpi_side_block_reason(*, access: Access, assessment: Assessment) -> str | None:
    """May this user write the TPI side (answers, flags, return, finalise) right now?"""
    if not access.has(Role.TPI):
        return _("Hanya penilai TPI yang ditugaskan pada unit ini yang dapat menilai.")
    if assessment.status not in TPI_EDITABLE:
        return _('Penilaian berstatus "%(status)s"; TPI belum/tidak dapat menilai.') % {
            "status": assessment.get_status_display()
        }
    return window_block_reason(assessment, Phase.REVIEW)


def comment_block_reason(*, access: Access) -> str | None:
    """Tim kerja, TPI, pimpinan unit and admins comment; pimpinan instansi only reads."""
    allowed = {Role.TIM_KERJA, Role.TPI, Role.PIMPINAN_UNIT, Role.ADMIN}
    if access.roles & allowed:
        return None
    return _("Peran Anda hanya dapat membaca komentar.")


@rules.predicate
def can_view_assessment(user: AnyUser, assessment: Assessment) -> bool:
    return access_for(user, assessment).can_view


@rules.predicate
def can_comment(user: AnyUser, assessment: Assessment) -> bool:
    return comment_block_reason(access=access_for(user, assessment)) is None


rules.add_perm("zi_portal.view_assessment_obj", can_view_assessment)
rules.add_perm("evidence.comment_on_assessment", can_comment)
