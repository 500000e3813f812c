"""How the audit rows of the Riwayat tabs read: values as the pages render them, and the rows
one evidence action writes told as one sentence (scoring/selectors/history.py merges them)."""

from __future__ import annotations

import ast
import datetime
import json
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from auditlog.models import LogEntry
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db.models import Model, QuerySet
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from areas.models import CountInput
from evidence.models import (
    Evidence,
    EvidenceAttachment,
    EvidenceRevision,
    ReviewFlag,
    RevisionFlag,
)
from scoring.models import Answer
from scoring.selectors.answers import answer_text
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
    "outcome": gettext_lazy("keputusan TPI"),
    "returned_at": gettext_lazy("dikirim ke unit pada"),
    "reply": gettext_lazy("balasan unit"),
    "replied_by": gettext_lazy("dibalas oleh"),
    "replied_at": gettext_lazy("dibalas pada"),
    "title": gettext_lazy("judul"),
    "url": gettext_lazy("tautan"),
    "deleted_at": gettext_lazy("dihapus pada"),
    "deleted_by": gettext_lazy("dihapus oleh"),
    "is_public": gettext_lazy("publik"),
    "original_name": gettext_lazy("nama berkas"),
    "sha256": "sha256",
    "size": gettext_lazy("ukuran"),
    "current_revision": gettext_lazy("revisi terkini"),
    "needs_confirmation": gettext_lazy("perlu dikonfirmasi"),
    "kind": gettext_lazy("jenis"),
    "effective_from": gettext_lazy("berlaku mulai"),
    "effective_until": gettext_lazy("berlaku sampai"),
    "flags": gettext_lazy("peringatan isi berkas"),
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
    "carried_from",  # a database id; "perlu dikonfirmasi" says the answer was carried
}
USER_FIELDS = {
    "answered_by",
    "resolved_by",
    "deleted_by",
    "signed_off_by",
    "granted_by",
    "replied_by",
}
TIME_FIELDS = {"resolved_at", "deleted_at", "signed_off_at", "returned_at", "replied_at"}
DATE_FIELDS = {"effective_from", "effective_until"}
BOOL_FIELDS = {"resolved", "is_public", "needs_confirmation"}

EVENT_LABELS: dict[str, Any] = {
    "sign_off": gettext_lazy("Disetujui pimpinan unit"),
    "submit": gettext_lazy("Diajukan ke TPI"),
    "resubmit": gettext_lazy("Diajukan ulang ke TPI"),
    "review_started": gettext_lazy("Evaluasi TPI dimulai"),
    "return": gettext_lazy("Dikembalikan untuk perbaikan"),
    "finalise": gettext_lazy("Evaluasi TPI selesai"),
    "finalise_confirmed": gettext_lazy("Diselesaikan dengan konfirmasi TPI"),
    "window_extended": gettext_lazy("Jadwal diperpanjang"),
    "workbook_import": gettext_lazy("Workbook LKE ZI diimpor"),
    # The TPN stages recorded by the admin (scoring/lifecycle/services.py).
    "tpn_proposed": gettext_lazy("Diusulkan ke TPN"),
    "tpn_pra_evaluasi": gettext_lazy("Pra-evaluasi TPN"),
    "tpn_desk_evaluasi": gettext_lazy("Evaluasi dokumen TPN"),
    "tpn_evaluasi_lapangan": gettext_lazy("Evaluasi lapangan TPN"),
    "tpn_decided": gettext_lazy("Diputuskan TPN"),
    "tpn_closed": gettext_lazy("Ditutup"),
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


@dataclass
class _Context:
    """What the rows' raw values point to, loaded once per page."""

    users: dict[str, str] = field(default_factory=dict)
    # answer pk -> {count key: label} of its question (the labels the answer form shows)
    inputs: dict[int, dict[str, str]] = field(default_factory=dict)
    # revision pk -> (evidence pk, number, original name)
    revisions: dict[int, tuple[int, int, str]] = field(default_factory=dict)
    # attachment pk -> (evidence pk, question code)
    attachments: dict[int, tuple[int, str]] = field(default_factory=dict)
    # evidence pk -> title
    titles: dict[int, str] = field(default_factory=dict)


def _parse(text: str) -> Any:
    try:
        return json.loads(text)
    except ValueError:
        try:
            return ast.literal_eval(text)
        except (ValueError, SyntaxError):
            return None


def _value(name: str, raw: Any, users: dict[str, str], inputs: dict[str, str] | None = None) -> str:
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
    if name == "counts":
        counts = raw if isinstance(raw, dict) else _parse(text)
        if isinstance(counts, dict):
            return answer_text(Answer(counts=counts), labels=inputs or {})
        return text
    if name == "index_value":
        try:
            return answer_text(Answer(index_value=Decimal(text)))
        except InvalidOperation:
            return text
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
    if name == "outcome":
        try:
            return str(ReviewFlag.Outcome(text).label)
        except ValueError:
            return text
    if name in BOOL_FIELDS:
        return _("ya") if text in ("True", "true", "1") else _("tidak")
    return _other_value(name, raw, text)


def _other_value(name: str, raw: Any, text: str) -> str:
    """The evidence fields in words: its kind, its validity dates, the upload check's warnings."""
    if name in DATE_FIELDS:
        try:
            return date_format(datetime.date.fromisoformat(text), "j M Y")
        except ValueError:
            return text
    if name == "kind":
        try:
            return str(Evidence.Kind(text).label)
        except ValueError:
            return text
    if name == "flags":
        found = raw if isinstance(raw, list) else _parse(text)
        if isinstance(found, list):
            labels = dict(RevisionFlag.choices)
            return ", ".join(str(labels.get(f, f)) for f in found) or "-"
    return text


def _changes(
    entry: LogEntry, users: dict[str, str], inputs: dict[str, str] | None = None
) -> list[Change]:
    out: list[Change] = []
    for name, pair in (entry.changes_dict or {}).items():
        if name in HIDDEN_FIELDS or name == "current_revision":
            continue
        if isinstance(pair, dict):  # many-to-many: {"type": "m2m", "operation", "objects"}
            objects = ", ".join(str(o) for o in pair.get("objects", []))
            op = _("ditambah") if pair.get("operation") == "add" else _("dikurangi")
            out.append(Change(str(FIELD_LABELS.get(name, name)), op, objects))
            continue
        old, new = [*pair, None, None][:2] if isinstance(pair, list) else (None, pair)
        change = Change(
            str(FIELD_LABELS.get(name, name)),
            _value(name, old, users, inputs),
            _value(name, new, users, inputs),
        )
        if change.old == change.new:  # e.g. an empty field on creation: nothing to say
            continue
        if name in BOOL_FIELDS and change.old == "-" and change.new == _("tidak"):
            continue  # "no" on creation is the default, not news
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


def _new_value(entry: LogEntry, name: str) -> str:
    pair = (entry.changes_dict or {}).get(name)
    if isinstance(pair, list) and pair:
        return str(pair[-1]) if pair[-1] is not None else ""
    return ""


def _int(text: str) -> int:
    return int(text) if text.isdigit() else 0


def _context(entries: list[LogEntry], answers: QuerySet[Answer]) -> _Context:
    """The names, labels, revision numbers and titles the entries need, in a fixed few queries."""
    ctx = _Context(users=_user_names(entries))
    ids: dict[int, set[int]] = defaultdict(set)
    for e in entries:
        ids[e.content_type_id].add(_int(str(e.object_id or "")))
    ct_answer, ct_rev, ct_att = _ct(Answer), _ct(EvidenceRevision), _ct(EvidenceAttachment)
    if ids[ct_answer.pk]:
        pairs = list(
            answers.filter(pk__in=ids[ct_answer.pk]).order_by().values_list("pk", "question_id")
        )
        by_question: dict[int, dict[str, str]] = defaultdict(dict)
        for qid, key, label in CountInput.objects.filter(
            question_id__in={q for _pk, q in pairs}
        ).values_list("question_id", "key", "label"):
            by_question[qid][key] = label
        ctx.inputs = {pk: by_question[qid] for pk, qid in pairs}
    if ids[ct_rev.pk]:
        ctx.revisions = {
            pk: (ev, number, name)
            for pk, ev, number, name in EvidenceRevision.objects.filter(pk__in=ids[ct_rev.pk])
            .order_by()
            .values_list("pk", "evidence_id", "number", "original_name")
        }
    if ids[ct_att.pk]:
        ctx.attachments = {
            pk: (ev, code)
            for pk, ev, code in EvidenceAttachment.objects.filter(pk__in=ids[ct_att.pk])
            .order_by()
            .values_list("pk", "evidence_id", "question__code")
        }
    evidence_ids = ids[_ct(Evidence).pk] | {v[0] for v in ctx.revisions.values()}
    evidence_ids |= {v[0] for v in ctx.attachments.values()}
    if evidence_ids:
        ctx.titles = dict(
            Evidence.objects.filter(pk__in=evidence_ids).order_by().values_list("pk", "title")
        )
    return ctx


@dataclass
class _Group:
    """The audit rows of one evidence action: same actor, same document, within a second."""

    evidence: int
    rows: list[LogEntry] = field(default_factory=list)

    def accepts(self, e: LogEntry) -> bool:
        last = self.rows[-1]
        close = abs((last.timestamp - e.timestamp).total_seconds()) <= 1
        kinds = {(r.content_type_id, r.action) for r in self.rows}
        return close and (e.content_type_id, e.action) not in kinds


def _evidence_of(e: LogEntry, ctx: _Context, cts: dict[str, int]) -> int:
    pk = _int(str(e.object_id or ""))
    if e.content_type_id == cts["evidence"]:
        return pk
    if e.content_type_id == cts["revision"] and pk in ctx.revisions:
        return ctx.revisions[pk][0]
    if e.content_type_id == cts["attachment"] and pk in ctx.attachments:
        return ctx.attachments[pk][0]
    return _int(_new_value(e, "evidence"))


def _evidence_entry(group: _Group, ctx: _Context, cts: dict[str, int]) -> HistoryEntry | None:
    """One evidence action in words."""
    rows = group.rows
    newest = rows[0]
    title = ctx.titles.get(group.evidence) or next(
        (r.object_repr for r in rows if r.content_type_id == cts["evidence"]), ""
    )

    def find(kind: str, action: int) -> LogEntry | None:
        return next(
            (r for r in rows if r.content_type_id == cts[kind] and r.action == action), None
        )

    created = find("evidence", LogEntry.Action.CREATE)
    revision = find("revision", LogEntry.Action.CREATE)
    attached = find("attachment", LogEntry.Action.CREATE)
    detached = find("attachment", LogEntry.Action.DELETE)
    changes: list[Change] = []
    code = ""
    for att in (attached, detached):
        if att is not None:
            attachment = ctx.attachments.get(_int(str(att.object_id or "")))
            # A detached row is gone: its repr is "<title> -> <question>".
            code = attachment[1] if attachment else att.object_repr.rpartition(" -> ")[2]
    values = {"title": title, "code": code}
    if revision is not None:
        info = ctx.revisions.get(_int(str(revision.object_id or "")))
        number = info[1] if info else _int(_new_value(revision, "number"))
        name = (info[2] if info else "") or _new_value(revision, "original_name") or title
        values.update(name=name, n=str(number))
    if created is not None and revision is not None:
        what = (
            _("Mengunggah '%(name)s' (v%(n)s) untuk %(code)s") % values
            if code
            else _("Mengunggah '%(name)s' (v%(n)s)") % values
        )
    elif created is not None:
        what = (
            _("Menambahkan tautan '%(title)s' untuk %(code)s") % values
            if code
            else _("Menambahkan tautan '%(title)s'") % values
        )
    elif revision is not None:
        what = _("Mengganti '%(title)s' dengan '%(name)s' (v%(n)s)") % values
    elif attached is not None:
        what = _("Melampirkan '%(title)s' ke %(code)s") % values
    elif detached is not None:
        what = _("Melepas '%(title)s' dari %(code)s") % values
    elif find("evidence", LogEntry.Action.DELETE) is not None:
        what = _("Menghapus '%(title)s'") % values
    else:
        update = find("evidence", LogEntry.Action.UPDATE)
        if update is None:
            return None
        data = update.changes_dict or {}
        if "deleted_at" in data:
            deleted = _new_value(update, "deleted_at") not in ("", "None")
            what = (_("Menghapus '%(title)s'") if deleted else _("Memulihkan '%(title)s'")) % values
        elif "is_public" in data and len(data) == 1:
            public = _new_value(update, "is_public") in ("True", "true", "1")
            what = (
                _("Menampilkan '%(title)s' di halaman publik")
                if public
                else _("Menyembunyikan '%(title)s' dari halaman publik")
            ) % values
        else:
            changes = _changes(update, ctx.users)
            if not changes:
                return None
            what = _("Mengubah '%(title)s'") % values
    return HistoryEntry(
        when=newest.timestamp, who=_who(newest.actor), what=what, action="", changes=changes
    )
