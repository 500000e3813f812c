"""manage.py scores_verify [--rebuild]: every stored score summary against a fresh computation.

Lists each assessment and side whose stored summary is missing or differs (with the fields that
differ). Exit status 1 when anything is listed and --rebuild was not given, so it can run from
cron or CI; with --rebuild the listed rows are rewritten and the status is 0. Run it with
--rebuild once after the migration that started the write-through (docs/scale.md).
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from scoring.summaries import summaries_verify

LISTED = 50


class Command(BaseCommand):
    help = (
        "Periksa ringkasan nilai tersimpan terhadap perhitungan ulang; --rebuild menulis ulang "
        "yang berbeda. Status keluar 1 bila ada yang berbeda tanpa --rebuild."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--rebuild", action="store_true", help="tulis ulang ringkasan yang berbeda"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        rebuild = bool(options["rebuild"])
        checked, mismatches = summaries_verify(rebuild=rebuild)
        verbosity = int(options.get("verbosity", 1))
        # Verbosity 1 lists the first LISTED, 2 every one, 0 none (the counts always).
        shown = mismatches if verbosity > 1 else mismatches[:LISTED] if verbosity else []
        for m in shown:
            self.stdout.write(f"{'ditulis ulang' if rebuild else 'berbeda'} {m.line()}")
        if len(shown) < len(mismatches) and verbosity:
            self.stdout.write(f"... dan {len(mismatches) - len(shown)} lagi (-v 2: semuanya)")
        summary = f"{checked} penilaian diperiksa, {len(mismatches)} ringkasan berbeda"
        if mismatches and not rebuild:
            raise CommandError(summary)
        self.stdout.write(summary + (", semua ditulis ulang" if mismatches else ""))
