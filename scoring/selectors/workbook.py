"""Reads behind the official workbook in the browser: who may import into which side, and the
notes and evidence links an export writes next to each answer.

The links are absolute URLs of this portal only (``PORTAL_BASE_URL``, as in the e-mails): a
published file links to its public download (``/zi/<slug>/dokumen/<id>/``), any other file to
its permission-checked download, a web link (kind "link") to the question page that shows it.
The URL a link-type document points to is never written: an export holds nothing from elsewhere.
"""

from __future__ import annotations

from collections import defaultdict

from django.conf import settings
from django.urls import reverse

from evidence.models import Evidence, EvidenceAttachment
from scoring.models import Answer, Side
from scoring.rules import workbook_import_refusal
from zi_portal.access import AnyUser
from zi_portal.models import Assessment


def portal_url(path: str) -> str:
    """``path`` on this portal, absolute (the base URL the notification e-mails use too)."""
    return str(getattr(settings, "PORTAL_BASE_URL", "http://localhost:8000")).rstrip("/") + path


def workbook_import_sides(*, user: AnyUser, assessment: Assessment) -> list[str]:
    """The sides this user may import a workbook into now (the rule of `lke import`)."""
    return [
        side
        for side in (Side.UNIT, Side.TPI)
        if workbook_import_refusal(assessment=assessment, side=side, actor=user) is None
    ]


def _evidence_url(assessment: Assessment, evidence: Evidence, code: str) -> str | None:
    if evidence.kind == Evidence.Kind.LINK:
        return portal_url(reverse("scoring:question", args=[assessment.pk, code]))
    revision_id = evidence.current_revision_id
    if revision_id is None:
        return None
    if evidence.is_public and assessment.unit.parent_id is not None:
        return portal_url(reverse("public:document", args=[assessment.unit.slug, evidence.pk]))
    return portal_url(reverse("evidence:download", args=[assessment.pk, evidence.pk, revision_id]))


def workbook_notes(*, assessment: Assessment, side: str) -> dict[str, str]:
    """The notes of one side's answers by question code (empty notes left out)."""
    return dict(
        Answer.objects.filter(assessment=assessment, side=side)
        .exclude(note="")
        .values_list("question__code", "note")
    )


def workbook_links(*, assessment: Assessment) -> dict[str, list[str]]:
    """The portal URLs of the unit's documents attached to each question (not deleted), in the
    order they were attached, without repeats."""
    links: dict[str, list[str]] = defaultdict(list)
    attachments = (
        EvidenceAttachment.objects.filter(
            evidence__assessment=assessment, evidence__deleted_at__isnull=True
        )
        .select_related("evidence", "question")
        .order_by("attached_at", "pk")
    )
    for att in attachments:
        code = att.question.code
        url = _evidence_url(assessment, att.evidence, code)
        if url and url not in links[code]:
            links[code].append(url)
    return dict(links)
