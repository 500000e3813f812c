"""Who may generate, attach and sign off a quarterly monev report, now.

Each function answers None (allowed) or a Refusal (stable code, translated message; the codes are
in docs/rules.md). The services raise it with refuse_if inside their transaction on the locked
rows; the monev page asks the same functions to show a button or say why it is closed.

- Reading: whoever may read the plan (scoring/plans/rules.py: plan_read_refusal).
- Generating (and generating again): the unit's tim kerja (any of its areas: the report covers
  the whole plan) or its pimpinan, for a quarter that has begun, until the report is signed off;
  not once the assessment is closed.
- Attaching the PDF as evidence of the monitoring questions (MONITORING_CODES): a tim kerja
  member, once the PDF is made, through evidence's own unit-side rule for each question (the
  worksheet must be open: draft or revision, its window open, the area the member's), so the
  report reaches the worksheet exactly like an upload.
- Signing off: the unit's pimpinan, once the PDF is made, once.
"""

from __future__ import annotations

import datetime
from enum import StrEnum
from typing import TYPE_CHECKING

from django.utils import timezone
from django.utils.translation import gettext as _

from evidence import rules as evidence_rules
from scoring.models import ReportJob
from scoring.plans.monev.quarters import Quarter
from scoring.plans.rules import PLAN_CLOSED_STATUSES, plan_read_refusal
from zi_portal.access import AnyUser, access_for
from zi_portal.models import Assessment, Role
from zi_portal.refusals import Refusal

if TYPE_CHECKING:
    from areas.models import Question
    from scoring.plans.monev.models import MonevReport

# The worksheet's questions a monev report is evidence for (seed 002's expected documents):
# A.I.1.iii.b "there is monitoring and evaluation of the ZI building" expects exactly "laporan
# berkala (triwulanan) hasil monitoring dan evaluasi pembangunan ZI"; A.I.1.iii.a "every activity
# carried out as planned" expects "laporan pelaksanaan rencana aksi", which the report's done /
# late / open items per area are. Not A.I.1.iii.c: that asks for the follow-up of the monev's
# findings, a later document. The first code is where the document is uploaded.
MONITORING_CODES = ("A.I.1.iii.b", "A.I.1.iii.a")

__all__ = [
    "MONITORING_CODES",
    "Code",
    "monev_attach_refusal",
    "monev_generate_refusal",
    "monev_read_refusal",
    "monev_sign_off_refusal",
]


class Code(StrEnum):
    GENERATE_DENIED = "monev_generate_denied"
    QUARTER_INVALID = "monev_quarter_invalid"
    QUARTER_NOT_STARTED = "monev_quarter_not_started"
    CLOSED = "monev_closed"
    SIGNED_OFF = "monev_signed_off"
    NOT_GENERATED = "monev_not_generated"
    NOT_READY = "monev_not_ready"
    NOT_PIMPINAN = "monev_not_pimpinan"
    ATTACHED = "monev_attached"
    QUESTION_MISSING = "monev_question_missing"


def _today() -> datetime.date:
    return timezone.localdate()


def monev_read_refusal(user: AnyUser, assessment: Assessment) -> Refusal | None:
    """The monev page and its reports: whoever may read the plan."""
    return plan_read_refusal(user, assessment)


def quarter_refusal(assessment: Assessment, quarter: int) -> Refusal | None:
    if quarter not in (1, 2, 3, 4):
        return Refusal(Code.QUARTER_INVALID, _("Triwulan harus 1 sampai 4."))
    q = Quarter(assessment.cycle.year, quarter)
    if not q.started(_today()):
        return Refusal(
            Code.QUARTER_NOT_STARTED,
            _("Triwulan %(no)s belum dimulai (mulai %(date)s).")
            % {"no": q.roman, "date": q.first_day.strftime("%d-%m-%Y")},
        )
    return None


def _closed(assessment: Assessment) -> Refusal | None:
    if assessment.status in PLAN_CLOSED_STATUSES:
        return Refusal(
            Code.CLOSED,
            _('Penilaian berstatus "%(status)s"; laporan monev tidak dapat diubah lagi.')
            % {"status": assessment.get_status_display()},
        )
    return None


def _signed(report: MonevReport | None) -> Refusal | None:
    if report is not None and report.status == report.Status.SIGNED_OFF:
        return Refusal(
            Code.SIGNED_OFF,
            _("Laporan monev triwulan ini sudah disetujui pimpinan; isinya tidak berubah lagi."),
        )
    return None


def monev_generate_refusal(
    user: AnyUser, assessment: Assessment, quarter: int, report: MonevReport | None
) -> Refusal | None:
    """May `user` generate (or generate again) the report of `quarter` now? `report` is the
    stored report of that quarter, if any."""
    access = access_for(user, assessment)
    if not (access.has(Role.TIM_KERJA) or access.has(Role.PIMPINAN_UNIT)):
        return Refusal(
            Code.GENERATE_DENIED,
            _("Hanya tim kerja atau pimpinan unit ini yang dapat membuat laporan monev."),
        )
    return quarter_refusal(assessment, quarter) or _closed(assessment) or _signed(report)


def _ready(report: MonevReport | None) -> Refusal | None:
    if report is None:
        return Refusal(Code.NOT_GENERATED, _("Laporan monev triwulan ini belum dibuat."))
    job = report.pdf_job
    if job is None or job.status != ReportJob.Status.DONE:
        return Refusal(Code.NOT_READY, _("Berkas PDF laporan monev belum selesai dibuat."))
    return None


def monev_sign_off_refusal(
    user: AnyUser, assessment: Assessment, report: MonevReport | None
) -> Refusal | None:
    """May `user` sign the report off now? The unit's pimpinan, once, after the PDF is made."""
    if not access_for(user, assessment).has(Role.PIMPINAN_UNIT):
        return Refusal(
            Code.NOT_PIMPINAN,
            _("Hanya pimpinan unit ini yang dapat menyetujui laporan monev."),
        )
    return _ready(report) or _signed(report) or _closed(assessment)


def monev_attach_refusal(
    user: AnyUser,
    assessment: Assessment,
    report: MonevReport | None,
    questions: list[Question],
) -> Refusal | None:
    """May `user` attach the report's PDF to the monitoring `questions` now? After the report's
    own state, evidence's unit-side rule decides for each question (not_tim_kerja,
    area_not_assigned, unit_side_locked, revision_question_not_flagged, window_closed)."""
    access = access_for(user, assessment)
    first = evidence_rules.unit_side_refusal(access=access, assessment=assessment, question=None)
    if first is not None and first.code == evidence_rules.Code.NOT_TIM_KERJA:
        return first
    refusal = _ready(report)
    if refusal:
        return refusal
    assert report is not None  # noqa: S101 - _ready refuses None
    if report.evidence_id is not None:
        return Refusal(Code.ATTACHED, _("Laporan monev ini sudah dilampirkan sebagai bukti."))
    if len(questions) != len(MONITORING_CODES):
        return Refusal(
            Code.QUESTION_MISSING,
            _("Kerangka penilaian ini tidak memiliki pertanyaan pemantauan %(codes)s.")
            % {"codes": ", ".join(MONITORING_CODES)},
        )
    for question in questions:
        refusal = evidence_rules.unit_side_refusal(
            access=access, assessment=assessment, question=question
        )
        if refusal:
            return refusal
    return None
