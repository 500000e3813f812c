"""manage.py import_assessment --input FILE.zip: restore an exported assessment here."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from scoring.transfer.backup import BackupError
from scoring.transfer.restore import import_assessment


class Command(BaseCommand):
    help = (
        "Impor arsip dari export_assessment. Semua sha256 diperiksa sebelum menulis; unit dan "
        "siklus dibuat bila belum ada; penilaian yang sudah ada tidak pernah ditimpa."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--input", required=True, help="arsip .zip hasil export_assessment")

    def handle(self, *args: Any, **options: Any) -> None:
        source = Path(options["input"])
        if not source.is_file():
            raise CommandError(f"{source} tidak ditemukan.")
        try:
            result = import_assessment(source=source)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        a = result.assessment
        extra = []
        if result.created_unit:
            extra.append(f"unit {a.unit.code} dibuat")
        if result.created_cycle:
            extra.append(f"siklus {a.cycle.year} dibuat")
        counts = ", ".join(f"{k}={v}" for k, v in sorted(result.counts.items()))
        self.stdout.write(
            f"Penilaian dipulihkan sebagai #{a.pk} ({a}); {result.files} berkas; {counts}"
            + (f"; {'; '.join(extra)}" if extra else "")
        )
