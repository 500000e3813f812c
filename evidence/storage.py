"""Evidence files in the private storage: streamed in chunks while their sha256 is computed.

A failed write leaves nothing behind (a full disk's half-written file included); the services
decide when a stored file must go again (a refused or failed database write).
"""

from __future__ import annotations

import errno
import hashlib
import logging
import uuid
from collections.abc import Iterator
from typing import IO, Any

from django.core.files.base import File
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _

from evidence.validation import CheckedFile
from zi_portal.models import Assessment

logger = logging.getLogger("evidence.services")

COPY_CHUNK = 1024 * 1024


class EvidenceStorageError(Exception):
    """The file store refused the write; nothing was kept."""

    def __init__(self, name: str, *, disk_full: bool = False) -> None:
        self.name = name
        if disk_full:
            message = _(
                "Berkas '%(name)s' gagal disimpan: penyimpanan server penuh; tidak ada yang "
                "tersimpan. Hubungi admin instansi."
            )
        else:
            message = _(
                "Berkas '%(name)s' gagal disimpan ke penyimpanan; tidak ada yang tersimpan. "
                "Silakan coba lagi."
            )
        super().__init__(message % {"name": name})


class _HashingReader(File[Any]):
    """Wraps the uploaded file so the storage's own reads feed sha256 and the byte count."""

    def __init__(self, f: Any, name: str) -> None:
        super().__init__(f, name=name)
        self.source: Any = f
        self._reset()

    def _reset(self) -> None:
        self.sha = hashlib.sha256()
        self.copied = 0
        self.sequential = True

    def seek(self, offset: int, whence: int = 0) -> int:
        pos: int = self.source.seek(offset, whence)
        if pos == 0:
            self._reset()
        elif pos != self.copied:
            self.sequential = False
        return pos

    def read(self, size: int = -1) -> bytes:
        if size is None or size < 0:
            size = COPY_CHUNK  # never hand the whole file to a caller at once
        pos = self.source.tell()
        data: bytes = self.source.read(size)
        if pos == self.copied:
            self.sha.update(data)
            self.copied += len(data)
        else:
            self.sequential = False
        return data

    def chunks(self, chunk_size: int | None = None) -> Iterator[bytes]:
        self.seek(0)
        while data := self.read(chunk_size or COPY_CHUNK):
            yield data


def _hash_again(f: IO[bytes]) -> tuple[str, int]:
    f.seek(0)
    sha, size = hashlib.sha256(), 0
    while data := f.read(COPY_CHUNK):
        sha.update(data)
        size += len(data)
    f.seek(0)
    return sha.hexdigest(), size


def store_upload(
    *, assessment: Assessment, uploaded: UploadedFile, checked: CheckedFile
) -> tuple[str, str, int]:
    """Copy the upload to storage in chunks; return (stored name, sha256, size)."""
    source: Any = uploaded
    reader = _HashingReader(source, name=checked.name)
    target = f"evidence/{assessment.pk}/{uuid.uuid4().hex}{checked.extension}"
    try:
        stored = default_storage.save(target, reader)
    except Exception as exc:
        logger.exception("evidence storage write failed for %s", checked.name)
        # A full disk leaves a half-written file behind; nothing partial may stay.
        discard_file(target)
        raise EvidenceStorageError(
            checked.name, disk_full=getattr(exc, "errno", None) == errno.ENOSPC
        ) from exc
    if reader.sequential and reader.copied:
        sha, size = reader.sha.hexdigest(), reader.copied
    else:
        # A storage that read out of order (some S3 transfer modes): hash in a second pass.
        sha, size = _hash_again(source)
    return stored, sha, size


def discard_file(name: str) -> None:
    try:
        default_storage.delete(name)
    except Exception:
        logger.exception("could not delete orphaned evidence file %s", name)
