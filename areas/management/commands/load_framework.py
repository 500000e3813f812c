"""manage.py load_framework [PATH] [--activate]: validate and load an LKE framework version.

PATH is a file in the reference format (default: fixtures/lke-permenpanrb-90-2021.json); it loads
under its own code beside the versions already there, and loading it twice changes nothing. A
version that an assessment uses is never changed: the command then fails naming what differs.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from areas.expected_documents import expected_documents_load, expected_documents_read_fixture
from areas.services import (
    FrameworkInUse,
    FrameworkInvalid,
    framework_load,
    framework_read_fixture,
)


class Command(BaseCommand):
    help = (
        "Validasi dan muat kerangka LKE dari berkas format referensi (bawaan: "
        "fixtures/lke-permenpanrb-90-2021.json) sebagai versi dengan kodenya sendiri; aman "
        "dijalankan dua kali. Versi yang dipakai penilaian tidak dapat diubah."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", nargs="?", type=Path, default=None, help="Berkas kerangka.")
        parser.add_argument("--fixture", type=Path, default=None, help="Sama dengan PATH.")
        parser.add_argument(
            "--activate",
            action="store_true",
            help="Jadikan versi ini kerangka aktif (versi lain dinonaktifkan).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path = options["path"] or options["fixture"]
        try:
            data = framework_read_fixture(path)
            summary = framework_load(data=data, activate=options["activate"])
            documents = None
            expected = expected_documents_read_fixture()
            if expected.get("framework") == data["code"]:
                documents = expected_documents_load(data=expected)
        except (FrameworkInvalid, FrameworkInUse) as exc:
            raise CommandError(str(exc)) from exc
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise CommandError(
                f"Berkas kerangka tidak dapat dibaca atau tidak valid: {exc}"
            ) from exc
        self.stdout.write(f"{data['code']}: {summary.line()}")
        if documents is not None:
            self.stdout.write(f"{documents} dokumen yang diharapkan (data dukung) ditambahkan")
