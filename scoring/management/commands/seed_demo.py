"""manage.py seed_demo: demo instansi, units, cycle, assessments and persona accounts; prints
each account with what to try first (DEBUG only)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand

from scoring.demo.seed import DEMO_ACCOUNTS, DEMO_PASSWORD, demo_seed


class Command(BaseCommand):
    help = "Create the demo data (idempotent). Prints the demo accounts when DEBUG is on."

    def handle(self, *args: Any, **options: Any) -> None:
        assessments = demo_seed()
        self.stdout.write(f"Demo: {len(assessments)} penilaian siap.")
        if settings.DEBUG:
            self.stdout.write(f"Akun demo (kata sandi sama untuk semua: {DEMO_PASSWORD}):")
            for acc in DEMO_ACCOUNTS:
                self.stdout.write(f"  {acc.username:<18} {acc.persona}")
                if acc.try_first:
                    self.stdout.write(f"  {'':<18} Coba: {acc.try_first}")
