"""manage.py check_storage: rows whose stored file is gone, and stored files no row points to.

Looks at evidence revisions (evidence/ in the default storage) and report jobs (reports/). Lives
in scoring because scoring may import evidence, never the other way round. Exit status 0 when
storage and database agree, 1 when anything is listed, so it can run from cron or CI.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.core.files.storage import Storage, default_storage
from django.core.management.base import BaseCommand

from evidence.models import Evidence, EvidenceRevision
from scoring.models import ReportJob

# The folders of the default storage whose files belong to rows checked here.
FOLDERS = ("evidence", "reports")


def stored_files(storage: Storage, folder: str) -> Iterator[str]:
    """Every file under `folder`, as the storage names it (local disk or S3)."""
    try:
        dirs, files = storage.listdir(folder)
    except FileNotFoundError:
        return
    for name in files:
        yield f"{folder}/{name}"
    for sub in dirs:
        yield from stored_files(storage, f"{folder}/{sub}")


class Command(BaseCommand):
    help = (
        "Periksa penyimpanan: baris (revisi bukti, laporan) yang berkasnya hilang dan berkas di "
        "evidence/ dan reports/ yang tidak dirujuk baris mana pun. Status keluar 1 bila ada temuan."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        stored = {name for folder in FOLDERS for name in stored_files(default_storage, folder)}
        referenced: set[str] = set()
        missing: list[str] = []

        revisions = (
            EvidenceRevision.objects.filter(evidence__kind=Evidence.Kind.FILE)
            .select_related("evidence")
            .order_by("pk")
        )
        for rev in revisions.iterator():
            name = rev.file.name or ""
            referenced.add(name)
            if name not in stored:
                label = f"{rev.evidence.title} v{rev.number}"
                missing.append(
                    f"EvidenceRevision {rev.pk} ({label}): {name or '(tanpa nama berkas)'}"
                )
        jobs = ReportJob.objects.exclude(file="").order_by("pk")
        done_without_file = ReportJob.objects.filter(status=ReportJob.Status.DONE, file="")
        for job in [*jobs.iterator(), *done_without_file.order_by("pk")]:
            name = job.file.name or ""
            referenced.add(name)
            if name not in stored:
                missing.append(
                    f"ReportJob {job.pk} ({job.get_kind_display()}): "
                    f"{name or '(tanpa nama berkas)'}"
                )
        orphans = sorted(stored - referenced)

        checked = (
            f"diperiksa: {revisions.count()} revisi bukti, {jobs.count()} laporan, "
            f"{len(stored)} berkas di {', '.join(f + '/' for f in FOLDERS)}"
        )
        if not missing and not orphans:
            self.stdout.write(self.style.SUCCESS(f"Penyimpanan bersih ({checked})."))
            return
        if missing:
            self.stdout.write(f"Baris tanpa berkas ({len(missing)}):")
            for line in missing:
                self.stdout.write(f"  {line}")
        if orphans:
            self.stdout.write(f"Berkas tanpa baris ({len(orphans)}):")
            for name in orphans:
                self.stdout.write(f"  {name}")
        self.stdout.write(
            self.style.WARNING(
                f"{len(missing)} baris tanpa berkas, {len(orphans)} berkas tanpa baris "
                f"({checked}). Baris tanpa berkas: unggah ulang bukti sebagai versi baru atau "
                "buat ulang laporannya; berkas tanpa baris: periksa lalu hapus dari penyimpanan."
            )
        )
        raise SystemExit(1)
