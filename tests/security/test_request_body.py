"""Request bodies are measured before anything reads them.

An anonymous client must not make the server spool a large multipart body to disk: CSRF checking
parses request.POST before the login check, so the refusal has to come first, from the declared
Content-Length (or while streaming, for a chunked body). Signed-in users get the evidence limit
times the files-per-request cap, and the number of files in one upload request is capped.

The big bodies are generated while the server reads them, so the test never holds them in memory,
and the temporary directory is measured while the request is being read.
"""

from __future__ import annotations

import io
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from wsgiref.util import setup_testing_defaults

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.test import Client
from django.urls import reverse

from evidence.models import Evidence
from tests.conftest import World
from tests.factories import PASSWORD, UserFactory, pdf_bytes

MB = 1024 * 1024
BOUNDARY = "zi-boundary-7d3f"
CSRF_COOKIE = "csrftoken=" + "a" * 32  # any well-formed secret: a stranger can send one


def _dir_size(path: Path) -> int:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file())


class HostileBody(io.RawIOBase):
    """A multipart body of ``total`` bytes made up while it is read; it counts what was read and
    measures the upload temporary directory every few megabytes (the peak is what matters: Django
    deletes its temporary files when the request ends)."""

    def __init__(self, total: int, watch: Path) -> None:
        head = (
            f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="documents"; '
            f'filename="besar.pdf"\r\nContent-Type: application/pdf\r\n\r\n'
        ).encode()
        tail = f"\r\n--{BOUNDARY}--\r\n".encode()
        self.total = total
        self.watch = watch
        self.read_bytes = 0
        self.peak_temp = 0
        self._next_probe = 4 * MB
        self._chunks = self._generate(head, tail)
        self._buffer = b""

    def _generate(self, head: bytes, tail: bytes) -> Iterator[bytes]:
        yield head
        filler = b"%PDF-1.4 " + b"x" * (64 * 1024 - 9)
        remaining = self.total - len(head) - len(tail)
        while remaining > 0:
            piece = filler[: min(len(filler), remaining)]
            remaining -= len(piece)
            yield piece
        yield tail

    def readable(self) -> bool:
        return True

    def read(self, size: int | None = -1) -> bytes:
        if size is None or size < 0:
            size = self.total
        while len(self._buffer) < size:
            try:
                self._buffer += next(self._chunks)
            except StopIteration:
                break
        out, self._buffer = self._buffer[:size], self._buffer[size:]
        self.read_bytes += len(out)
        if self.read_bytes >= self._next_probe:
            self._next_probe += 4 * MB
            self.peak_temp = max(self.peak_temp, _dir_size(self.watch))
        return out

    def readline(self, size: int | None = -1) -> bytes:
        return self.read(size if size and size > 0 else 64 * 1024)


@pytest.fixture
def upload_temp_dir(settings: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    spool = tmp_path / "spool"
    spool.mkdir()
    settings.FILE_UPLOAD_TEMP_DIR = str(spool)
    monkeypatch.setattr(tempfile, "tempdir", str(spool))
    return spool


def _wsgi_post(
    path: str,
    body: HostileBody,
    *,
    chunked: bool = False,
    content_type: str = f"multipart/form-data; boundary={BOUNDARY}",
) -> tuple[str, bytes]:
    """POST through Django's real WSGI handler (what gunicorn calls)."""
    environ: dict[str, Any] = {
        "REQUEST_METHOD": "POST",
        "PATH_INFO": path,
        "CONTENT_TYPE": content_type,
        "HTTP_COOKIE": CSRF_COOKIE,
        "HTTP_HOST": "testserver",
        "wsgi.input": body,
    }
    if chunked:
        environ["HTTP_TRANSFER_ENCODING"] = "chunked"
        environ["wsgi.input_terminated"] = True  # the server de-chunks and marks the end (gunicorn)
    else:
        environ["CONTENT_LENGTH"] = str(body.total)
    setup_testing_defaults(environ)
    status: list[str] = []

    def start_response(s: str, headers: list[tuple[str, str]], exc_info: Any = None) -> Any:
        status.append(s)
        return lambda data: None

    # Like Django's test client: keep the test's database connection open.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        response = WSGIHandler()(environ, start_response)
        content = b"".join(response)
        response.close()
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)
    return status[0], content


UPLOAD_PATH = "/penilaian/1/bukti/q/A.I.1.i.a/unggah/"


def test_anonymous_300mb_multipart_post_is_refused_before_anything_is_spooled(
    upload_temp_dir: Path,
) -> None:
    body = HostileBody(300 * MB, upload_temp_dir)
    status, content = _wsgi_post(UPLOAD_PATH, body)
    assert status.startswith("413")
    assert "terlalu besar" in content.decode()
    # Nothing read, nothing spooled.
    assert body.read_bytes < MB
    assert max(body.peak_temp, _dir_size(upload_temp_dir)) < MB


def test_anonymous_chunked_body_is_cut_off_at_the_cap_while_streaming(
    upload_temp_dir: Path, settings: Any
) -> None:
    """No Content-Length (the server de-chunked the body): whatever reads the body reads it
    through the counter, which stops at the anonymous cap; the answer is 413."""
    body = HostileBody(300 * MB, upload_temp_dir)
    status, content = _wsgi_post(
        UPLOAD_PATH, body, chunked=True, content_type="application/x-www-form-urlencoded"
    )
    assert status.startswith("413")
    assert "terlalu besar" in content.decode()
    cap = settings.REQUEST_BODY_MAX_ANONYMOUS_BYTES
    assert body.read_bytes <= cap + 1
    assert max(body.peak_temp, _dir_size(upload_temp_dir)) < MB


def test_chunked_multipart_body_is_never_parsed(upload_temp_dir: Path) -> None:
    """Django parses multipart only up to a declared Content-Length: a chunked one stays unread."""
    body = HostileBody(300 * MB, upload_temp_dir)
    status, _content = _wsgi_post(UPLOAD_PATH, body, chunked=True)
    assert not status.startswith("5")
    assert body.read_bytes < MB
    assert max(body.peak_temp, _dir_size(upload_temp_dir)) < MB


def test_the_refusal_is_english_when_the_language_is_english() -> None:
    client = Client()
    client.cookies["django_language"] = "en"
    response = client.post(
        UPLOAD_PATH, data=b"x", content_type="application/octet-stream", CONTENT_LENGTH=str(50 * MB)
    )
    assert response.status_code == 413
    assert "too large" in response.content.decode()


@pytest.mark.django_db
def test_login_form_still_works_under_the_anonymous_cap() -> None:
    UserFactory(username="rina")
    response = Client().post(reverse("login"), {"username": "rina", "password": PASSWORD})
    assert response.status_code == 302


@pytest.mark.django_db
def test_signed_in_upload_above_the_anonymous_cap_is_accepted(world: World, settings: Any) -> None:
    client = world.client("tim_kerja")
    big = (
        pdf_bytes() + b"\n%" + b"0" * (2 * MB) + b"\n"
    )  # over the anonymous cap, well under the signed-in one
    assert len(big) > settings.REQUEST_BODY_MAX_ANONYMOUS_BYTES
    url = reverse("evidence:upload", args=[world.own.pk, "A.I.1.i.a"])
    response = client.post(url, {"documents": SimpleUploadedFile("besar.pdf", big)})
    assert response.status_code != 413
    assert Evidence.objects.filter(assessment=world.own).count() == 1


@pytest.mark.django_db
def test_signed_in_body_over_the_upload_cap_is_refused(world: World, settings: Any) -> None:
    client = world.client("tim_kerja")
    cap = settings.REQUEST_BODY_MAX_SIGNED_IN_BYTES
    assert cap >= settings.EVIDENCE_MAX_UPLOAD_MB * MB * settings.DATA_UPLOAD_MAX_NUMBER_FILES
    url = reverse("evidence:upload", args=[world.own.pk, "A.I.1.i.a"])
    response = client.post(
        url, data=b"x", content_type="application/octet-stream", CONTENT_LENGTH=str(cap + 1)
    )
    assert response.status_code == 413
    assert "terlalu besar" in response.content.decode()
    # A stale or forged session cookie counts as anonymous.
    stranger = Client()
    stranger.cookies["sessionid"] = "bukan-sesi-yang-sah"
    response = stranger.post(
        url, data=b"x", content_type="application/octet-stream", CONTENT_LENGTH=str(2 * MB)
    )
    assert response.status_code == 413


@pytest.mark.django_db
def test_more_files_than_the_cap_in_one_upload_are_refused(world: World, settings: Any) -> None:
    settings.DATA_UPLOAD_MAX_NUMBER_FILES = 3
    client = world.client("tim_kerja")
    url = reverse("evidence:upload", args=[world.own.pk, "A.I.1.i.a"])
    files = [SimpleUploadedFile(f"d{i}.pdf", pdf_bytes(f"Dokumen {i}")) for i in range(4)]
    response = client.post(url, {"documents": files})
    assert response.status_code == 400
    assert "paling banyak 3 berkas" in response.content.decode()
    assert not Evidence.objects.filter(assessment=world.own).exists()


@pytest.mark.django_db
def test_upload_form_says_how_many_files_one_upload_may_carry(world: World) -> None:
    url = reverse("evidence:panel", args=[world.own.pk, "A.I.1.i.a"])
    body = world.client("tim_kerja").get(url).content.decode()
    assert "Paling banyak 20 berkas" in body
