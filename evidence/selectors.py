"""Reads of evidence and comments, always in the light of what the user may see and do."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from django.conf import settings
from django.db.models import Count, Prefetch
from django.http import Http404
from django.urls import get_script_prefix, get_urlconf, reverse

from areas.models import Question
from evidence import rules
from evidence.forms import CommentForm, LinkForm, UploadForm
from evidence.models import Comment, Evidence, EvidenceAttachment, EvidenceRevision
from evidence.validation import accept_attribute
from evidence.validity import is_expired, today_jakarta
from zi_portal.access import Access, AnyUser, access_for
from zi_portal.models import Assessment


@dataclass
class EvidenceItem:
    """One document or link as the question panel shows it."""

    evidence: Evidence
    revisions: list[EvidenceRevision]
    other_codes: list[str]
    # Why this user may not replace or delete it now; None when they may.
    write_reason: str | None
    # Why this user may not show or hide it on the public page now (rules.publish_refusal).
    publish_reason: str | None = None
    # The reason the panel shows where the switch would be: only to people who may publish in
    # other circumstances (tim kerja), and not when it repeats write_reason.
    publish_note: str | None = None
    # Past its end date (evidence/validity.py): tagged "Kedaluwarsa sejak ...".
    expired: bool = False
    # The document's action links (replace, validity, delete, publish, restore), the current
    # revision's download link and each revision with its own: one reverse() per URL name.
    urls: dict[str, str] = field(default_factory=dict)
    current_url: str = ""
    revision_links: list[tuple[EvidenceRevision, str]] = field(default_factory=list)
    # The current revision's preview page and inline image (evidence_preview/_toggle.html).
    preview_url: str = ""
    inline_url: str = ""

    @property
    def can_publish(self) -> bool:
        return self.publish_reason is None


@dataclass
class UploadResult:
    """The outcome for one file or action of the last request, shown above the panel."""

    name: str
    ok: bool
    message: str
    duplicate: Evidence | None = None
    extra: dict[str, Any] = field(default_factory=dict)


# No pk reaches these: they mark where a pk goes.
_SLOTS = (1_999_999_001, 1_999_999_002, 1_999_999_003)


class _UrlPattern:
    """A URL reversed once with placeholder pks, then filled in per document: the panel's links
    without a reverse() per document and action (the same text reverse() gives)."""

    def __init__(self, name: str, slots: int) -> None:
        url = reverse(name, args=list(_SLOTS[:slots]))
        self.parts: list[str] = []
        for slot in _SLOTS[:slots]:
            head, url = url.split(str(slot), 1)
            self.parts.append(head)
        self.parts.append(url)

    def __call__(self, *pks: int) -> str:
        out = self.parts[0]
        for pk, part in zip(pks, self.parts[1:], strict=True):
            out += f"{pk}{part}"
        return out


@lru_cache(maxsize=32)
def _cached_pattern(name: str, slots: int, prefix: str, urlconf: Any) -> _UrlPattern:
    return _UrlPattern(name, slots)


def _url_pattern(name: str, slots: int) -> _UrlPattern:
    """The pattern of a URL name, kept per process: reverse() depends only on the name, the
    script prefix and the URLconf of the request, which are the key."""
    return _cached_pattern(name, slots, get_script_prefix(), get_urlconf())


_ACTIONS = ("replace", "validity", "delete", "publish", "restore")


def evidence_get_for_user(*, user: AnyUser, pk: int) -> tuple[Evidence, Access]:
    """The document and the user's access; 404 unless they may see it (deleted: admins only)."""
    evidence = (
        Evidence.objects.select_related(
            "assessment",
            "assessment__unit",
            "assessment__unit__parent",
            "assessment__cycle",
            "assessment__framework",
            "current_revision",
        )
        .filter(pk=pk)
        .first()
    )
    if evidence is None:
        raise Http404
    access = access_for(user, evidence.assessment)
    if not access.can_view:
        raise Http404
    if evidence.is_deleted and not access.is_admin:
        raise Http404
    return evidence, access


def _items(
    *, user: AnyUser, assessment: Assessment, access: Access, question: Question, deleted: bool
) -> list[EvidenceItem]:
    qs = Evidence.objects.filter(
        assessment=assessment,
        attachments__question=question,
        deleted_at__isnull=not deleted,
    )
    if deleted:  # the panel names who deleted a document (admins' list), never who added it
        qs = qs.select_related("deleted_by")
    # The current revision is not joined: it is one of the revisions read with the documents.
    qs = qs.prefetch_related(
        Prefetch(
            "revisions",
            queryset=EvidenceRevision.objects.select_related("uploaded_by").order_by("-number"),
        ),
        Prefetch("questions", queryset=Question.objects.only("id", "code", "position")),
    ).order_by("created_at", "pk")
    reasons: dict[int | None, str | None] = {}

    def reason_for(q: Question | None) -> str | None:
        # evidence_write_refusal's rule (every question a document serves must be open),
        # asked once per question rather than once per document.
        key = q.pk if q is not None else None
        if key not in reasons:
            refusal = rules.unit_side_refusal(access=access, assessment=assessment, question=q)
            reasons[key] = str(refusal) if refusal else None
        return reasons[key]

    items = []
    today = today_jakarta()
    a = assessment.pk
    actions = {name: _url_pattern(f"evidence:{name}", 2) for name in _ACTIONS}
    download = _url_pattern("evidence:download", 3)
    preview = _url_pattern("evidence_preview:preview", 3)
    inline = _url_pattern("evidence_preview:inline", 3)
    for ev in qs:
        revisions = list(ev.revisions.all())
        current = next((r for r in revisions if r.pk == ev.current_revision_id), None)
        if current is not None:
            ev.current_revision = current
        questions: list[Question] = list(ev.questions.all())
        write_reason = None
        checks: list[Question | None] = [*questions] or [None]
        for q in checks:
            write_reason = reason_for(q)
            if write_reason:
                break
        publish = rules.publish_refusal(access=access, assessment=assessment, evidence=ev)
        publish_reason = str(publish) if publish else None
        publish_note = (
            publish_reason
            if publish is not None
            and publish.code != rules.Code.PUBLISH_NOT_ALLOWED
            and publish_reason != write_reason
            else None
        )
        items.append(
            EvidenceItem(
                evidence=ev,
                revisions=revisions,
                other_codes=[q.code for q in questions if q.pk != question.pk],
                write_reason=write_reason,
                publish_reason=publish_reason,
                publish_note=publish_note,
                expired=is_expired(ev, today),
                urls={name: pattern(a, ev.pk) for name, pattern in actions.items()},
                current_url=download(a, ev.pk, ev.current_revision_id)
                if ev.current_revision_id
                else "",
                revision_links=[(r, download(a, ev.pk, r.pk)) for r in revisions],
                preview_url=preview(a, ev.pk, ev.current_revision_id)
                if ev.current_revision_id
                else "",
                inline_url=inline(a, ev.pk, ev.current_revision_id)
                if ev.current_revision_id
                else "",
            )
        )
    return items


def question_panel(
    *,
    user: AnyUser,
    assessment: Assessment,
    access: Access,
    question: Question,
    results: list[UploadResult] | None = None,
) -> dict[str, Any]:
    """Context for templates/evidence/_question_panel.html (included as `panel`)."""
    admin = access.is_admin
    upload = rules.unit_side_refusal(access=access, assessment=assessment, question=question)
    comment = rules.comment_refusal(access=access)
    upload_reason = str(upload) if upload else None
    comment_reason = str(comment) if comment else None
    items = _items(
        user=user, assessment=assessment, access=access, question=question, deleted=False
    )
    deleted_items = (
        _items(user=user, assessment=assessment, access=access, question=question, deleted=True)
        if admin
        else []
    )
    comments = list(
        Comment.objects.filter(assessment=assessment, question=question)
        .select_related("author")
        .order_by("created_at", "pk")
    )
    # The attach-existing list itself is read on demand (attach_candidates, evidence:attach-list):
    # here only whether there is anything to offer, in one EXISTS query.
    can_attach = (
        upload_reason is None
        and Evidence.objects.filter(assessment=assessment, deleted_at__isnull=True)
        .exclude(pk__in=[i.evidence.pk for i in items])
        .exists()
    )
    return {
        "assessment": assessment,
        "question": question,
        "access": access,
        "items": items,
        "deleted_items": deleted_items,
        "comments": comments,
        "open_comments": sum(1 for c in comments if not c.resolved),
        "can_attach": can_attach,
        "upload_form": UploadForm(),
        "link_form": LinkForm(),
        "comment_form": CommentForm(),
        "can_upload": upload_reason is None,
        "upload_reason": upload_reason,
        "can_comment": comment_reason is None,
        "comment_reason": comment_reason,
        "is_admin": admin,
        "results": results or [],
        "max_upload_mb": getattr(settings, "EVIDENCE_MAX_UPLOAD_MB", 50),
        "accept": accept_attribute(),
    }


def attach_candidates(*, assessment: Assessment, question: Question) -> list[Evidence]:
    """The assessment's live documents and links not yet attached to this question, by title (the
    "attach existing" list, loaded when the user opens it). The caller checks the upload rule."""
    return list(
        Evidence.objects.filter(assessment=assessment, deleted_at__isnull=True)
        .exclude(attachments__question=question)
        .select_related("current_revision")
        .only("pk", "title", "current_revision__original_name")
        .order_by("title", "pk")
    )


def evidence_counts(*, assessment: Assessment) -> dict[int, int]:
    """Live documents and links per question id, in one query (for the assessment page); an
    expired document (evidence/validity.py) counts as missing."""
    rows = (
        EvidenceAttachment.objects.filter(
            evidence__assessment=assessment, evidence__deleted_at__isnull=True
        )
        .exclude(evidence__effective_until__lt=today_jakarta())
        .values("question_id")
        .annotate(n=Count("id"))
        .order_by()
    )
    return {r["question_id"]: r["n"] for r in rows}


def open_comment_counts(*, assessment: Assessment) -> dict[int, int]:
    """Unresolved comments per question id, in one query."""
    rows = (
        Comment.objects.filter(assessment=assessment, resolved=False)
        .values("question_id")
        .annotate(n=Count("id"))
        .order_by()
    )
    return {r["question_id"]: r["n"] for r in rows}
