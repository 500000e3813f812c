"""Missing stored files with S3 (moto on 127.0.0.1): a revision or report whose object is gone
answers 404, never 500, and check_storage lists both kinds by listing the bucket."""

from __future__ import annotations

import io

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.urls import reverse

from scoring.models import ReportJob
from tests.conftest import World
from tests.factories import EvidenceFactory, ReportJobFactory
from tests.production.conftest import S3

pytestmark = [pytest.mark.production, pytest.mark.django_db]


def test_objects_gone_from_the_bucket_answer_404_and_are_listed(
    world: World, s3_storage: S3
) -> None:
    ev = EvidenceFactory(assessment=world.own, title="SK di S3")
    rev = ev.current_revision
    job = ReportJobFactory(done=True, kind=ReportJob.Kind.LKE_XLSX, assessment=world.own)
    for name in (rev.file.name, job.file.name):
        s3_storage.client.delete_object(Bucket=s3_storage.bucket, Key=f"media/{name}")
    stray = default_storage.save(f"evidence/{world.own.pk}/yatim.pdf", ContentFile(b"%PDF-1.4"))

    client = world.client("tpi")
    url = reverse("evidence:download", args=[world.own.pk, ev.pk, rev.pk])
    got = client.get(url)
    assert got.status_code == 404
    assert "tidak ditemukan di penyimpanan" in got.content.decode()
    report = client.get(reverse("reports:job-download", args=[job.pk]))
    assert report.status_code == 404
    assert "Buat ulang laporan" in report.content.decode()

    out = io.StringIO()
    with pytest.raises(SystemExit) as exit_status:
        call_command("check_storage", stdout=out)
    assert exit_status.value.code == 1
    assert f"EvidenceRevision {rev.pk} (SK di S3 v1): {rev.file.name}" in out.getvalue()
    assert f"ReportJob {job.pk} " in out.getvalue()
    assert stray in out.getvalue()
    assert "2 baris tanpa berkas, 1 berkas tanpa baris" in out.getvalue()
