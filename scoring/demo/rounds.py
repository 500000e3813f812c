"""The three demo assessments, each played through the services as people would:

- unit 1 (Unit Layanan Terpadu): a whole evaluated round: answered, signed off, submitted,
  reviewed by the TPI with two flags, returned, fixed (a document and a reply per flag), signed
  off again, resubmitted, the fixes accepted by the TPI and finalised "layak" (its TPI score
  meets WBK), with the evaluation report (PDF) already made for pimpinan1, then proposed to
  TPN for WBK by the admin (scoring/demo/lifecycle.py);
- unit 2 (Kantor Wilayah Timur): draft, everything answered except five Area I questions
  left for timkerja2, not yet signed off by pimpinan2;
- unit 3 (Balai Diklat Keuangan): returned for revision with two open TPI flags for timkerja3.

So the Riwayat tabs and the audit trail read like real use, and every persona has a next step.
"""

from __future__ import annotations

from typing import Any

from django.utils import translation

from areas.models import Question
from evidence.models import ReviewFlag
from scoring.demo.accounts import UNIT2_LEFT, UNIT3_FLAGS
from scoring.demo.answers import TPI_NOTES, answer_kwargs, demo_answer_sets
from scoring.demo.documents import PDF_DOCS, upload_pdf, upload_unit_documents
from scoring.engine import AnswerSet
from scoring.framework import spec_for_framework
from scoring.models import Answer
from zi_portal.models import Assessment

COMMENTS = [
    ("tpi", "A.I.1.i.a", "SK sudah lengkap; mohon lampirkan juga SK perubahan bila ada."),
    ("timkerja1", "A.I.1.i.a", "SK perubahan belum ada; SK ini berlaku sampai akhir tahun."),
    ("pimpinan1", "A.I.1.iii.a", "Mohon laporan triwulan II segera diunggah."),
    ("tpi", "A.I.6.i.a", "Survei dilaksanakan oleh pihak internal; sebaiknya lembaga independen."),
    ("tpi", "A.II.5.iii.a", "Pastikan jumlah wajib lapor sesuai data kepegawaian."),
]
# Unit 1's round: (question, the TPI's note, the document the unit uploads, the unit's reply).
UNIT1_FLAGS = [
    (
        "A.I.3.ii.a",
        "Belum ada bukti mutasi pegawai antar jabatan; unggah SK mutasi tahun berjalan.",
        ("SK Mutasi Pegawai Antar Jabatan", "sk-mutasi-pegawai.pdf"),
        "SK mutasi tahun berjalan sudah diunggah.",
    ),
    (
        "A.I.4.ii.a",
        "Dokumen perencanaan kinerja (Renja dan perjanjian kinerja) belum diunggah.",
        ("Rencana Kinerja Tahunan dan Perjanjian Kinerja", "renja-perjanjian-kinerja.pdf"),
        "Renja dan perjanjian kinerja tahun berjalan sudah diunggah.",
    ),
]
UNIT3_NOTES = {
    UNIT3_FLAGS[0]: "Jawaban belum didukung bukti: lampirkan SK PPID dan laporan layanan "
    "informasi publik tahun berjalan, atau sesuaikan jawaban.",
    UNIT3_FLAGS[1]: "Belum ada bukti implementasi kebijakan pengaduan: unggah rekapitulasi "
    "pengaduan dan tindak lanjutnya tahun berjalan.",
}
REVIEWED_NOTE = "Bukti baru sudah diperiksa dan memadai; catatan perbaikan diterima."
# The TPI's own score of the demo (about 77) meets every WBK criterion, so the honest
# recommendation is "layak": the dashboard's verdict and the recommendation agree, and the admin
# can propose the unit to TPN (scoring/demo/lifecycle.py).
RECOMMENDATION_TEXT = (
    "Unit telah menindaklanjuti seluruh catatan perbaikan dan nilai evaluasi TPI memenuhi syarat "
    "minimal predikat WBK; layak diusulkan ke TPN untuk predikat Menuju WBK. Pertahankan bukti "
    "dukung area pengungkit dan hasil survei sampai evaluasi TPN."
)


def _questions(assessment: Assessment) -> dict[str, Question]:
    rows = Question.objects.filter(framework=assessment.framework).prefetch_related(
        "options", "inputs"
    )
    return {q.code: q for q in rows}


def _answer(
    actor: Any,
    assessment: Assessment,
    question: Question,
    answers: AnswerSet,
    *,
    side: str = "unit",
    note: str = "",
) -> None:
    from scoring.services.answers import answer_save

    answer_save(
        actor=actor,
        assessment=assessment,
        question=question,
        side=side,
        expected_version=None,
        note=note,
        **answer_kwargs(question.code, answers),
    )


def _sign_off_and_submit(assessment: Assessment, head: Any, team: Any) -> None:
    from scoring.services import workflow

    workflow.assessment_sign_off(
        actor=head, assessment=assessment, expected_version=assessment.version
    )
    workflow.assessment_submit(
        actor=team, assessment=assessment, expected_version=assessment.version
    )


def _open_flag(assessment: Assessment, code: str) -> ReviewFlag:
    return ReviewFlag.objects.get(
        assessment=assessment, question__code=code, resolved_at__isnull=True
    )


def _flag_and_return(assessment: Assessment, tpi: Any, notes: dict[str, str]) -> None:
    from scoring.services import workflow

    questions = _questions(assessment)
    for code, note in notes.items():
        workflow.question_flag(
            actor=tpi, assessment=assessment, question=questions[code], note=note
        )
    workflow.assessment_return(
        actor=tpi, assessment=assessment, expected_version=assessment.version
    )


def unit1_evaluated(assessment: Assessment, users: dict[str, Any]) -> None:
    """Unit 1: a whole round through to "Selesai dievaluasi", and its report made."""
    from evidence.comments import comment_add
    from scoring.services import workflow
    from scoring.services.answers import answer_save
    from scoring.services.flags import flag_accept, flag_reply

    spec = spec_for_framework(assessment.framework)
    unit, tpi = demo_answer_sets(spec)
    questions = _questions(assessment)
    for code in spec.input_codes:
        _answer(users["timkerja1"], assessment, questions[code], unit)
    upload_unit_documents(assessment, users["timkerja1"])
    _sign_off_and_submit(assessment, users["pimpinan1"], users["timkerja1"])
    notes = iter(TPI_NOTES * 30)
    for code in spec.input_codes:
        same = answer_kwargs(code, tpi) == answer_kwargs(code, unit)
        _answer(
            users["tpi"],
            assessment,
            questions[code],
            tpi,
            side="tpi",
            note="" if same else next(notes),
        )
    for username, code, body in COMMENTS:
        comment_add(
            actor=users[username], assessment=assessment, question=questions[code], body=body
        )
    _flag_and_return(assessment, users["tpi"], {code: note for code, note, _d, _r in UNIT1_FLAGS})
    for n, (code, _note, (title, name), reply) in enumerate(UNIT1_FLAGS, start=30):
        upload_pdf(
            actor=users["timkerja1"],
            assessment=assessment,
            question=questions[code],
            title=title,
            name=name,
            number=n,
        )
        flag_reply(
            actor=users["timkerja1"],
            assessment=assessment,
            flag=_open_flag(assessment, code),
            reply=reply,
        )
    _sign_off_and_submit(assessment, users["pimpinan1"], users["timkerja1"])
    for code, _note, _doc, _reply in UNIT1_FLAGS:
        # The TPI looks at the revised question again (its answer saved after the resubmission)
        # and accepts the unit's fix, so nothing is left to confirm at the finalisation.
        previous = Answer.objects.get(assessment=assessment, question=questions[code], side="tpi")
        answer_save(
            actor=users["tpi"],
            assessment=assessment,
            question=questions[code],
            side="tpi",
            expected_version=previous.version,
            note=REVIEWED_NOTE,
            **answer_kwargs(code, tpi),
        )
        flag_accept(actor=users["tpi"], assessment=assessment, flag=_open_flag(assessment, code))
    workflow.assessment_finalise(
        actor=users["tpi"],
        assessment=assessment,
        expected_version=assessment.version,
        recommendation=Assessment.Recommendation.LAYAK,
        recommendation_text=RECOMMENDATION_TEXT,
    )
    _report(assessment, users["pimpinan1"])


def _report(assessment: Assessment, actor: Any) -> None:
    """The evaluation report (PDF) as pimpinan1 asked for it, already made, so the reports panel
    of unit 1 has a file to download (run here, not left to the queue: with a broker the worker
    would find the job done and skip it)."""
    from scoring.models import ReportJob
    from scoring.reports.services import report_job_run, report_request

    with translation.override("id"):
        job = report_request(actor=actor, kind=ReportJob.Kind.ASSESSMENT_PDF, assessment=assessment)
    report_job_run(job_pk=job.pk)


def unit2_draft(assessment: Assessment, users: dict[str, Any]) -> None:
    """Unit 2: draft; timkerja2 (areas I and II) and koordinator2 (the rest and the hasil inputs)
    answered everything but UNIT2_LEFT; three documents; no sign-off yet."""
    spec = spec_for_framework(assessment.framework)
    unit, _tpi = demo_answer_sets(spec)
    questions = _questions(assessment)
    for code in spec.input_codes:
        if code in UNIT2_LEFT:
            continue
        area_no = questions[code].area_no
        actor = users["timkerja2"] if area_no in (1, 2) else users["koordinator2"]
        _answer(actor, assessment, questions[code], unit)
    for n, (title, name, code) in enumerate(PDF_DOCS[:3], start=20):
        upload_pdf(
            actor=users["timkerja2"],
            assessment=assessment,
            question=questions[code],
            title=title,
            name=name,
            number=n,
        )


def unit3_revision(assessment: Assessment, users: dict[str, Any]) -> None:
    """Unit 3: answered, signed off, submitted, then returned by the TPI with two open flags."""
    spec = spec_for_framework(assessment.framework)
    unit, _tpi = demo_answer_sets(spec)
    questions = _questions(assessment)
    for code in spec.input_codes:
        _answer(users["timkerja3"], assessment, questions[code], unit)
    for n, (title, name, code) in enumerate(PDF_DOCS[3:6], start=40):
        upload_pdf(
            actor=users["timkerja3"],
            assessment=assessment,
            question=questions[code],
            title=title,
            name=name,
            number=n,
        )
    _sign_off_and_submit(assessment, users["pimpinan3"], users["timkerja3"])
    _flag_and_return(assessment, users["tpi"], UNIT3_NOTES)
