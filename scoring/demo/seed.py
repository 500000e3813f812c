"""Demo data for a first `make run`: one instansi, three units, one account per persona, and a
living portal: unit 1's assessment answered on both sides (unit about 78, TPI about 74), with
comments and small real documents (PDFs rendered by WeasyPrint, PNGs drawn by Pillow), in review;
unit 2 half answered, in draft.

Everything goes through the services (answers, workflow, evidence), so the Riwayat tabs and the
audit trail look like real use. Idempotent: an assessment that already has answers is left as it
is. No e-mail is sent while seeding.
"""

from __future__ import annotations

import datetime
import io
import random
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractUser
from django.db import transaction
from django.utils import timezone

from areas.expected_documents import expected_documents_load, expected_documents_read_fixture
from areas.models import Area, Framework, Question
from areas.services import framework_load, framework_read_fixture
from scoring.engine import AnswerSet, FrameworkSpec, score
from scoring.framework import spec_for_framework
from scoring.models import Answer
from zi_portal.models import Assessment, Cycle, Membership, ReviewerAssignment, Role, Unit

DEMO_PASSWORD = "zi-demo-2026"  # noqa: S105 - printed for local demo accounts only (DEBUG)


@dataclass(frozen=True)
class DemoAccount:
    username: str
    name: str
    persona: str


DEMO_ACCOUNTS = [
    DemoAccount("timkerja1", "Rina Wulandari", "Tim kerja Unit Layanan Terpadu (semua area)"),
    DemoAccount("timkerja2", "Budi Santoso", "Tim kerja Kantor Wilayah Timur (area I dan II)"),
    DemoAccount("tpi", "Dewi Lestari", "Penilai TPI untuk unit 1 dan 2"),
    DemoAccount("pimpinan1", "Ahmad Fauzi", "Pimpinan Unit Layanan Terpadu"),
    DemoAccount("pimpinaninstansi", "Siti Rahmawati", "Pimpinan instansi"),
    DemoAccount("admin", "Admin Instansi", "Admin instansi (juga Django admin)"),
    DemoAccount("outsider", "Tamu Tanpa Akses", "Tanpa keanggotaan"),
]


def cycle_for_year(year: int) -> Cycle:
    cycle, _ = Cycle.objects.get_or_create(
        year=year,
        defaults={
            "name": f"Pembangunan ZI {year}",
            "self_assessment_start": datetime.date(year, 1, 2),
            "self_assessment_end": datetime.date(year, 12, 31),
            "review_start": datetime.date(year, 3, 1),
            "review_end": datetime.date(year, 12, 31),
            "submission_deadline": datetime.date(year, 5, 31),
        },
    )
    return cycle


def _user(username: str, name: str, *, staff: bool = False) -> AbstractUser:
    User = get_user_model()
    first, _, last = name.partition(" ")
    user, created = User.objects.get_or_create(
        username=username,
        defaults={
            "first_name": first,
            "last_name": last,
            "email": f"{username}@demo.zi-portal.local",
        },
    )
    if created or staff:
        user.set_password(DEMO_PASSWORD)
        user.is_staff = staff
        user.is_superuser = staff
        user.save()
    return user


def demo_seed(*, year: int | None = None) -> list[Assessment]:
    """Create (idempotently) the demo instansi, units, cycle, assessments, accounts and answers."""
    from scoring.notifications import muted

    with muted():
        return _seed(year=year)


@transaction.atomic
def _seed(*, year: int | None) -> list[Assessment]:
    if not Framework.objects.filter(code="permenpanrb-90-2021").exists():
        framework_load(data=framework_read_fixture())
        # A newcomer's question pages should list the expected documents, as after load_framework.
        expected_documents_load(data=expected_documents_read_fixture())
    framework = Framework.objects.get(code="permenpanrb-90-2021")
    year = year or timezone.localdate().year
    cycle = cycle_for_year(year)
    instansi, _ = Unit.objects.get_or_create(
        code="KEMENDEMO",
        defaults={"name": "Kementerian Demo Pelayanan Publik", "slug": "kementerian-demo"},
    )
    specs = [
        ("ULT-01", "Unit Layanan Terpadu", "unit-layanan-terpadu"),
        ("KWT-02", "Kantor Wilayah Timur", "kantor-wilayah-timur"),
        ("BDK-03", "Balai Diklat Keuangan", "balai-diklat-keuangan"),
    ]
    units = []
    for code, name, slug in specs:
        unit, _ = Unit.objects.get_or_create(
            code=code, defaults={"name": name, "slug": slug, "parent": instansi}
        )
        units.append(unit)
    assessments = [
        Assessment.objects.get_or_create(unit=u, cycle=cycle, framework=framework)[0] for u in units
    ]
    users = {
        a.username: _user(a.username, a.name, staff=a.username == "admin") for a in DEMO_ACCOUNTS
    }

    def member(username: str, unit: Unit, role: str) -> Membership:
        return Membership.objects.get_or_create(user=users[username], unit=unit, role=role)[0]

    member("timkerja1", units[0], Role.TIM_KERJA)
    restricted = member("timkerja2", units[1], Role.TIM_KERJA)
    restricted.areas.set(Area.objects.filter(framework=framework, no__in=[1, 2]))
    member("pimpinan1", units[0], Role.PIMPINAN_UNIT)
    member("pimpinaninstansi", instansi, Role.PIMPINAN_INSTANSI)
    member("admin", instansi, Role.ADMIN)
    for unit in units[:2]:
        ReviewerAssignment.objects.get_or_create(reviewer=users["tpi"], unit=unit, cycle=cycle)
    if not Answer.objects.filter(assessment=assessments[0]).exists():
        _fill_in_review(assessments[0], users)
    if not Answer.objects.filter(assessment=assessments[1]).exists():
        _fill_half(assessments[1], users)
    return assessments


# --------------------------------------------------------------------------- living demo

UNIT_TARGET = Decimal("78")
TPI_TARGET = Decimal("74")
UNIT_INDICES = {"B.I.a": Decimal("3.62"), "B.II.a": Decimal("3.48")}
TPI_INDICES = {"B.I.a": Decimal("3.55"), "B.II.a": Decimal("3.41")}
TPI_NOTES = [
    "Bukti dukung belum menunjukkan pelaksanaan di seluruh bagian; nilai diturunkan satu tingkat.",
    "Dokumen yang diunggah masih berupa draf tanpa tanda tangan pimpinan.",
    "Laporan monitoring hanya mencakup satu semester.",
    "Belum ada bukti tindak lanjut atas hasil evaluasi.",
    "Data dukung tidak mencakup periode penilaian tahun berjalan.",
]
# (title, file name, what the document says) for the generated PDFs, and the questions each
# serves first; the same document is then attached to a second question where it fits.
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
COMMENTS = [
    ("tpi", "A.I.1.i.a", "SK sudah lengkap; mohon lampirkan juga SK perubahan bila ada."),
    ("timkerja1", "A.I.1.i.a", "SK perubahan belum ada; SK ini berlaku sampai akhir tahun."),
    ("pimpinan1", "A.I.1.iii.a", "Mohon laporan triwulan II segera diunggah."),
    ("tpi", "A.I.6.i.a", "Survei dilaksanakan oleh pihak internal; sebaiknya lembaga independen."),
    ("tpi", "A.II.5.iii.a", "Pastikan jumlah wajib lapor sesuai data kepegawaian."),
]


def _step_down(options: list[tuple[str, Decimal]], label: str) -> str | None:
    """The option one value step below `label`, or None at the bottom."""
    ordered = sorted(options, key=lambda o: o[1], reverse=True)
    labels = [o[0] for o in ordered]
    i = labels.index(label)
    return labels[i + 1] if i + 1 < len(labels) else None


def _realistic_counts(spec_q: Any, rng: random.Random) -> dict[str, int]:
    f = spec_q.formula
    counts = {k: rng.randint(0, 3) for k in spec_q.input_keys}
    if f.kind == "decline":
        # No violations last year nor this year: the regulation's own 0/0 case (full marks).
        counts[f.previous] = 0
        counts[f.current] = 0
        return counts
    total = 0
    for k in f.denominator:
        counts[k] = rng.randint(3, 40)
        total += counts[k]
    counts[f.numerator] = max(0, total - rng.randint(0, max(1, total // 8)))
    return counts


def _answers_toward(
    spec: Any,
    base: AnswerSet,
    target: Decimal,
    rng: random.Random,
    keep: frozenset[str] = frozenset(),
) -> AnswerSet:
    """Step choice answers down one notch, in a seeded order, until the total is <= target.

    Graded questions (A/B/C...) go first: a unit rarely answers "Tidak" to whole obligations,
    and the questions in `keep` (those with demo documents) stay as they are.
    """
    choices = dict(base.choices)
    graded = [
        c
        for c, q in spec.questions.items()
        if not q.is_percentage and q.answer_type != "ya_tidak" and c not in keep
    ]
    yes_no = [c for c, q in spec.questions.items() if q.answer_type == "ya_tidak" and c not in keep]
    rng.shuffle(graded)
    rng.shuffle(yes_no)
    current = AnswerSet(choices=choices, counts=base.counts, indices=base.indices)
    for code in graded * 3 + yes_no:
        if score(spec, current).total <= target:
            break
        q = spec.questions[code]
        lower = _step_down([(o.label, o.value) for o in q.options], choices[code])
        if lower is None:
            continue
        choices[code] = lower
        current = AnswerSet(choices=choices, counts=base.counts, indices=base.indices)
    return current


def demo_answer_sets(spec: FrameworkSpec) -> tuple[AnswerSet, AnswerSet]:
    """The unit-side and TPI-side answers of unit 1 (deterministic) for this framework."""
    rng = random.Random(2026)  # noqa: S311 - demo data, not security
    best = {
        c: max(q.options, key=lambda o: o.value).label
        for c, q in spec.questions.items()
        if not q.is_percentage
    }
    best["B.I.b"] = "B"
    counts = {c: _realistic_counts(q, rng) for c, q in spec.questions.items() if q.is_percentage}
    documented = frozenset(code for _t, _n, code in PDF_DOCS + PNG_DOCS + LINKS)
    unit = _answers_toward(
        spec,
        AnswerSet(choices=best, counts=counts, indices=UNIT_INDICES),
        UNIT_TARGET,
        rng,
        keep=documented,
    )
    tpi_counts = dict(counts)
    # The TPI counts one fewer change made than the unit reported.
    agen = dict(tpi_counts["A.II.1.i.a"])
    agen["jumlah_perubahan_dibuat"] = max(0, agen["jumlah_perubahan_dibuat"] - 2)
    tpi_counts["A.II.1.i.a"] = agen
    tpi = _answers_toward(
        spec,
        AnswerSet(choices=dict(unit.choices), counts=tpi_counts, indices=TPI_INDICES),
        TPI_TARGET,
        rng,
    )
    return unit, tpi


def _kwargs(code: str, answers: AnswerSet) -> dict[str, Any]:
    if code in answers.choices:
        return {"choice": answers.choices[code]}
    if code in answers.indices:
        return {"index_value": answers.indices[code]}
    return {"counts": answers.counts[code]}


def _pdf(title: str, unit: Unit, number: int) -> bytes:
    from weasyprint import HTML

    body = "".join(
        f"<p>{n}. Ketentuan pelaksanaan bagian {n} dalam rangka pembangunan Zona Integritas.</p>"
        for n in range(1, 6)
    )
    html = (
        "<html><head><style>body{font-family:'DejaVu Sans';font-size:11pt;margin:2cm}"
        "h1{font-size:15pt;text-align:center}.kop{text-align:center;border-bottom:2px solid #000}"
        "</style></head><body>"
        f"<div class='kop'><strong>{parent_name(unit)}</strong><br>{unit.name}</div>"
        f"<h1>{title}</h1><p>Nomor: {number:03d}/{unit.code}/ZI/{timezone.localdate().year}</p>"
        f"{body}<p>Ditetapkan di Jakarta.</p><p>Kepala {unit.name}</p></body></html>"
    )
    return bytes(HTML(string=html).write_pdf())


def parent_name(unit: Unit) -> str:
    return unit.parent.name if unit.parent else unit.name


def _png(title: str, seed: int) -> bytes:
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


def _documents(assessment: Assessment, actor: Any) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from evidence import services as evidence_services

    questions = {q.code: q for q in Question.objects.filter(framework=assessment.framework)}
    docs: list[tuple[str, str, bytes, str, str]] = []
    for n, (title, name, code) in enumerate(PDF_DOCS, start=1):
        docs.append((title, name, _pdf(title, assessment.unit, n), "application/pdf", code))
    for n, (title, name, code) in enumerate(PNG_DOCS, start=1):
        docs.append((title, name, _png(title, n), "image/png", code))
    uploaded = []
    for title, name, content, ctype, code in docs:
        if code not in questions:
            continue
        ev = evidence_services.evidence_upload(
            actor=actor,
            assessment=assessment,
            question=questions[code],
            uploaded_file=SimpleUploadedFile(name, content, content_type=ctype),
            title=title,
        )
        uploaded.append(ev)
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


def _fill_in_review(assessment: Assessment, users: dict[str, Any]) -> None:
    """Unit 1: answered on both sides, documents, comments, submitted and in review."""
    from evidence import services as evidence_services
    from scoring.services import answers as services
    from scoring.services import workflow

    spec = spec_for_framework(assessment.framework)
    unit, tpi = demo_answer_sets(spec)
    questions = {
        q.code: q
        for q in Question.objects.filter(framework=assessment.framework).prefetch_related(
            "options", "inputs"
        )
    }
    for code in spec.input_codes:
        services.answer_save(
            actor=users["timkerja1"],
            assessment=assessment,
            question=questions[code],
            side="unit",
            expected_version=None,
            **_kwargs(code, unit),
        )
    _documents(assessment, users["timkerja1"])
    workflow.assessment_sign_off(
        actor=users["pimpinan1"], assessment=assessment, expected_version=assessment.version
    )
    workflow.assessment_submit(
        actor=users["timkerja1"], assessment=assessment, expected_version=assessment.version
    )
    notes = iter(TPI_NOTES * 30)
    for code in spec.input_codes:
        kwargs = _kwargs(code, tpi)
        same = kwargs == _kwargs(code, unit)
        services.answer_save(
            actor=users["tpi"],
            assessment=assessment,
            question=questions[code],
            side="tpi",
            expected_version=None,
            note="" if same else next(notes),
            **kwargs,
        )
    for username, code, body in COMMENTS:
        evidence_services.comment_add(
            actor=users[username], assessment=assessment, question=questions[code], body=body
        )


def _fill_half(assessment: Assessment, users: dict[str, Any]) -> None:
    """Unit 2: about half the questions answered on the unit side, a few documents, draft.

    timkerja2 answers areas I and II (their areas); areas III and part of IV come from last
    year's workbook, imported by the operator (system answers, shown as "impor sistem").
    """
    from django.core.files.uploadedfile import SimpleUploadedFile

    from evidence import services as evidence_services
    from scoring.services import answers as services

    spec = spec_for_framework(assessment.framework)
    unit, _tpi = demo_answer_sets(spec)
    questions = {
        q.code: q
        for q in Question.objects.filter(framework=assessment.framework).prefetch_related(
            "options", "inputs"
        )
    }
    area4_seen = 0
    for code, q in spec.questions.items():
        if q.area_no in (1, 2):
            services.answer_save(
                actor=users["timkerja2"],
                assessment=assessment,
                question=questions[code],
                side="unit",
                expected_version=None,
                **_kwargs(code, unit),
            )
        elif q.area_no == 3 or (q.area_no == 4 and area4_seen < 4):
            area4_seen += q.area_no == 4
            choice, counts, index = services.clean_answer_value(
                questions[code], **_kwargs(code, unit)
            )
            Answer.objects.create(
                assessment=assessment,
                question=questions[code],
                side="unit",
                choice=choice,
                counts=counts,
                index_value=index,
            )
    for n, (title, name, code) in enumerate(PDF_DOCS[:3], start=20):
        evidence_services.evidence_upload(
            actor=users["timkerja2"],
            assessment=assessment,
            question=questions[code],
            uploaded_file=SimpleUploadedFile(
                name, _pdf(title, assessment.unit, n), content_type="application/pdf"
            ),
            title=title,
        )
