"""Evidence in S3 (moto's server on 127.0.0.1) and the storage faults of an upload.

The bucket is private: files go in and out only through the permission-checked views, an unsigned
request to the bucket is refused, and no page hands out a bucket URL.
"""

from __future__ import annotations

import errno
import hashlib
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

import pytest
from django import forms
from django.core.files.storage import FileSystemStorage, default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from areas.models import Question
from evidence.forms import UploadForm
from evidence.models import Evidence, EvidenceAttachment, EvidenceRevision
from tests.conftest import World
from tests.factories import pdf_bytes
from tests.production.conftest import S3

pytestmark = [pytest.mark.production, pytest.mark.django_db]


def first_question(world: World) -> Question:
    q = Question.objects.filter(framework=world.own.framework).order_by("position").first()
    assert q is not None
    return q


def file_field() -> str:
    """The upload form's file field, whatever the evidence app names it."""
    return next(n for n, f in UploadForm.base_fields.items() if isinstance(f, forms.FileField))


def upload(world: World, body: bytes, name: str = "sk-tim.pdf") -> Any:
    q = first_question(world)
    url = reverse("evidence:upload", kwargs={"assessment_pk": world.own.pk, "code": q.code})
    return world.client("tim_kerja").post(
        url, {file_field(): SimpleUploadedFile(name, body, content_type="application/pdf"),
              "title": "SK Tim ZI"},
        HTTP_HX_REQUEST="true",  # the panel fragment shows each file's result
    )


def test_evidence_goes_to_the_private_bucket_and_comes_back_through_the_view(
    world: World, s3_storage: S3
) -> None:
    body = pdf_bytes("Bukti di S3")
    resp = upload(world, body)
    assert resp.status_code == 200, resp.content[:500]
    ev = Evidence.objects.get(assessment=world.own)
    rev = ev.current_revision
    assert rev is not None
    assert rev.sha256 == hashlib.sha256(body).hexdigest()
    key = f"media/{rev.file.name}"
    assert key in s3_storage.object_keys()
    stored = s3_storage.client.get_object(Bucket=s3_storage.bucket, Key=key)["Body"].read()
    assert stored == body

    # Download: streamed by the permission-checked view, not a redirect to the bucket.
    url = reverse("evidence:download", kwargs={
        "assessment_pk": world.own.pk, "evidence_pk": ev.pk, "revision_pk": rev.pk})
    got = world.client("tim_kerja").get(url)
    assert got.status_code == 200
    assert got["Content-Disposition"].startswith("attachment")
    assert got["X-Content-Type-Options"] == "nosniff"
    assert b"".join(got.streaming_content) == body  # type: ignore[attr-defined]
    # Another unit's member gets nothing, not even a hint.
    assert world.client("outsider").get(url).status_code == 404

    # The bucket itself refuses an unsigned GET, and the object carries no public grant.
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(f"{s3_storage.endpoint}/{s3_storage.bucket}/{key}")  # noqa: S310
    assert refused.value.code == 403
    grants = s3_storage.client.get_object_acl(Bucket=s3_storage.bucket, Key=key)["Grants"]
    assert not [g for g in grants if "URI" in g["Grantee"]]  # no AllUsers/AuthenticatedUsers
    # Any URL the storage would produce is signed and short-lived, never a bare bucket URL.
    signed = default_storage.url(rev.file.name)
    assert "X-Amz-Signature=" in signed and "X-Amz-Expires=300" in signed

    # No page the user sees hands out the bucket's address.
    for page in (
        reverse("scoring:assessment", kwargs={"pk": world.own.pk}),
        reverse("evidence:panel", kwargs={"assessment_pk": world.own.pk,
                                          "code": first_question(world).code}),
    ):
        html = world.client("tim_kerja").get(page).content.decode()
        assert s3_storage.endpoint not in html and s3_storage.bucket not in html, page


def test_storage_error_during_upload_leaves_no_row(
    world: World, s3_storage: S3, settings: Any
) -> None:
    keys_before = s3_storage.object_keys()
    # A real S3 failure: the configured bucket does not exist.
    broken = {**s3_storage.storage_options(), "bucket_name": "ember-yang-tidak-ada"}
    settings.STORAGES = {**settings.STORAGES,
                         "default": {"BACKEND": "storages.backends.s3.S3Storage",
                                     "OPTIONS": broken}}
    resp = upload(world, pdf_bytes("gagal"))
    assert resp.status_code == 200
    assert "gagal disimpan" in resp.content.decode()
    assert not Evidence.objects.filter(assessment=world.own).exists()
    assert not EvidenceRevision.objects.exists()
    assert not EvidenceAttachment.objects.exists()
    assert s3_storage.object_keys() == keys_before
    # The portal keeps working and the next upload (storage healthy again) succeeds.
    settings.STORAGES = {**settings.STORAGES,
                         "default": {"BACKEND": "storages.backends.s3.S3Storage",
                                     "OPTIONS": s3_storage.storage_options()}}
    assert upload(world, pdf_bytes("berhasil")).status_code == 200
    assert Evidence.objects.filter(assessment=world.own).count() == 1


class DiskFullStorage(FileSystemStorage):
    """Writes the first chunk, then the disk is full: what a real ENOSPC looks like."""

    def _save(self, name: str, content: Any) -> str:
        original = content.chunks

        def chunks(chunk_size: int | None = None) -> Any:
            for i, chunk in enumerate(original(64 * 1024)):
                if i == 1:
                    raise OSError(errno.ENOSPC, "No space left on device")
                yield chunk

        content.chunks = chunks
        return super()._save(name, content)


def test_media_disk_full_gives_a_clear_error_and_writes_nothing(
    world: World, settings: Any, tmp_path: Path
) -> None:
    media = tmp_path / "penuh"
    settings.STORAGES = {**settings.STORAGES, "default": {
        "BACKEND": f"{__name__}.DiskFullStorage", "OPTIONS": {"location": str(media)}}}
    body = pdf_bytes("besar") + b"%" + b"x" * (300 * 1024)  # several chunks
    resp = upload(world, body)
    assert resp.status_code == 200
    text = resp.content.decode()
    assert "gagal disimpan" in text or "penuh" in text
    assert "tidak ada yang tersimpan" in text
    assert not Evidence.objects.filter(assessment=world.own).exists()
    assert not EvidenceRevision.objects.exists()
    leftovers = [p for p in media.rglob("*") if p.is_file()] if media.exists() else []
    assert leftovers == [], f"half-written files left behind: {leftovers}"
