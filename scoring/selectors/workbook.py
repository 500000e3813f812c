"""Reads behind the official workbook in the browser: who may import into which side, and the
notes and evidence links an export writes next to each answer.

The links are absolute URLs of this portal only (``PORTAL_BASE_URL``, as in the e-mails): a
published file links to its public download (``/zi/<slug>/dokumen/<id>/``), any other file to
its permission-checked download, a web link (kind "link") to the question page that shows it.
The URL a link-type document points to is never written, and a URL to anywhere else inside a
note is replaced by a marker (the note on the portal keeps it): an export holds no foreign URL.
"""

from __future__ import annotations

import re
from collections import defaultdict

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _

from evidence.models import Evidence, EvidenceAttachment
from scoring.models import Answer, Side
from scoring.rules import workbook_import_refusal
from zi_portal.access import AnyUser, access_for
from zi_portal.models import Assessment, Role
from zi_portal.refusals import refuse_if


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


def workbook_import_sides_or_refuse(
    *, user: AnyUser, assessment: Assessment, side: str | None = None
) -> list[str]:
    """The sides of the import page. Refused when ``side`` (the side asked for) is not one of
    them, or when there is none (the refusal of the TPI's side for a TPI, else the unit's)."""
    sides = workbook_import_sides(user=user, assessment=assessment)
    wanted = side if side in Side.values else None
    if (wanted not in sides) if wanted else not sides:
        default = Side.TPI if access_for(user, assessment).has(Role.TPI) else Side.UNIT
        refuse_if(
            workbook_import_refusal(assessment=assessment, side=wanted or default, actor=user),
            assessment=assessment,
        )
    return sides


def _evidence_url(assessment: Assessment, evidence: Evidence, code: str) -> str | None:
    if evidence.kind == Evidence.Kind.LINK:
        return portal_url(reverse("scoring:question", args=[assessment.pk, code]))
    revision_id = evidence.current_revision_id
    if revision_id is None:
        return None
    if evidence.is_public and assessment.unit.parent_id is not None:
        return portal_url(reverse("public:document", args=[assessment.unit.slug, evidence.pk]))
    return portal_url(reverse("evidence:download", args=[assessment.pk, evidence.pk, revision_id]))


_URL = re.compile(r"(?i)\b(?:(?:https?|ftps?)://|www\.)[^\s<>\"']+")


def _scrub(note: str) -> str:
    """The note with every URL that is not this portal's replaced by a marker."""
    own = portal_url("/")
    return _URL.sub(lambda m: m[0] if m[0].startswith(own) else _("[tautan luar dihapus]"), note)


def workbook_notes(*, assessment: Assessment, side: str) -> dict[str, str]:
    """The notes of one side's answers by question code (empty notes left out), without
    foreign URLs."""
    rows = (
        Answer.objects.counted()
        .filter(assessment=assessment, side=side)
        .exclude(note="")
        .values_list("question__code", "note")
    )
    return {code: _scrub(note) for code, note in rows}


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
