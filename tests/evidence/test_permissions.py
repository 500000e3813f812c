"""Permission matrix: every evidence URL x persona x own/sibling/other unit x assessment status.

404 for objects the persona may not see, 403 (with the rules' reason) for actions they may not
take, a redirect (302) or 200 when allowed. Each case compares the whole persona row at once so a
failure shows every mismatch.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from evidence.models import Comment, Evidence
from tests.conftest import PERSONAS
from tests.evidence.conftest import question_in_area, set_status
from tests.factories import (
    CommentFactory,
    EvidenceFactory,
    EvidenceLinkFactory,
    ReviewFlagFactory,
    pdf_bytes,
)
from zi_portal.models import Assessment

pytestmark = pytest.mark.django_db

TK, TKR, TPI, PIM, PIMI, ADM, OUT = PERSONAS


@dataclass(frozen=True)
class Scenario:
    name: str
    target: str  # own | sibling | other
    status: str
    area: int
    flagged: bool = False

    @property
    def editable(self) -> bool:
        return self.status == Assessment.Status.DRAFT or (
            self.status == Assessment.Status.REVISION and self.flagged
        )


D, S, R = Assessment.Status.DRAFT, Assessment.Status.SUBMITTED, Assessment.Status.REVISION
WRITE_SCENARIOS = [
    Scenario("own-draft-area1", "own", D, 1),
    Scenario("own-draft-area3", "own", D, 3),
    Scenario("own-submitted", "own", S, 1),
    Scenario("own-revision-unflagged", "own", R, 1),
    Scenario("own-revision-flagged", "own", R, 1, flagged=True),
    Scenario("own-revision-flagged-area3", "own", R, 3, flagged=True),
    Scenario("sibling-draft", "sibling", D, 1),
    Scenario("other-draft", "other", D, 1),
]
READ_SCENARIOS = [
    Scenario("own-draft", "own", D, 1),
    Scenario("own-submitted", "own", S, 1),
    Scenario("sibling-draft", "sibling", D, 1),
    Scenario("other-draft", "other", D, 1),
]


def expected_unit_write(sc: Scenario, persona: str) -> int:
    if sc.target == "other" or persona == OUT:
        return 404
    if sc.target == "sibling":
        return 403 if persona in (PIMI, ADM) else 404
    if persona == TK:
        return 302 if sc.editable else 403
    if persona == TKR:
        return 302 if sc.editable and sc.area in (1, 2) else 403
    return 403


def expected_comment(sc: Scenario, persona: str) -> int:
    if sc.target == "other" or persona == OUT:
        return 404
    if sc.target == "sibling":
        return {PIMI: 403, ADM: 302}.get(persona, 404)
    return 403 if persona == PIMI else 302


def expected_publish(sc: Scenario, persona: str) -> int:
    """The unit-side rule for tim kerja (area, status, flags in revision); admins in any status."""
    if persona == ADM and sc.target != "other":
        return 302
    return expected_unit_write(sc, persona)


def expected_restore(sc: Scenario, persona: str) -> int:
    # Deleted evidence is invisible (404) to everyone but admins.
    if sc.target == "other":
        return 404
    return 302 if persona == ADM else 404


def expected_read(sc: Scenario, persona: str) -> int:
    if sc.target == "other" or persona == OUT:
        return 404
    if sc.target == "sibling":
        return 200 if persona in (PIMI, ADM) else 404
    return 200


def expected_read_deleted(sc: Scenario, persona: str) -> int:
    if sc.target == "other":
        return 404
    return 200 if persona == ADM else 404


@dataclass
class Ctx:
    world: Any
    assessment: Assessment
    question: Any
    other_question: Any


def _setup(world: Any, sc: Scenario) -> Ctx:
    assessment = getattr(world, sc.target)
    set_status(assessment, sc.status)
    question = question_in_area(assessment, sc.area)
    if sc.flagged:
        ReviewFlagFactory(assessment=assessment, question=question)
    return Ctx(world, assessment, question, question_in_area(assessment, 1, index=5))


def _upload(c: Client, ctx: Ctx, persona: str) -> int:
    url = reverse("evidence:upload", args=[ctx.assessment.pk, ctx.question.code])
    f = SimpleUploadedFile(f"{persona}.pdf", pdf_bytes(persona))
    return c.post(url, {"documents": [f]}).status_code


def _link(c: Client, ctx: Ctx, persona: str) -> int:
    url = reverse("evidence:link-add", args=[ctx.assessment.pk, ctx.question.code])
    return c.post(url, {"url": f"https://zi.example.go.id/{persona}", "title": "x"}).status_code


def _attach(c: Client, ctx: Ctx, persona: str) -> int:
    ev = EvidenceFactory(
        assessment=ctx.assessment, questions=[ctx.other_question], title=f"lampiran {persona}"
    )
    url = reverse("evidence:attach", args=[ctx.assessment.pk, ctx.question.code])
    return c.post(url, {"evidence": ev.pk}).status_code


def _attach_list(c: Client, ctx: Ctx, persona: str) -> int:
    EvidenceFactory(assessment=ctx.assessment, questions=[ctx.other_question], title="lain")
    url = reverse("evidence:attach-list", args=[ctx.assessment.pk, ctx.question.code])
    return c.get(url).status_code


def expected_attach_list(sc: Scenario, persona: str) -> int:
    """Opening the attach-existing list: as attaching, but a page (200) instead of a redirect."""
    status = expected_unit_write(sc, persona)
    return 200 if status == 302 else status


def _fresh(ctx: Ctx, persona: str, **kw: Any) -> Evidence:
    return EvidenceFactory(
        assessment=ctx.assessment, questions=[ctx.question], title=f"bukti {persona}", **kw
    )


def _replace(c: Client, ctx: Ctx, persona: str) -> int:
    ev = _fresh(ctx, persona)
    url = reverse("evidence:replace", args=[ctx.assessment.pk, ev.pk])
    f = SimpleUploadedFile("baru.pdf", pdf_bytes(f"baru {persona}"))
    return c.post(url, {"file": f, "q": ctx.question.code}).status_code


def _replace_link(c: Client, ctx: Ctx, persona: str) -> int:
    """A link has no file to replace: refused people get 403 before any message about that."""
    ev = EvidenceLinkFactory(assessment=ctx.assessment, questions=[ctx.question])
    url = reverse("evidence:replace", args=[ctx.assessment.pk, ev.pk])
    f = SimpleUploadedFile("baru.pdf", pdf_bytes(f"baru {persona}"))
    with_file = c.post(url, {"file": f, "q": ctx.question.code}).status_code
    without_file = c.post(url, {"q": ctx.question.code}).status_code
    assert with_file == without_file, (with_file, without_file)
    return with_file


def _delete(c: Client, ctx: Ctx, persona: str) -> int:
    ev = _fresh(ctx, persona)
    return c.post(reverse("evidence:delete", args=[ctx.assessment.pk, ev.pk])).status_code


def _publish(c: Client, ctx: Ctx, persona: str) -> int:
    ev = _fresh(ctx, persona)
    url = reverse("evidence:publish", args=[ctx.assessment.pk, ev.pk])
    return c.post(url, {"is_public": "1"}).status_code


def _validity(c: Client, ctx: Ctx, persona: str) -> int:
    """The "masa berlaku" edit: whoever may replace the document (valid dates)."""
    ev = _fresh(ctx, persona)
    url = reverse("evidence:validity", args=[ctx.assessment.pk, ev.pk])
    data = {"effective_from": "2026-01-01", "effective_until": "2027-01-01", "q": ctx.question.code}
    return c.post(url, data).status_code


def _validity_invalid(c: Client, ctx: Ctx, persona: str) -> int:
    """Bad dates (end before start): the refusal still outranks the input error."""
    ev = _fresh(ctx, persona)
    url = reverse("evidence:validity", args=[ctx.assessment.pk, ev.pk])
    data = {"effective_from": "2027-01-01", "effective_until": "2026-01-01", "q": ctx.question.code}
    return c.post(url, data).status_code


def _restore(c: Client, ctx: Ctx, persona: str) -> int:
    ev = _fresh(ctx, persona, deleted_by=ctx.world.users[TK])
    return c.post(reverse("evidence:restore", args=[ctx.assessment.pk, ev.pk])).status_code


def _comment(c: Client, ctx: Ctx, persona: str) -> int:
    url = reverse("evidence:comment-add", args=[ctx.assessment.pk, ctx.question.code])
    return c.post(url, {"body": f"catatan {persona}"}).status_code


def _resolve(c: Client, ctx: Ctx, persona: str) -> int:
    cm = CommentFactory(assessment=ctx.assessment, question=ctx.question, body="x")
    url = reverse("evidence:comment-resolve", args=[ctx.assessment.pk, cm.pk])
    return c.post(url).status_code


def _download(c: Client, ctx: Ctx, persona: str) -> int:
    ev = _fresh(ctx, persona)
    return c.get(
        reverse("evidence:download", args=[ctx.assessment.pk, ev.pk, ev.current_revision_id])
    ).status_code


def _download_deleted(c: Client, ctx: Ctx, persona: str) -> int:
    ev = _fresh(ctx, persona, deleted_by=ctx.world.users[TK])
    return c.get(
        reverse("evidence:download", args=[ctx.assessment.pk, ev.pk, ev.current_revision_id])
    ).status_code


def _panel(c: Client, ctx: Ctx, persona: str) -> int:
    url = reverse("evidence:panel", args=[ctx.assessment.pk, ctx.question.code])
    return c.get(url).status_code


Action = Callable[[Client, Ctx, str], int]
Expect = Callable[[Scenario, str], int]
CASES: list[tuple[str, Action, Expect, list[Scenario]]] = [
    ("upload", _upload, expected_unit_write, WRITE_SCENARIOS),
    ("link", _link, expected_unit_write, WRITE_SCENARIOS),
    ("attach", _attach, expected_unit_write, WRITE_SCENARIOS),
    ("attach-list", _attach_list, expected_attach_list, WRITE_SCENARIOS),
    ("replace", _replace, expected_unit_write, WRITE_SCENARIOS),
    ("replace-link", _replace_link, expected_unit_write, WRITE_SCENARIOS),
    ("delete", _delete, expected_unit_write, WRITE_SCENARIOS),
    ("publish", _publish, expected_publish, WRITE_SCENARIOS),
    ("validity", _validity, expected_unit_write, WRITE_SCENARIOS),
    ("validity-invalid", _validity_invalid, expected_unit_write, WRITE_SCENARIOS),
    ("restore", _restore, expected_restore, READ_SCENARIOS),
    ("comment", _comment, expected_comment, READ_SCENARIOS),
    ("resolve", _resolve, expected_comment, READ_SCENARIOS),
    ("download", _download, expected_read, READ_SCENARIOS),
    ("download-deleted", _download_deleted, expected_read_deleted, READ_SCENARIOS),
    ("panel", _panel, expected_read, READ_SCENARIOS),
]
PARAMS = [
    pytest.param(action, expect, sc, id=f"{name}-{sc.name}")
    for name, action, expect, scenarios in CASES
    for sc in scenarios
]


@pytest.mark.parametrize(("action", "expect", "scenario"), PARAMS)
def test_permission_matrix(world: Any, action: Action, expect: Expect, scenario: Scenario) -> None:
    ctx = _setup(world, scenario)
    got = {p: action(world.client(p), ctx, p) for p in PERSONAS}
    want = {p: expect(scenario, p) for p in PERSONAS}
    assert got == want


def test_refusal_carries_the_rules_reason(world: Any) -> None:
    q3 = question_in_area(world.own, 3)
    resp = world.client(TKR).post(
        reverse("evidence:upload", args=[world.own.pk, q3.code]),
        {"documents": [SimpleUploadedFile("a.pdf", pdf_bytes())]},
    )
    assert resp.status_code == 403
    assert "di luar area Anda" in resp.content.decode()
    assert Evidence.objects.count() == 0


def test_successful_writes_really_happened(world: Any) -> None:
    """The 302s of the matrix are real effects, not silent no-ops."""
    q1 = question_in_area(world.own, 1)
    c = world.client(TK)
    ev = EvidenceFactory(assessment=world.own, questions=[q1])
    c.post(reverse("evidence:publish", args=[world.own.pk, ev.pk]), {"is_public": "1"})
    ev.refresh_from_db()
    assert ev.is_public
    c.post(reverse("evidence:publish", args=[world.own.pk, ev.pk]), {})
    ev.refresh_from_db()
    assert not ev.is_public
    c.post(reverse("evidence:delete", args=[world.own.pk, ev.pk]))
    ev.refresh_from_db()
    assert ev.deleted_by == world.users[TK]
    c.post(reverse("evidence:comment-add", args=[world.own.pk, q1.code]), {"body": "Cek"})
    cm = Comment.objects.get()
    assert cm.author == world.users[TK] and cm.body == "Cek"
    world.client(TPI).post(reverse("evidence:comment-resolve", args=[world.own.pk, cm.pk]))
    cm.refresh_from_db()
    assert cm.resolved
