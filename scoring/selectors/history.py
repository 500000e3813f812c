"""The Riwayat tabs: who changed what and when, per question and per assessment.

Merges django-auditlog entries (answers, evidence and its revisions and attachments, comments,
review flags of the assessment) with the explicit workflow events (AssessmentEvent) into one list,
newest first, in the active language. Assessment rows of auditlog are left out here: every status
change already has its AssessmentEvent, which also says who acted and why.

One user action is one entry: the rows one evidence service writes together (an upload writes the
document, its revision, its attachment and the pointer to the current revision) are grouped by
actor, document and time, and told as one sentence ("Mengunggah 'Notulen.pdf' (v1) untuk
A.I.1.i.a"). Values are rendered as the question page renders them (answer_text: count labels,
decimals by locale).
"""

from __future__ import annotations

from auditlog.models import LogEntry
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from areas.models import Question
from evidence.models import Comment, Evidence, EvidenceAttachment, EvidenceRevision, ReviewFlag
from scoring.models import Answer, AssessmentEvent, Side
from scoring.selectors.history_rows import (
    ACTION_LABELS,
    DEFAULT_LIMIT,
    EVENT_LABELS,
    Change,
    HistoryEntry,
    _changes,
    _context,
    _ct,
    _evidence_entry,
    _evidence_of,
    _Group,
    _int,
    _value,
    _who,
)
from zi_portal.models import Assessment


def _entries(
    query: Q,
    sources: tuple[QuerySet[Answer], QuerySet[ReviewFlag], QuerySet[Comment]],
    answers: QuerySet[Answer],
    limit: int,
) -> list[HistoryEntry]:
    rows: QuerySet[LogEntry] = (
        LogEntry.objects.filter(query).select_related("actor").order_by("-timestamp", "-pk")
    )
    entries = list(rows[: limit * 4])  # an upload writes four rows
    ctx = _context(entries, answers)
    cts = {
        "evidence": _ct(Evidence).pk,
        "revision": _ct(EvidenceRevision).pk,
        "attachment": _ct(EvidenceAttachment).pk,
    }
    evidence_cts = set(cts.values())
    # Items in order: an audit row with its changes, or a group of evidence rows told later as
    # one entry. Once `limit` single rows are found and no group is open, the older rows cannot
    # change what is shown (a group can still take older rows, and may come to nothing).
    items: list[tuple[LogEntry, list[Change]] | _Group] = []
    open_groups: dict[tuple[int | None, int], _Group] = {}
    for e in entries:
        if not open_groups and len(items) >= limit:
            break
        if e.content_type_id in evidence_cts:
            key = (e.actor_id, _evidence_of(e, ctx, cts))
            group = open_groups.get(key)
            if group is None or not group.accepts(e):
                group = open_groups[key] = _Group(evidence=key[1])
                items.append(group)
            group.rows.append(e)
            continue
        changes = _changes(e, ctx.users, ctx.inputs.get(_int(str(e.object_id or ""))))
        if e.action == LogEntry.Action.UPDATE and not changes:
            continue
        items.append((e, changes))
    labels = _labels(*sources, entries=[item[0] for item in items if not isinstance(item, _Group)])
    out: list[HistoryEntry] = []
    for item in items:
        if isinstance(item, _Group):
            entry = _evidence_entry(item, ctx, cts)
            if entry is not None:
                out.append(entry)
            continue
        e, changes = item
        out.append(
            HistoryEntry(
                when=e.timestamp,
                who=_who(e.actor),
                what=labels.get((e.content_type_id, int(e.object_id or 0))) or e.object_repr,
                action=str(ACTION_LABELS.get(e.action, "")),
                changes=changes,
            )
        )
    return out[:limit]


def _ids(pks: set[int]) -> list[int]:
    # Never empty (no row has id 0): an empty list would skip the query, and the pages' query
    # counts are kept the same whatever the history holds.
    return sorted(pks) or [0]


def _labels(
    answers: QuerySet[Answer],
    flags: QuerySet[ReviewFlag],
    comments: QuerySet[Comment],
    *,
    entries: list[LogEntry],
) -> dict[tuple[int, int], str]:
    """What each audited row among the entries is, in words: "Jawaban TPI A.I.1.i.a", "Catatan
    perbaikan ...". Only the rows the entries name are read (not every answer of the
    assessment): the dashboard shows ten entries of an assessment with hundreds of answers. No
    ordering: the models' (by assessment, then its year and unit name) only adds joins here."""
    sides = dict(Side.choices)
    ct_answer, ct_flag, ct_comment = _ct(Answer), _ct(ReviewFlag), _ct(Comment)
    named: dict[int, set[int]] = {ct_answer.pk: set(), ct_flag.pk: set(), ct_comment.pk: set()}
    for e in entries:
        pk = _int(str(e.object_id or ""))
        if e.content_type_id in named:
            named[e.content_type_id].add(pk)
    out = {
        (ct_answer.pk, pk): _("Jawaban %(side)s %(code)s") % {"side": sides[side], "code": code}
        for pk, side, code in answers.filter(pk__in=_ids(named[ct_answer.pk]))
        .order_by()
        .values_list("pk", "side", "question__code")
    }
    out.update(
        ((ct_flag.pk, pk), _("Catatan perbaikan %(code)s") % {"code": code})
        for pk, code in flags.filter(pk__in=_ids(named[ct_flag.pk]))
        .order_by()
        .values_list("pk", "question__code")
    )
    out.update(
        ((ct_comment.pk, pk), _("Komentar %(code)s") % {"code": code})
        for pk, code in comments.filter(pk__in=_ids(named[ct_comment.pk]))
        .order_by()
        .values_list("pk", "question__code")
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
    return _entries(query, (answers, flags, comments), answers, limit)


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
    merged = _entries(query, (answers, flags, comments), answers, limit) + _events(
        assessment, limit
    )
    merged.sort(key=lambda e: e.when, reverse=True)
    return merged[:limit]
