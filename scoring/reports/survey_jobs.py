"""The survey results files (report jobs SURVEY_PDF / SURVEY_XLSX) attached as evidence.

One click on a finished job's "Lampirkan ke <code>" stores the file as a document of the unit's
latest assessment through evidence_upload (same validation, same rules: the unit side, the tim
kerja's areas, the assessment still writable). The same file attached to a second question is
not stored twice: the existing document is attached to that question too.
"""

from __future__ import annotations

from typing import cast

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils.translation import gettext as _

from evidence.models import Evidence
from evidence.services import DuplicateEvidence, evidence_attach_existing, evidence_upload
from scoring.models import ReportJob
from scoring.reports.selectors.jobs import SURVEY_JOB_KINDS
from scoring.surveys.report import EVIDENCE_CODES
from zi_portal.access import assessments_for

__all__ = ["survey_report_attach"]

CONTENT_TYPES = {
    ReportJob.Kind.SURVEY_PDF: "application/pdf",
    ReportJob.Kind.SURVEY_XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def survey_report_attach(*, actor: User, job: ReportJob, question_code: str) -> Evidence:
    """Attach a finished survey results file to `question_code` of the unit's latest assessment
    the actor sees. Refusals come from the evidence service (unit side, areas, phase)."""
    if job.kind not in SURVEY_JOB_KINDS or job.status != ReportJob.Status.DONE:
        raise ValidationError(
            _("Hanya berkas hasil survei yang sudah selesai yang dapat dilampirkan.")
        )
    if question_code not in EVIDENCE_CODES:
        raise ValidationError(_("Pertanyaan ini tidak menerima hasil survei."))
    assessment = (
        assessments_for(actor)
        .filter(unit_id=cast(int, job.unit_id))
        .order_by("-cycle__year", "-pk")
        .first()
    )
    if assessment is None:
        raise ValidationError(_("Unit ini belum memiliki penilaian yang dapat Anda isi."))
    question = assessment.framework.questions.filter(code=question_code).first()
    if question is None:
        raise ValidationError(_("Pertanyaan ini tidak menerima hasil survei."))
    with job.file.open("rb") as fh:
        data = fh.read()
    uploaded = SimpleUploadedFile(
        job.filename, data, content_type=CONTENT_TYPES[ReportJob.Kind(job.kind)]
    )
    try:
        return evidence_upload(
            actor=actor,
            assessment=assessment,
            question=question,
            uploaded_file=uploaded,
            title=job.filename,
        )
    except DuplicateEvidence as dup:
        evidence_attach_existing(actor=actor, evidence=dup.existing, question=question)
        return dup.existing
