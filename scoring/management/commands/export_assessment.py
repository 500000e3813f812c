"""manage.py export_assessment --id N --output FILE.zip: back up one assessment with its files."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from scoring.transfer.backup import BackupError, export_assessment
from zi_portal.models import Assessment


class Command(BaseCommand):
    help = (
        "Ekspor satu penilaian (jawaban, komentar, riwayat, bukti dan berkasnya) ke arsip zip "
        "dengan manifest sha256."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--id", type=int, required=True, help="id penilaian")
        parser.add_argument("--output", required=True, help="berkas .zip tujuan")

    def handle(self, *args: Any, **options: Any) -> None:
        assessment = (
            Assessment.objects.select_related("unit", "unit__parent", "cycle", "framework")
            .filter(pk=options["id"])
            .first()
        )
        if assessment is None:
            raise CommandError(f"Penilaian #{options['id']} tidak ditemukan.")
        output = Path(options["output"])
        if output.exists():
            raise CommandError(f"{output} sudah ada; pilih nama lain agar tidak tertimpa.")
        partial = output.with_name(output.name + ".partial")
        try:
            manifest = export_assessment(assessment=assessment, output=partial)
        except (BackupError, OSError) as exc:
            partial.unlink(missing_ok=True)
            raise CommandError(str(exc)) from exc
        partial.rename(output)
        n_files = len(manifest["files"]) - 1
        self.stdout.write(
            f"Penilaian #{assessment.pk} ({assessment}) diekspor ke {output}: "
            f"{n_files} berkas bukti, manifest sha256 tercatat."
        )
