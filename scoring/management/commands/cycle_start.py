"""manage.py cycle_start --year YYYY [--framework CODE]: the year's cycle carried forward from
the previous one (scoring.cycle.services.cycle_start; running it again creates nothing more)."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from areas.models import Framework
from scoring.cycle.services import cycle_start
from zi_portal.refusals import Refused


class Command(BaseCommand):
    help = "Start a year's cycle: one assessment per unit of the previous cycle, carried forward."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--year", type=int, required=True)
        parser.add_argument("--framework", default="", help="framework code (default: the same)")

    def handle(self, *args: Any, **options: Any) -> None:
        framework = None
        if options["framework"]:
            framework = Framework.objects.filter(code=options["framework"]).first()
            if framework is None:
                raise CommandError(f"Unknown framework: {options['framework']}")
        began = time.monotonic()
        try:
            result = cycle_start(actor=None, year=options["year"], framework=framework)
        except Refused as exc:
            raise CommandError(f"{exc.refusal.code}: {exc.refusal.message}") from exc
        self.stdout.write(
            f"Cycle {result.cycle.year} ({'created' if result.cycle_created else 'existing'}): "
            f"{len(result.created)} assessments created, {result.skipped} already there, "
            f"{result.documents} documents linked, {result.answers} answers to confirm "
            f"({time.monotonic() - began:.1f} s)."
        )
