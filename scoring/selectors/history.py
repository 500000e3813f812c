"""The Riwayat tabs: who changed what and when, per question and per assessment.

Merges django-auditlog entries (answers, evidence and its revisions and attachments, comments,
review flags of the assessment) with the explicit workflow events (AssessmentEvent) into one list,
newest first, worded in Indonesian. Assessment rows of auditlog are left out here: every status
change already has its AssessmentEvent, which also says who acted and why.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from auditlog.models import LogEntry
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db.models import Model, Q, QuerySet
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from areas.models import Question
from evidence.models import Comment, Evidence, EvidenceAttachment, EvidenceRevision, ReviewFlag
from scoring.models import Answer, AssessmentEvent, Side
from zi_portal.models import Assessment

DEFAULT_LIMIT = 300

FIELD_LABELS: dict[str, Any] = {
    "choice": gettext_lazy("jawaban"),
    "counts": gettext_lazy("jumlah"),
    "index_value": gettext_lazy("nilai indeks"),
    "note": gettext_lazy("catatan"),
    "answered_by": gettext_lazy("dijawab oleh"),
    "version": gettext_lazy("versi"),
    "side": gettext_lazy("sisi"),
    "status": gettext_lazy("status"),
    "recommendation": gettext_lazy("rekomendasi"),
    "body": gettext_lazy("isi"),
    "resolved": gettext_lazy("selesai"),
    "resolved_at": gettext_lazy("diselesaikan pada"),
    "resolved_by": gettext_lazy("diselesaikan oleh"),
    "title": gettext_lazy("judul"),
    "url": gettext_lazy("tautan"),
    "deleted_at": gettext_lazy("dihapus pada"),
    "deleted_by": gettext_lazy("dihapus oleh"),
    "is_public": gettext_lazy("publik"),
    "original_name": gettext_lazy("nama berkas"),
    "sha256": "sha256",
    "size": gettext_lazy("ukuran"),
    "current_revision": gettext_lazy("revisi terkini"),
}
# Bookkeeping fields that say nothing to a reader of the tab.
HIDDEN_FIELDS = {
    "id",
    "assessment",
    "question",
    "evidence",
    "created_at",
    "uploaded_at",
    "attached_at",
    "file",
    "content_type",
    "number",
    "side",
    "created_by",
    "author",
    "uploaded_by",
    "attached_by",
}
USER_FIELDS = {"answered_by", "resolved_by", "deleted_by", "signed_off_by", "granted_by"}
TIME_FIELDS = {"resolved_at", "deleted_at", "signed_off_at"}

EVENT_LABELS: dict[str, Any] = {
    "sign_off": gettext_lazy("Disetujui pimpinan unit"),
    "submit": gettext_lazy("Diajukan ke TPI"),
    "resubmit": gettext_lazy("Diajukan ulang ke TPI"),
    "review_started": gettext_lazy("Evaluasi TPI dimulai"),
    "return": gettext_lazy("Dikembalikan untuk perbaikan"),
    "finalise": gettext_lazy("Evaluasi TPI selesai"),
    "window_extended": gettext_lazy("Jadwal diperpanjang"),
    "workbook_import": gettext_lazy("Workbook LKE ZI diimpor"),
}
ACTION_LABELS: dict[int, Any] = {
    LogEntry.Action.CREATE: gettext_lazy("dibuat"),
    LogEntry.Action.UPDATE: gettext_lazy("diubah"),
    LogEntry.Action.DELETE: gettext_lazy("dihapus"),
}


@dataclass(frozen=True)
class Change:
    field: str
    old: str
    new: str


@dataclass
class HistoryEntry:
    when: datetime.datetime
    who: str
    what: str
    action: str
    changes: list[Change] = field(default_factory=list)
    note: str = ""
    kind: str = "audit"  # audit | event


def _who(user: Any) -> str:
    if user is None:
        return _("sistem")
    return str(user.get_full_name() or user.get_username())


def _value(name: str, raw: Any, users: dict[str, str]) -> str:
    if raw in (None, "None", "", "{}", "[]"):
        return "-"
    text = str(raw)
    if name in USER_FIELDS:
        return users.get(text, text)
    if name in TIME_FIELDS:
        try:
            moment = datetime.datetime.fromisoformat(text)
        except ValueError:
            return text
        if timezone.is_naive(moment):
            moment = timezone.make_aware(moment, datetime.UTC)
        return date_format(timezone.localtime(moment), "j M Y H:i")
    if name == "status":
        try:
            return str(Assessment.Status(text).label)
        except ValueError:
            return text
    if name == "recommendation":
        try:
            return str(Assessment.Recommendation(text).label)
        except ValueError:
            return text
    if name in ("resolved", "is_public"):
        return _("ya") if text in ("True", "true", "1") else _("tidak")
    return text


def _changes(entry: LogEntry, users: dict[str, str]) -> list[Change]:
    out: list[Change] = []
    for name, pair in (entry.changes_dict or {}).items():
        if name in HIDDEN_FIELDS:
            continue
        if isinstance(pair, dict):  # many-to-many: {"type": "m2m", "operation", "objects"}
            objects = ", ".join(str(o) for o in pair.get("objects", []))
            op = _("ditambah") if pair.get("operation") == "add" else _("dikurangi")
            out.append(Change(str(FIELD_LABELS.get(name, name)), op, objects))
            continue
        old, new = [*pair, None, None][:2] if isinstance(pair, list) else (None, pair)
        change = Change(
            str(FIELD_LABELS.get(name, name)), _value(name, old, users), _value(name, new, users)
        )
        if change.old == change.new:  # e.g. an empty field on creation: nothing to say
            continue
        out.append(change)
    return out


def _user_names(entries: list[LogEntry]) -> dict[str, str]:
    """Names of the users that user fields of these entries point to, in one query."""
    ids: set[int] = set()
    for e in entries:
        for name, pair in (e.changes_dict or {}).items():
            if name in USER_FIELDS and isinstance(pair, list):
                ids.update(int(v) for v in pair if isinstance(v, str) and v.isdigit())
    if not ids:
        return {}
    return {
        str(u.pk): str(u.get_full_name() or u.get_username())
        for u in get_user_model().objects.filter(pk__in=ids)
    }


def _ct(model: type[Model]) -> ContentType:
    return ContentType.objects.get_for_model(model)


def _entries(query: Q, labels: dict[tuple[int, int], str], limit: int) -> list[HistoryEntry]:
    rows: QuerySet[LogEntry] = (
        LogEntry.objects.filter(query).select_related("actor").order_by("-timestamp", "-pk")
    )
    out: list[HistoryEntry] = []
    entries = list(rows[:limit])
    users = _user_names(entries)
    for e in entries:
        what = labels.get((e.content_type_id, int(e.object_id or 0))) or e.object_repr
        changes = _changes(e, users)
        if e.action == LogEntry.Action.UPDATE and not changes:
            continue
        out.append(
            HistoryEntry(
                when=e.timestamp,
                who=_who(e.actor),
                what=what,
                action=str(ACTION_LABELS.get(e.action, "")),
                changes=changes,
            )
        )
    return out


def _labels(
    answers: QuerySet[Answer], flags: QuerySet[ReviewFlag], comments: QuerySet[Comment]
) -> dict[tuple[int, int], str]:
    """What each audited row is, in words: "Jawaban TPI A.I.1.i.a", "Catatan perbaikan ..."."""
    sides = dict(Side.choices)
    ct_answer, ct_flag, ct_comment = _ct(Answer), _ct(ReviewFlag), _ct(Comment)
    out = {
        (ct_answer.pk, pk): _("Jawaban %(side)s %(code)s") % {"side": sides[side], "code": code}
        for pk, side, code in answers.values_list("pk", "side", "question__code")
    }
    out.update(
        ((ct_flag.pk, pk), _("Catatan perbaikan %(code)s") % {"code": code})
        for pk, code in flags.values_list("pk", "question__code")
    )
    out.update(
        ((ct_comment.pk, pk), _("Komentar %(code)s") % {"code": code})
        for pk, code in comments.values_list("pk", "question__code")
    )
    return out


def _events(assessment: Assessment, limit: int) -> list[HistoryEntry]:
    out: list[HistoryEntry] = []
    for ev in (
        AssessmentEvent.objects.filter(assessment=assessment)
        .select_related("actor")
        .order_by("-created_at", "-pk")[:limit]
    ):
        changes = []
        if ev.from_status != ev.to_status:
            changes.append(
                Change(
                    _("status"),
                    _value("status", ev.from_status, {}),
                    _value("status", ev.to_status, {}),
                )
            )
        out.append(
            HistoryEntry(
                when=ev.created_at,
                who=_who(ev.actor),
                what=str(EVENT_LABELS.get(ev.action, ev.action)),
                action=_("alur kerja"),
                changes=changes,
                note=ev.note,
                kind="event",
            )
        )
    return out


def history_for_question(
    assessment: Assessment, question: Question, *, limit: int = DEFAULT_LIMIT
) -> list[HistoryEntry]:
    """Answers (both sides), evidence attached to it, comments and flags of one question."""
    answers = Answer.objects.filter(assessment=assessment, question=question)
    attachments = EvidenceAttachment.objects.filter(
        evidence__assessment=assessment, question=question
    )
    evidence_ids = attachments.values("evidence_id")
    comments = Comment.objects.filter(assessment=assessment, question=question)
    flags = ReviewFlag.objects.filter(assessment=assessment, question=question)
    ct_answer, ct_ev, ct_rev, ct_att, ct_comment, ct_flag = (
        _ct(m)
        for m in (Answer, Evidence, EvidenceRevision, EvidenceAttachment, Comment, ReviewFlag)
    )
    query = (
        Q(content_type=ct_answer, object_id__in=answers.values("pk"))
        | Q(content_type=ct_ev, object_id__in=evidence_ids)
        | Q(
            content_type=ct_rev,
            object_id__in=EvidenceRevision.objects.filter(evidence_id__in=evidence_ids).values(
                "pk"
            ),
        )
        | Q(content_type=ct_att, object_id__in=attachments.values("pk"))
        | Q(content_type=ct_comment, object_id__in=comments.values("pk"))
        | Q(content_type=ct_flag, object_id__in=flags.values("pk"))
    )
    return _entries(query, _labels(answers, flags, comments), limit)


def history_for_assessment(
    assessment: Assessment, *, limit: int = DEFAULT_LIMIT
) -> list[HistoryEntry]:
    """Everything audited on the assessment's answers, evidence, comments and flags, plus the
    workflow events, newest first."""
    answers = Answer.objects.filter(assessment=assessment)
    evidence = Evidence.objects.filter(assessment=assessment)
    comments = Comment.objects.filter(assessment=assessment)
    flags = ReviewFlag.objects.filter(assessment=assessment)
    ct_answer, ct_ev, ct_rev, ct_att, ct_comment, ct_flag = (
        _ct(m)
        for m in (Answer, Evidence, EvidenceRevision, EvidenceAttachment, Comment, ReviewFlag)
    )
    query = (
        Q(content_type=ct_answer, object_id__in=answers.values("pk"))
        | Q(content_type=ct_ev, object_id__in=evidence.values("pk"))
        | Q(
            content_type=ct_rev,
            object_id__in=EvidenceRevision.objects.filter(evidence__assessment=assessment).values(
                "pk"
            ),
        )
        | Q(
            content_type=ct_att,
            object_id__in=EvidenceAttachment.objects.filter(evidence__assessment=assessment).values(
                "pk"
            ),
        )
        | Q(content_type=ct_comment, object_id__in=comments.values("pk"))
        | Q(content_type=ct_flag, object_id__in=flags.values("pk"))
    )
    merged = _entries(query, _labels(answers, flags, comments), limit) + _events(assessment, limit)
    merged.sort(key=lambda e: e.when, reverse=True)
    return merged[:limit]
