"""Evidence selectors: counts in one query, deleted evidence hidden, the panel's flags."""

from __future__ import annotations

from typing import Any

import pytest
from django.http import Http404

from evidence import services
from evidence.selectors import (
    evidence_counts,
    evidence_get_for_user,
    open_comment_counts,
    question_panel,
)
from tests.evidence.conftest import set_status, upload
from tests.factories import CommentFactory, EvidenceFactory, ReviewFlagFactory, pdf_bytes
from zi_portal.access import access_for
from zi_portal.models import Assessment

pytestmark = pytest.mark.django_db


def test_counts_one_query_each(
    world: Any, q1: Any, q1b: Any, q3: Any, django_assert_num_queries: Any
) -> None:
    a = EvidenceFactory(assessment=world.own, questions=[q1], title="a")
    EvidenceFactory(assessment=world.own, questions=[q1], title="b")
    EvidenceFactory(
        assessment=world.own, questions=[q3], title="c", deleted_by=world.users["tim_kerja"]
    )
    services.evidence_attach_existing(actor=world.users["tim_kerja"], evidence=a, question=q1b)
    EvidenceFactory(assessment=world.other, questions=[q1], title="lain")
    CommentFactory(assessment=world.own, question=q1, body="1")
    CommentFactory(assessment=world.own, question=q1, body="2", resolved=True)
    CommentFactory(assessment=world.own, question=q3, body="3")
    CommentFactory(assessment=world.other, question=q3, body="4")
    with django_assert_num_queries(1):
        counts = evidence_counts(assessment=world.own)
    with django_assert_num_queries(1):
        comments = open_comment_counts(assessment=world.own)
    assert counts == {q1.pk: 2, q1b.pk: 1}
    assert comments == {q1.pk: 1, q3.pk: 1}


def test_deleted_evidence_is_404_except_for_admins(world: Any, q1: Any) -> None:
    ev = EvidenceFactory(assessment=world.own, questions=[q1], deleted_by=world.users["tim_kerja"])
    for persona in ("tim_kerja", "tpi", "pimpinan", "pimpinan_instansi"):
        with pytest.raises(Http404):
            evidence_get_for_user(user=world.users[persona], pk=ev.pk)
    got, access = evidence_get_for_user(user=world.users["admin"], pk=ev.pk)
    assert got == ev and access.can_view
    with pytest.raises(Http404):
        evidence_get_for_user(
            user=world.users["outsider"],
            pk=EvidenceFactory(assessment=world.own, questions=[q1]).pk,
        )


def test_panel_lists_revisions_newest_first_and_flags(world: Any, q1: Any) -> None:
    user = world.users["tim_kerja"]
    ev = services.evidence_upload(
        actor=user, assessment=world.own, question=q1, uploaded_file=upload("a.pdf", pdf_bytes())
    )
    services.evidence_replace(
        actor=user, evidence=ev, uploaded_file=upload("b.pdf", pdf_bytes("dua"))
    )
    access = access_for(user, world.own)
    panel = question_panel(user=user, assessment=world.own, access=access, question=q1)
    (item,) = panel["items"]
    assert [r.number for r in item.revisions] == [2, 1]
    assert item.write_reason is None
    assert panel["can_upload"] and panel["can_comment"] and item.can_publish
    assert panel["deleted_items"] == []
    set_status(world.own, Assessment.Status.REVISION)
    panel = question_panel(user=user, assessment=world.own, access=access, question=q1)
    assert not panel["can_upload"]
    assert "ditandai TPI" in panel["upload_reason"]
    assert "ditandai TPI" in panel["items"][0].write_reason
    ReviewFlagFactory(assessment=world.own, question=q1)
    panel = question_panel(user=user, assessment=world.own, access=access, question=q1)
    assert panel["can_upload"]


def test_publish_switch_follows_the_rule_per_document(world: Any, q1: Any) -> None:
    """Submitted: the tim kerja's switch is hidden with the reason; the admin keeps it."""
    ev = EvidenceFactory(assessment=world.own, questions=[q1])
    set_status(world.own, Assessment.Status.SUBMITTED)
    tk = world.users["tim_kerja"]
    panel = question_panel(
        user=tk, assessment=world.own, access=access_for(tk, world.own), question=q1
    )
    (item,) = panel["items"]
    assert item.evidence == ev and not item.can_publish
    assert item.publish_note is not None and "hanya dapat diubah oleh admin" in item.publish_note
    admin = world.users["admin"]
    panel = question_panel(
        user=admin, assessment=world.own, access=access_for(admin, world.own), question=q1
    )
    (item,) = panel["items"]
    assert item.can_publish and item.publish_note is None
    # People who never publish are not told so on every row.
    tpi = world.users["tpi"]
    panel = question_panel(
        user=tpi, assessment=world.own, access=access_for(tpi, world.own), question=q1
    )
    (item,) = panel["items"]
    assert not item.can_publish and item.publish_note is None
