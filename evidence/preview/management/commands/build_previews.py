"""manage.py build_previews: queue previews for the current revisions of documents.

By default only the revisions that have none (documents uploaded before previews existed);
--failed adds the failed ones, --all rebuilds every one. --assessment limits to one assessment.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.db.models import F, Q

from evidence.models import Evidence, EvidenceRevision
from evidence.preview.models import RevisionPreview
from evidence.preview.services import preview_queue


class Command(BaseCommand):
    help = "Buat (ulang) pratinjau versi terkini dokumen bukti."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--assessment", type=int, help="hanya penilaian dengan id ini")
        parser.add_argument("--failed", action="store_true", help="juga yang gagal")
        parser.add_argument("--all", action="store_true", help="semua, termasuk yang sudah ada")

    def handle(self, *args: Any, **options: Any) -> None:
        revisions = EvidenceRevision.objects.filter(
            evidence__kind=Evidence.Kind.FILE,
            evidence__deleted_at__isnull=True,
            evidence__current_revision=F("pk"),
        )
        if options["assessment"]:
            revisions = revisions.filter(evidence__assessment_id=options["assessment"])
        if not options["all"]:
            wanted = Q(preview__isnull=True)
            if options["failed"]:
                wanted |= Q(preview__status=RevisionPreview.Status.FAILED)
            revisions = revisions.filter(wanted)
        count = 0
        for revision in revisions.order_by("pk").iterator():
            preview_queue(revision=revision)
            count += 1
        self.stdout.write(self.style.SUCCESS(f"{count} pratinjau diantrekan."))
