"""manage.py load_framework: validate and load the LKE framework fixture (idempotent)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from areas.expected_documents import expected_documents_load, expected_documents_read_fixture
from areas.services import FrameworkInvalid, framework_load, framework_read_fixture


class Command(BaseCommand):
    help = "Validate fixtures/lke-permenpanrb-90-2021.json and load it (safe to run twice)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--fixture", type=Path, default=None)

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            data = framework_read_fixture(options["fixture"])
            summary = framework_load(data=data)
            documents = expected_documents_load(data=expected_documents_read_fixture())
        except FrameworkInvalid as exc:
            raise CommandError(str(exc)) from exc
        except (OSError, ValueError, KeyError) as exc:
            raise CommandError(f"Fixture tidak dapat dibaca atau tidak valid: {exc}") from exc
        self.stdout.write(summary.line())
        self.stdout.write(f"{documents} dokumen yang diharapkan (data dukung) ditambahkan")
