"""Evidence writes against a concurrent submit, on two database connections (PostgreSQL).

Every evidence service locks the assessment row and re-checks its rule inside the transaction, so:
- an upload that started before a submit and finishes after it is refused (unit_side_locked) and
  its already-stored file is deleted: nothing lands in the submitted assessment after its snapshot;
- a submit that comes while an upload holds the row waits for it, then sees the new document and
  is refused (signoff_stale): the pimpinan's sign-off did not cover it.

SQLite cannot run two writers at once (and select_for_update is a no-op there), so these tests
need PostgreSQL; CI runs the whole suite on PostgreSQL too.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Any

import pytest
from django.conf import settings as django_settings
from django.core.files.storage import FileSystemStorage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection

from evidence import services
from evidence.models import Evidence, EvidenceRevision
from scoring.models import Snapshot
from scoring.services import workflow
from tests.conftest import World
from tests.evidence.conftest import question_in_area, stored_files
from tests.factories import pdf_bytes
from zi_portal.models import Assessment
from zi_portal.refusals import Refused

pytestmark = [
    pytest.mark.skipif(
        "postgresql" not in django_settings.DATABASES["default"]["ENGINE"],
        reason="needs two concurrent writers: run with DATABASE_URL pointing at PostgreSQL "
        "(SQLite serialises writers and ignores select_for_update)",
    ),
    pytest.mark.django_db(transaction=True),
]

WAIT = 20  # seconds; generous for a loaded CI machine, never reached when the code is right


class Outcome:
    """What a function run in its own thread (and its own database connection) returned/raised."""

    def __init__(self, func: Callable[[], Any]) -> None:
        self.result: Any = None
        self.error: BaseException | None = None
        self.thread = threading.Thread(target=self._run, args=(func,), daemon=True)
        self.thread.start()

    def _run(self, func: Callable[[], Any]) -> None:
        try:
            self.result = func()
        except BaseException as exc:  # handed to the test
            self.error = exc
        finally:
            connection.close()  # this thread's own connection

    def join(self) -> Outcome:
        self.thread.join(WAIT)
        assert not self.thread.is_alive(), "thread did not finish"
        return self


def _signed_off(world: World) -> None:
    workflow.assessment_sign_off(
        actor=world.users["pimpinan"], assessment=world.own, expected_version=world.own.version
    )


def _upload(world: World, question: Any) -> Callable[[], Any]:
    # The assessment as the upload request loaded it: draft, before the submit.
    loaded = Assessment.objects.select_related("unit", "cycle", "framework").get(pk=world.own.pk)

    def run() -> Any:
        return services.evidence_upload(
            actor=world.users["tim_kerja"],
            assessment=loaded,
            question=question,
            uploaded_file=SimpleUploadedFile("sk-tim.pdf", pdf_bytes("SK Tim ZI")),
        )

    return run


def _submit(world: World) -> Callable[[], Any]:
    def run() -> Any:
        fresh = Assessment.objects.get(pk=world.own.pk)
        return workflow.assessment_submit(
            actor=world.users["tim_kerja"], assessment=fresh, expected_version=fresh.version
        )

    return run


def test_upload_finishing_after_a_submit_is_refused_and_leaves_no_file(
    world: World, settings: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    q1 = question_in_area(world.own, 1)
    _signed_off(world)
    stored, release = threading.Event(), threading.Event()
    real_save = FileSystemStorage.save

    def save_then_wait(storage: Any, name: str, content: Any, *args: Any, **kwargs: Any) -> str:
        # The file is in storage; the upload has not opened its transaction yet.
        saved = real_save(storage, name, content, *args, **kwargs)
        stored.set()
        assert release.wait(WAIT)
        return saved

    assert settings.STORAGES["default"]["BACKEND"].endswith("FileSystemStorage")  # conftest
    monkeypatch.setattr(FileSystemStorage, "save", save_then_wait)
    upload = Outcome(_upload(world, q1))
    assert stored.wait(WAIT)
    assert len(stored_files(settings)) == 1  # streamed before the submit
    submit = Outcome(_submit(world)).join()
    assert submit.error is None, submit.error
    release.set()
    upload.join()

    assert isinstance(upload.error, Refused), upload.error
    assert upload.error.code == "unit_side_locked"
    assert not Evidence.objects.exists()
    assert not EvidenceRevision.objects.exists()
    assert stored_files(settings) == []
    snapshot = Snapshot.objects.get(assessment=world.own, kind=Snapshot.Kind.SUBMITTED)
    assert snapshot.data["evidence"] == {}
    assert Assessment.objects.get(pk=world.own.pk).status == Assessment.Status.SUBMITTED


def test_submit_during_an_upload_waits_for_it_then_sees_the_stale_sign_off(
    world: World, settings: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    q1 = question_in_area(world.own, 1)
    _signed_off(world)
    locked, release = threading.Event(), threading.Event()
    real_duplicate_of = services._duplicate_of

    def duplicate_of_then_wait(assessment: Assessment, sha256: str) -> Any:
        # Called right after the locked re-check: the upload holds the assessment row.
        found = real_duplicate_of(assessment, sha256)
        locked.set()
        assert release.wait(WAIT)
        return found

    monkeypatch.setattr(services, "_duplicate_of", duplicate_of_then_wait)
    upload = Outcome(_upload(world, q1))
    assert locked.wait(WAIT)
    submit = Outcome(_submit(world))
    time.sleep(0.5)
    assert submit.thread.is_alive(), "the submit should wait for the upload's row lock"
    release.set()
    upload.join()
    submit.join()

    assert upload.error is None, upload.error
    assert isinstance(submit.error, Refused), submit.error
    assert submit.error.code == "signoff_stale"
    assert Evidence.objects.count() == 1 and len(stored_files(settings)) == 1
    assert Assessment.objects.get(pk=world.own.pk).status == Assessment.Status.DRAFT
