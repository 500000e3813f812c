"""manage.py lke: score an LKE ZI answer file, and export/import an assessment's workbook.

    manage.py lke score --input FILE [--format json|text]
    manage.py lke export --assessment ID --side unit|tpi --output FILE.xlsx
    manage.py lke import --assessment ID --side unit|tpi --input FILE.xlsx [--user USERNAME]

``score`` needs no database: FILE is a JSON answer document or a filled LKE ZI workbook (decided
by content). Bad input prints every error to stderr and exits with code 2, with nothing on stdout.
``export`` and ``import`` hand over to scoring.transfer.workbook, imported when used. ``import``
acts as --user (a tim kerja or TPI of the unit, or an admin) or, without it, as the system; either
way it is refused (exit code 2, nothing written) while that side of the assessment is locked.
"""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

from django.core.exceptions import ObjectDoesNotExist
from django.core.management.base import BaseCommand, CommandError, CommandParser

from scoring.counts import count_max
from scoring.engine import Criterion, Gap, ScoreResult, Verdict, format_id, score
from scoring.engine.workbook import read_answer_file
from scoring.framework import framework_spec

INPUT_ERROR = 2


class Command(BaseCommand):
    help = "LKE ZI: hitung nilai dari berkas jawaban (score), ekspor/impor workbook penilaian."
    # Scoring a file needs neither the database nor the URL conf; the system checks would load
    # the whole project (and fail with it) before a pure calculation.
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(
            dest="subcommand", required=True, metavar="{score,export,import}"
        )
        p_score = sub.add_parser("score", help="Hitung nilai, predikat dan langkah perbaikan.")
        p_score.add_argument("--input", required=True, help="Berkas jawaban .json atau .xlsx.")
        p_score.add_argument("--format", choices=("json", "text"), default="json")
        p_export = sub.add_parser("export", help="Ekspor jawaban penilaian ke workbook LKE ZI.")
        p_export.add_argument("--assessment", type=int, required=True)
        p_export.add_argument("--side", choices=("unit", "tpi"), required=True)
        p_export.add_argument("--output", required=True, help="Berkas .xlsx tujuan.")
        p_import = sub.add_parser("import", help="Impor workbook LKE ZI yang sudah diisi.")
        p_import.add_argument("--assessment", type=int, required=True)
        p_import.add_argument("--side", choices=("unit", "tpi"), required=True)
        p_import.add_argument("--input", required=True, help="Berkas .xlsx yang diisi.")
        p_import.add_argument(
            "--user",
            default=None,
            help="Nama pengguna yang mengimpor (dicatat di riwayat); tanpa ini: sistem.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        subcommand = options["subcommand"]
        if subcommand == "score":
            self._score(options["input"], options["format"])
            return
        # Imported here: scoring.transfer.workbook needs the ORM, which ``score`` never touches.
        from scoring.transfer import workbook as lke_workbook

        assessment, side = options["assessment"], options["side"]
        try:
            if subcommand == "export":
                lke_workbook.export_assessment_workbook(assessment, side, options["output"])
                self.stdout.write(f"Workbook LKE ZI ditulis ke {options['output']}.")
            else:
                written = lke_workbook.import_assessment_workbook(
                    actor=self._user(options["user"]),
                    assessment_id=assessment,
                    side=side,
                    input_path=options["input"],
                )
                self.stdout.write(f"Impor selesai: {written} jawaban ditulis.")
        except ObjectDoesNotExist:
            raise CommandError(
                f"Penilaian #{assessment} tidak ditemukan.", returncode=INPUT_ERROR
            ) from None
        except lke_workbook.WorkbookImportRefused as exc:
            raise CommandError(
                f"Impor ditolak ({exc.code}): {exc.message}", returncode=INPUT_ERROR
            ) from exc
        except (lke_workbook.WorkbookImportError, ValueError) as exc:
            raise CommandError(str(exc), returncode=INPUT_ERROR) from exc

    def _user(self, username: str | None) -> Any:
        if username is None:
            return None
        from django.contrib.auth import get_user_model

        user = get_user_model().objects.filter(username=username, is_active=True).first()
        if user is None:
            raise CommandError(
                f"Pengguna aktif {username!r} tidak ditemukan.", returncode=INPUT_ERROR
            )
        return user

    def _score(self, path: str, fmt: str) -> None:
        spec = framework_spec()
        answers, issues = read_answer_file(path, spec, count_max=count_max())
        if issues:
            raise CommandError("\n".join(str(i) for i in issues), returncode=INPUT_ERROR)
        result = score(spec, answers)
        if fmt == "json":
            self.stdout.write(json.dumps(result.to_dict(), ensure_ascii=False, indent=2))
        else:
            self.stdout.write(render_text(result))


def _pct(value: Decimal) -> str:
    return f"{format_id(value)}%"


def _criterion_value(c: Criterion, value: Decimal | bool) -> str:
    if isinstance(value, bool):
        return "ya" if value else "tidak"
    return _pct(value) if c.unit == "persen" else format_id(value)


def _verdict_lines(verdict: Verdict, gap: Gap) -> list[str]:
    state = "LULUS" if verdict.passed else "BELUM"
    final = "final" if verdict.final else "sementara"
    lines = [f"Predikat {verdict.predicate}: {state} ({final})"]
    lines.append(f"  {'Kriteria':<66} {'Nilai':>9} {'Minimal':>9} {'Status':>6} {'Kurang':>9}")
    for c in verdict.criteria:
        missing = "" if c.missing is None else _criterion_value(c, c.missing)
        lines.append(
            f"  {c.label:<66} {_criterion_value(c, c.value):>9} {_criterion_value(c, c.min):>9} "
            f"{'LULUS' if c.passed else 'BELUM':>6} {missing:>9}"
        )
    lines += [f"  Peringatan: {w}" for w in verdict.warnings]
    if not gap.passed:
        lines.append(f"  Langkah menuju {verdict.predicate}: {gap.message}")
        for n, step in enumerate(gap.steps, start=1):
            start = (step.from_ or "(kosong)").replace(".", ",")  # "66.67%" -> "66,67%"
            lines.append(
                f"    {n:>3}. {step.question:<14} {start:>9} -> {step.to:<6} "
                f"+{format_id(step.gain)}"
            )
    return lines


def render_text(result: ScoreResult) -> str:
    """The score as a readable Bahasa Indonesia table (numbers as 55,58)."""
    status = "lengkap" if result.complete else "belum lengkap, nilai sementara"
    head = f"{'Area':<46} {'Pemenuhan':>9} {'Reform':>9} {'Nilai':>9} {'Bobot':>7} {'%':>8}"
    lines = [f"LKE ZI {result.framework}", "", head]
    for a in result.areas.values():
        lines.append(
            f"{f'{a.no}. {a.name}':<46} {format_id(a.pemenuhan):>9} {format_id(a.reform):>9} "
            f"{format_id(a.score):>9} {format_id(a.weight):>7} {_pct(a.pct):>8}"
        )
    h = result.hasil
    rows = [
        ("Pemenuhan", result.pemenuhan),
        ("Reform", result.reform),
        ("Pengungkit", result.pengungkit),
        ("Hasil B.I.a survei persepsi anti korupsi (IPAK)", h.b_i_a),
        ("Hasil B.I.b capaian kinerja lebih baik", h.b_i_b),
        ("Hasil B.II.a survei kualitas pelayanan (IPKP)", h.b_ii_a),
        ("Birokrasi bersih dan akuntabel (B.I)", h.bersih_akuntabel),
        ("Pelayanan publik yang prima (B.II)", h.pelayanan_prima),
        ("Hasil", h.total),
        ("Nilai total", result.total),
        ("Nilai konservatif (isian kosong = 0)", result.conservative_total),
    ]
    lines.append("")
    lines += [f"{label:<46} {format_id(value):>9}" for label, value in rows]
    lines.append(f"{'Kelengkapan':<46} {result.answered}/{result.inputs_total} ({status})")
    if result.zero_denominator_codes:
        codes = ", ".join(result.zero_denominator_codes)
        lines.append(f"{'Aturan penyebut nol dipakai pada':<46} {codes}")
    for predicate, verdict in result.verdicts.items():
        lines.append("")
        lines += _verdict_lines(verdict, result.gap[predicate])
    return "\n".join(lines)
