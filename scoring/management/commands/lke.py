"""manage.py lke: score an LKE ZI answer file, and export/import an assessment's workbook.

    manage.py lke score --input FILE [--format json|text] [--language id|en] [--framework CODE]
    manage.py lke export --assessment ID --side unit|tpi --output FILE.xlsx
    manage.py lke import --assessment ID --side unit|tpi --input FILE.xlsx [--user USERNAME]

``score`` scores FILE, a JSON answer document or a filled LKE ZI workbook (decided by content),
against the loaded framework version --framework CODE (default: the active one; an unknown code
exits with code 2); without a database the default is the committed fixture. Its text (the text
table, and the labels, warnings and gap messages of the JSON) is in --language (default id; numbers
55,58 in Indonesian, 55.58 in English), rendered by scoring.presenters. Bad input prints every error
to stderr and exits with code 2, with nothing on stdout.
``export`` and ``import`` hand over to scoring.transfer.workbook, imported when used. ``import``
acts as --user (a tim kerja or TPI of the unit, or an admin) or, without it, as the system; either
way it is refused (exit code 2, nothing written) while that side of the assessment is locked.
"""

from __future__ import annotations

import json
from typing import Any

from django.core.exceptions import ObjectDoesNotExist
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import translation

from scoring.counts import count_max
from scoring.engine import score
from scoring.engine.workbook import read_answer_file
from scoring.framework import spec_by_code
from scoring.presenters import score_document, score_text

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
        p_score.add_argument(
            "--framework", default=None, help="Kode kerangka LKE yang dimuat (bawaan: yang aktif)."
        )
        p_score.add_argument(
            "--language",
            choices=("id", "en"),
            default="id",
            help="Bahasa teks keluaran (id: 55,58; en: 55.58).",
        )
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
            with translation.override(options["language"]):
                self._score(options["input"], options["format"], options["framework"])
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

    def _score(self, path: str, fmt: str, framework: str | None) -> None:
        try:
            spec, note = spec_by_code(framework)
        except LookupError as exc:
            raise CommandError(str(exc), returncode=INPUT_ERROR) from exc
        if note:
            self.stderr.write(note)
        answers, issues = read_answer_file(path, spec, count_max=count_max())
        if issues:
            raise CommandError("\n".join(str(i) for i in issues), returncode=INPUT_ERROR)
        result = score(spec, answers)
        if fmt == "json":
            self.stdout.write(json.dumps(score_document(result), ensure_ascii=False, indent=2))
        else:
            self.stdout.write(score_text(result))
