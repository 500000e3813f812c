"""When previews are queued and what a run does with a broken file, a missing file, a broker
that is down, and readers asking for more pages while it runs."""

from __future__ import annotations

from typing import Any
from unittest import mock

import pytest
from django.core.files.storage import default_storage
from django.core.management import call_command
from kombu.exceptions import OperationalError

from evidence import services
from evidence.models import EvidenceRevision
from evidence.preview import build
from evidence.preview.models import RevisionPreview
from evidence.preview.services import preview_pages_request, preview_queue
from evidence.preview.tasks import preview_build_task
from tests.evidence.conftest import upload
from tests.evidence.preview.conftest import five_page_pdf
from tests.factories import EvidenceFactory, pdf_bytes
from zi_portal.refusals import Refused

pytestmark = pytest.mark.django_db


def test_upload_and_replace_queue_the_task_after_the_commit(
    world: Any, q1: Any, django_capture_on_commit_callbacks: Any
) -> None:
    actor = world.users["tim_kerja"]
    with mock.patch.object(preview_build_task, "delay") as delay:
        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            ev = services.evidence_upload(
                actor=actor,
                assessment=world.own,
                question=q1,
                uploaded_file=upload("a.pdf", pdf_bytes("satu")),
            )
        assert delay.call_count == 0  # nothing before the commit
        assert RevisionPreview.objects.get(revision=ev.current_revision).status == "queued"
        for callback in callbacks:
            callback()
        delay.assert_called_once_with(ev.current_revision_id)
        with django_capture_on_commit_callbacks(execute=True):
            rev = services.evidence_replace(
                actor=actor, evidence=ev, uploaded_file=upload("b.pdf", pdf_bytes("dua"))
            )
        assert delay.call_args_list[-1] == mock.call(rev.pk)
        assert RevisionPreview.objects.get(revision=rev).pages_wanted == 3


def test_a_refused_upload_leaves_no_preview_and_queues_nothing(
    world: Any, q1: Any, django_capture_on_commit_callbacks: Any
) -> None:
    with (
        mock.patch.object(preview_build_task, "delay") as delay,
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(Refused),
    ):
        services.evidence_upload(
            actor=world.users["tpi"],
            assessment=world.own,
            question=q1,
            uploaded_file=upload("a.pdf", pdf_bytes()),
        )
    assert delay.call_count == 0 and not RevisionPreview.objects.exists()


def _queued(world: Any, content: bytes, captured: Any) -> EvidenceRevision:
    ev = EvidenceFactory(assessment=world.own, content=content)
    with captured(execute=True):
        preview_queue(revision=ev.current_revision)
    rev: EvidenceRevision = ev.current_revision
    return rev


def test_a_broken_pdf_fails_as_broken(world: Any, django_capture_on_commit_callbacks: Any) -> None:
    rev = _queued(world, b"%PDF-1.4\n" + b"\x00garbage" * 50, django_capture_on_commit_callbacks)
    preview = RevisionPreview.objects.get(revision=rev)
    assert (preview.status, preview.reason, preview.pages.count()) == ("failed", "broken", 0)


def test_a_missing_file_fails_as_missing_file(
    world: Any, django_capture_on_commit_callbacks: Any
) -> None:
    ev = EvidenceFactory(assessment=world.own)
    default_storage.delete(ev.current_revision.file.name)
    with django_capture_on_commit_callbacks(execute=True):
        preview_queue(revision=ev.current_revision)
    preview = RevisionPreview.objects.get(revision=ev.current_revision)
    assert (preview.status, preview.reason) == ("failed", "missing_file")


def test_broker_down_fails_the_preview_instead_of_the_upload(
    world: Any, q1: Any, django_capture_on_commit_callbacks: Any
) -> None:
    down = OperationalError("redis down")
    with (
        mock.patch("celery.app.task.Task.delay", side_effect=down),
        django_capture_on_commit_callbacks(execute=True),
    ):
        ev = services.evidence_upload(
            actor=world.users["tim_kerja"],
            assessment=world.own,
            question=q1,
            uploaded_file=upload("a.pdf", pdf_bytes()),
        )
    preview = RevisionPreview.objects.get(revision=ev.current_revision)
    assert (preview.status, preview.reason) == ("failed", "queue_down")


def test_more_pages_asked_while_running_are_rendered_by_a_second_run(
    world: Any, django_capture_on_commit_callbacks: Any
) -> None:
    ev = EvidenceFactory(assessment=world.own, content=five_page_pdf())
    rev = ev.current_revision
    with (
        mock.patch.object(preview_build_task, "delay"),
        django_capture_on_commit_callbacks(execute=True),
    ):
        preview = preview_queue(revision=rev)
    real_render = build.pdf_render

    def render_and_ask(*args: Any) -> Any:
        pages = real_render(*args)
        # A reader asks for two more pages while the first run is rendering.
        preview_pages_request(preview=preview, upto=5)
        return pages

    with mock.patch.object(build, "pdf_render", side_effect=render_and_ask):
        assert build.preview_build(revision_pk=rev.pk) is True  # must run again
    preview.refresh_from_db()
    assert (preview.status, preview.pages_wanted, preview.pages.count()) == ("queued", 5, 3)
    assert build.preview_build(revision_pk=rev.pk) is False
    preview.refresh_from_db()
    assert (preview.status, preview.pages.count()) == ("done", 5)
    # Asking again for what is shown queues nothing; asking past the end is bounded.
    with (
        mock.patch.object(preview_build_task, "delay") as delay,
        django_capture_on_commit_callbacks(execute=True),
    ):
        preview_pages_request(preview=preview, upto=5)
        preview_pages_request(preview=preview, upto=500)
    assert delay.call_count == 0
    preview.refresh_from_db()
    assert (preview.status, preview.pages_wanted) == ("done", 5)


def test_page_limit_bounds_what_readers_may_ask(
    world: Any, settings: Any, django_capture_on_commit_callbacks: Any
) -> None:
    settings.PREVIEW_MAX_PAGES = 4
    rev = _queued(world, five_page_pdf(), django_capture_on_commit_callbacks)
    preview = RevisionPreview.objects.get(revision=rev)
    with django_capture_on_commit_callbacks(execute=True):
        preview_pages_request(preview=preview, upto=5)
    preview.refresh_from_db()
    assert (preview.page_count, preview.pages_wanted, preview.pages.count()) == (5, 4, 4)


def test_command_builds_previews_of_documents_that_have_none(
    world: Any, django_capture_on_commit_callbacks: Any
) -> None:
    old = EvidenceFactory(assessment=world.own, content=five_page_pdf())
    link_free = EvidenceFactory(assessment=world.own, content=pdf_bytes("lama"))
    EvidenceFactory(assessment=world.own, content=pdf_bytes("hapus"), deleted=True)
    with django_capture_on_commit_callbacks(execute=True):
        call_command("build_previews", stdout=mock.MagicMock())
    done = RevisionPreview.objects.filter(status="done")
    assert set(done.values_list("revision__evidence", flat=True)) == {old.pk, link_free.pk}
    assert RevisionPreview.objects.count() == 2  # the deleted document is left alone
    first_page = done.get(revision__evidence=old).pages.get(number=1).image.name
    with django_capture_on_commit_callbacks(execute=True):
        call_command("build_previews", "--all", stdout=mock.MagicMock())
    assert RevisionPreview.objects.filter(status="done").count() == 2
    assert not default_storage.exists(first_page)  # the old images went with the old rows


def test_admin_action_rebuilds_a_failed_preview(
    world: Any, django_capture_on_commit_callbacks: Any
) -> None:
    from django.contrib.auth.models import User
    from django.test import Client

    rev = _queued(world, b"%PDF-1.4\n" + b"\x00rusak" * 50, django_capture_on_commit_callbacks)
    preview = RevisionPreview.objects.get(revision=rev)
    assert preview.status == "failed"
    # The stored file is fixed (say, restored from a backup); the admin builds again.
    with default_storage.open(rev.file.name, "wb") as fh:
        fh.write(five_page_pdf())
    client = Client()
    client.force_login(User.objects.create_superuser("root", "root@example.com", "x"))
    with django_capture_on_commit_callbacks(execute=True):
        resp = client.post(
            "/admin/evidence_preview/revisionpreview/",
            {"action": "rebuild", "_selected_action": [preview.pk]},
        )
    assert resp.status_code == 302
    fresh = RevisionPreview.objects.get(revision=rev)
    assert (fresh.status, fresh.page_count, fresh.pages.count()) == ("done", 5, 3)
