"""The demo's documents: small real PDFs (WeasyPrint) and PNGs (Pillow), uploaded through the
evidence services so they pass the same content checks and leave the same history as a person's.
"""

from __future__ import annotations

import datetime as dt
import io
import random
from typing import Any

from django.utils import timezone

from areas.models import Question
from zi_portal.models import Assessment, Unit

# (title, file name, the question each serves first); the same document is then attached to a
# second question where it fits.
PDF_DOCS = [
    ("SK Tim Kerja Zona Integritas", "sk-tim-kerja-zi.pdf", "A.I.1.i.a"),
    ("Rencana Kerja Pembangunan ZI", "rencana-kerja-zi.pdf", "A.I.1.ii.a"),
    ("Laporan Monitoring dan Evaluasi ZI Triwulan I", "monev-zi-tw1.pdf", "A.I.1.iii.a"),
    ("Notulen Rapat Sosialisasi ZI", "notulen-sosialisasi-zi.pdf", "A.I.1.ii.b"),
    ("Daftar Agen Perubahan", "daftar-agen-perubahan.pdf", "A.I.1.iv.a"),
    ("Peta Proses Bisnis Unit", "peta-proses-bisnis.pdf", "A.I.2.i.a"),
    ("SOP Pelayanan Terpadu", "sop-pelayanan-terpadu.pdf", "A.I.2.ii.a"),
    ("Laporan Pengendalian Gratifikasi", "laporan-gratifikasi.pdf", "A.I.5.ii.a"),
    ("Laporan Survei Kepuasan Masyarakat", "laporan-skm.pdf", "A.I.6.i.a"),
    ("Maklumat Pelayanan", "maklumat-pelayanan.pdf", "A.I.6.i.b"),
    ("Laporan Kinerja (LKj) Unit", "laporan-kinerja.pdf", "A.I.4.i.a"),
    ("Rekapitulasi LHKPN dan LHKASN", "rekap-lhkpn-lhkasn.pdf", "A.II.5.iii.a"),
    ("Laporan Pengelolaan Pengaduan", "laporan-pengaduan.pdf", "A.II.5.ii.a"),
    ("Rencana Kebutuhan Pegawai", "rencana-kebutuhan-pegawai.pdf", "A.I.3.i.a"),
]
PNG_DOCS = [
    ("Foto Kegiatan Sosialisasi ZI", "foto-sosialisasi-zi.png", "A.I.1.ii.c"),
    ("Banner Maklumat Pelayanan", "banner-maklumat.png", "A.I.6.i.c"),
    ("Foto Ruang Pelayanan Terpadu", "foto-ruang-pelayanan.png", "A.I.6.ii.a"),
    ("Tangkapan Layar Aplikasi Pengaduan", "aplikasi-pengaduan.png", "A.I.6.iii.a"),
]
LINKS = [
    (
        "Halaman Zona Integritas di situs unit",
        "https://ult.kemendemo.go.id/zona-integritas",
        "A.I.1.ii.c",
    ),
    ("Kanal pengaduan SP4N-LAPOR!", "https://www.lapor.go.id", "A.I.6.iii.a"),
]
# A sentence only one PDF's body holds (unit 1's only), so searching the demo for "parsel"
# finds that document by its text alone (tests/evidence/search/test_demo.py).
BODY_NOTES = {
    "Laporan Pengendalian Gratifikasi": "Tercatat satu penolakan bingkisan parsel dari rekanan."
}
# Unit 1's answers to these stay at the unit's best: the documents back them.
DOCUMENTED_CODES = frozenset(code for _t, _n, code in PDF_DOCS + PNG_DOCS + LINKS)


def parent_name(unit: Unit) -> str:
    return unit.parent.name if unit.parent else unit.name


def demo_pdf(title: str, unit: Unit, number: int) -> bytes:
    """A one-page letter of the unit with this title (a real PDF, a few kB)."""
    from weasyprint import HTML

    body = "".join(
        f"<p>{n}. Ketentuan pelaksanaan bagian {n} dalam rangka pembangunan Zona Integritas.</p>"
        for n in range(1, 6)
    )
    body += f"<p>{BODY_NOTES[title]}</p>" if title in BODY_NOTES else ""
    html = (
        "<html><head><style>body{font-family:'DejaVu Sans';font-size:11pt;margin:2cm}"
        "h1{font-size:15pt;text-align:center}.kop{text-align:center;border-bottom:2px solid #000}"
        "</style></head><body>"
        f"<div class='kop'><strong>{parent_name(unit)}</strong><br>{unit.name}</div>"
        f"<h1>{title}</h1><p>Nomor: {number:03d}/{unit.code}/ZI/{timezone.localdate().year}</p>"
        f"{body}<p>Ditetapkan di Jakarta.</p><p>Kepala {unit.name}</p></body></html>"
    )
    return bytes(HTML(string=html).write_pdf())


def demo_png(title: str, seed: int) -> bytes:
    from PIL import Image, ImageDraw

    img = Image.new("RGB", (480, 300), (235, 241, 247))
    draw = ImageDraw.Draw(img)
    rng = random.Random(seed)  # noqa: S311 - demo picture
    for _ in range(8):
        x, y = rng.randint(0, 420), rng.randint(60, 260)
        draw.rectangle(
            [x, y, x + rng.randint(30, 90), y + rng.randint(20, 40)],
            fill=(rng.randint(40, 200), rng.randint(90, 180), rng.randint(120, 220)),
        )
    draw.rectangle([0, 0, 480, 48], fill=(11, 61, 110))
    draw.text((12, 16), title, fill=(255, 255, 255))
    out = io.BytesIO()
    img.save(out, format="PNG")
    return out.getvalue()


def validity_of(title: str) -> dict[str, dt.date | None]:
    """The demo's "masa berlaku" (evidence/validity.py): the team decree runs to the end of this
    year; last year's monitoring report ended 10 days ago, so it shows as expired and missing."""
    today = timezone.localdate()
    if title == "SK Tim Kerja Zona Integritas":
        return {
            "effective_from": dt.date(today.year, 1, 1),
            "effective_until": dt.date(today.year, 12, 31),
        }
    if title == "Laporan Monitoring dan Evaluasi ZI Triwulan I":
        return {"effective_from": None, "effective_until": today - dt.timedelta(days=10)}
    return {}


def upload_pdf(
    *, actor: Any, assessment: Assessment, question: Question, title: str, name: str, number: int
) -> Any:
    """Upload one generated PDF for `question` as `actor` (evidence_upload)."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from evidence import services as evidence_services

    return evidence_services.evidence_upload(
        actor=actor,
        assessment=assessment,
        question=question,
        uploaded_file=SimpleUploadedFile(
            name, demo_pdf(title, assessment.unit, number), content_type="application/pdf"
        ),
        title=title,
        **validity_of(title),
    )


def upload_unit_documents(assessment: Assessment, actor: Any) -> None:
    """Unit 1's documents: PDFs, pictures, links; some serve two questions, some are public."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from evidence import services as evidence_services

    questions = {q.code: q for q in Question.objects.filter(framework=assessment.framework)}
    uploaded = []
    for n, (title, name, code) in enumerate(PDF_DOCS, start=1):
        if code in questions:
            uploaded.append(
                upload_pdf(
                    actor=actor,
                    assessment=assessment,
                    question=questions[code],
                    title=title,
                    name=name,
                    number=n,
                )
            )
    for n, (title, name, code) in enumerate(PNG_DOCS, start=1):
        if code in questions:
            uploaded.append(
                evidence_services.evidence_upload(
                    actor=actor,
                    assessment=assessment,
                    question=questions[code],
                    uploaded_file=SimpleUploadedFile(
                        name, demo_png(title, n), content_type="image/png"
                    ),
                    title=title,
                )
            )
    # A few documents serve a second question, as they do in real LKE files.
    codes = list(questions)
    for ev in uploaded[:6]:
        first = ev.attachments.first()
        if first is None:
            continue
        nxt = codes[min(codes.index(first.question.code) + 1, len(codes) - 1)]
        evidence_services.evidence_attach_existing(
            actor=actor, evidence=ev, question=questions[nxt]
        )
    # The unit publishes its main PDFs, so the public ZI page of the demo is not empty.
    for ev in uploaded[:8]:
        if ev.current_revision and ev.current_revision.content_type == "application/pdf":
            evidence_services.evidence_set_public(actor=actor, evidence=ev, is_public=True)
    for title, url, code in LINKS:
        if code in questions:
            evidence_services.evidence_link_add(
                actor=actor, assessment=assessment, question=questions[code], url=url, title=title
            )
