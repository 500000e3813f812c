"""Writes for scoring: answers (both sides) and the review workflow, with optimistic locking.

Every service takes the acting user, checks permission with evidence/rules.py (the one place the
editing rules live) and raises PermissionDenied with the Indonesian reason when refused. Two
people acting on the same thing at once never overwrite each other: an answer save names the
answer version it started from, a workflow step the assessment version, and the loser gets
AnswerConflict / AssessmentConflict carrying what is stored now.

Race safety: the row is locked (select_for_update, a no-op on SQLite) and then claimed with a
conditional ``UPDATE ... WHERE version = N``; the real change is then saved through the model so
django-auditlog records it with its actor. E-mails go out only after the commit.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Mapping
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from areas.models import Question
from evidence.models import Evidence, EvidenceAttachment, EvidenceRevision, ReviewFlag
from evidence.rules import (
    UNIT_EDITABLE,
    tpi_side_block_reason,
    unit_side_block_reason,
    window_block_reason,
)
from scoring import inputs as value_rules
from scoring import notifications
from scoring.engine import AnswerSet, format_id
from scoring.models import Answer, AssessmentEvent, Side, Snapshot
from scoring.selectors import answer_sets_for, assessment_scores, spec_for
from zi_portal.access import Access, access_for
from zi_portal.audit import acting_as
from zi_portal.models import Assessment, Phase, Role, WindowExtension

Status = Assessment.Status


# --------------------------------------------------------------------------- errors


class AnswerConflict(Exception):
    """Someone else saved this answer since the form was opened; nothing was written."""

    def __init__(self, current: Answer | None) -> None:
        self.current = current
        super().__init__(self.message)

    @property
    def message(self) -> str:
        if self.current is None:
            return _(
                "Jawaban ini belum pernah disimpan atau sudah berubah; muat ulang lalu simpan "
                "ulang."
            )
        a = self.current
        who = _person(a.answered_by) if a.answered_by_id else _("impor sistem")
        return _(
            "Jawaban ini baru saja diubah oleh %(who)s pada %(when)s menjadi %(value)s; "
            "periksa lalu simpan ulang."
        ) % {
            "who": who,
            "when": date_format(timezone.localtime(a.answered_at), "H:i"),
            "value": answer_text(
                a, labels={i.key: i.label for i in a.question.inputs.all()} if a.counts else None
            ),
        }


class AssessmentConflict(Exception):
    """The assessment moved on since the page was opened (another person acted first)."""

    def __init__(self, current: Assessment) -> None:
        self.current = current
        super().__init__(self.message)

    @property
    def message(self) -> str:
        return _(
            'Penilaian ini baru saja diubah orang lain dan kini berstatus "%(status)s" '
            "(versi %(version)s); muat ulang halaman lalu periksa sebelum melanjutkan."
        ) % {"status": self.current.get_status_display(), "version": self.current.version}


class WorkbookImportError(Exception):
    """A workbook could not be imported; ``issues`` names every bad cell."""

    def __init__(self, issues: list[str]) -> None:
        self.issues = issues
        super().__init__(
            _("Workbook tidak dapat diimpor:") + "\n" + "\n".join(f"- {i}" for i in issues)
        )


# --------------------------------------------------------------------------- display helpers


def _person(user: Any) -> str:
    if user is None:
        return _("sistem")
    full = user.get_full_name() if hasattr(user, "get_full_name") else ""
    return str(full or user.get_username())


def answer_text(answer: Answer | None, *, labels: Mapping[str, str] | None = None) -> str:
    """An answer as people read it: the option label, the index (3,62) or the counts."""
    if answer is None:
        return "-"
    if answer.choice:
        return answer.choice
    if answer.index_value is not None:
        return format_id(Decimal(answer.index_value))
    if answer.counts:
        names = labels or {}
        return "; ".join(f"{names.get(k, k)}: {v}" for k, v in answer.counts.items())
    return "-"


# --------------------------------------------------------------------------- answer values


def clean_answer_value(
    question: Question,
    *,
    choice: str | None = None,
    counts: Mapping[str, Any] | None = None,
    index_value: Any = None,
) -> tuple[str, dict[str, int], Decimal | None]:
    """(choice, counts, index) checked against the question; ValidationError otherwise."""
    qt = Question.AnswerType
    if question.answer_type == qt.PERSEN:
        keys = [i.key for i in question.inputs.all()]
        given = dict(counts or {})
        unknown = sorted(set(given) - set(keys))
        if unknown:
            raise ValidationError(
                _("Isian tidak dikenal untuk %(code)s: %(keys)s.")
                % {"code": question.code, "keys": ", ".join(unknown)}
            )
        errors: list[str] = []
        clean: dict[str, int] = {}
        labels = {i.key: i.label for i in question.inputs.all()}
        for key in keys:
            raw = given.get(key)
            if raw is None or (isinstance(raw, str) and not raw.strip()):
                errors.append(_("%(label)s belum diisi.") % {"label": labels[key]})
                continue
            try:
                clean[key] = value_rules.count_value(raw)
            except ValueError:
                errors.append(
                    _("%(label)s harus bilangan bulat tidak negatif.") % {"label": labels[key]}
                )
        if errors:
            raise ValidationError(errors)
        return "", clean, None
    if question.answer_type == qt.NILAI_0_4:
        try:
            return "", {}, value_rules.index_value(index_value)
        except ValueError:
            raise ValidationError(
                _("Nilai indeks harus angka antara 0 dan 4 (mis. 3,62).")
            ) from None
    option_labels = [o.label for o in question.options.all()]
    if choice not in option_labels:
        raise ValidationError(
            _("Pilih salah satu jawaban yang sah (%(labels)s).")
            % {"labels": ", ".join(option_labels)}
        )
    return str(choice), {}, None


def _same_value(
    a: Answer | None, choice: str, counts: dict[str, int], index: Decimal | None
) -> bool:
    if a is None:
        return False
    stored_index = None if a.index_value is None else Decimal(a.index_value)
    stored_counts = {k: int(v) for k, v in (a.counts or {}).items()}
    return a.choice == choice and stored_counts == counts and stored_index == index


# --------------------------------------------------------------------------- answers


def _lock_assessment(assessment: Assessment) -> Assessment:
    """The assessment as stored now, row-locked until the transaction ends."""
    fresh = (
        Assessment.objects.select_for_update()
        .select_related("unit", "cycle", "framework")
        .get(pk=assessment.pk)
    )
    return fresh


def _write_answer(
    *,
    actor: User | None,
    assessment: Assessment,
    question: Question,
    side: str,
    choice: str,
    counts: dict[str, int],
    index: Decimal | None,
    note: str,
    expected_version: int | None,
) -> Answer:
    stored = (
        # of=("self",): PostgreSQL refuses FOR UPDATE on the nullable side of the outer join
        # that select_related("answered_by") adds; only the answer row needs the lock.
        Answer.objects.select_for_update(of=("self",))
        .select_related("answered_by")
        .filter(assessment=assessment, question=question, side=side)
        .first()
    )
    now = timezone.now()
    if stored is None:
        if expected_version is not None:
            raise AnswerConflict(None)
        answer = Answer(
            assessment=assessment,
            question=question,
            side=side,
            choice=choice,
            counts=counts,
            index_value=index,
            note=note,
            answered_by=actor if actor is not None else None,
            answered_at=now,
            version=1,
        )
        answer.full_clean(exclude=["answered_by", "assessment", "question"])
        try:
            with transaction.atomic():
                answer.save(force_insert=True)
        except IntegrityError:
            # Someone created it between our read and our insert.
            raise AnswerConflict(
                Answer.objects.select_related("answered_by")
                .filter(assessment=assessment, question=question, side=side)
                .first()
            ) from None
        return answer
    if expected_version != stored.version:
        raise AnswerConflict(stored)
    # The claim: only one writer can match version N; the loser's UPDATE finds no row.
    claimed = Answer.objects.filter(pk=stored.pk, version=expected_version).update(
        version=expected_version
    )
    if claimed != 1:
        raise AnswerConflict(Answer.objects.select_related("answered_by").get(pk=stored.pk))
    stored.choice, stored.counts, stored.index_value, stored.note = choice, counts, index, note
    stored.answered_by = actor
    stored.answered_at = now
    stored.version = expected_version + 1
    stored.save(
        update_fields=[
            "choice",
            "counts",
            "index_value",
            "note",
            "answered_by",
            "answered_at",
            "version",
        ]
    )
    return stored


@transaction.atomic
def answer_save(
    *,
    actor: User,
    assessment: Assessment,
    question: Question,
    side: str,
    choice: str | None = None,
    counts: Mapping[str, Any] | None = None,
    index_value: Any = None,
    note: str = "",
    expected_version: int | None,
) -> Answer:
    """Save one side's answer to one question; expected_version None means "no answer yet"."""
    if question.framework_id != assessment.framework_id:
        raise ValidationError(_("Pertanyaan ini bukan bagian dari kerangka penilaian ini."))
    fresh = _lock_assessment(assessment)
    access = access_for(actor, fresh)
    if side == Side.UNIT:
        reason = unit_side_block_reason(access=access, assessment=fresh, question=question)
    elif side == Side.TPI:
        reason = tpi_side_block_reason(access=access, assessment=fresh)
    else:
        raise ValidationError(_("Sisi jawaban tidak dikenal."))
    if reason:
        raise PermissionDenied(reason)
    clean_choice, clean_counts, index = clean_answer_value(
        question, choice=choice, counts=counts, index_value=index_value
    )
    note = (note or "").strip()
    if side == Side.TPI and not note:
        unit = Answer.objects.filter(assessment=fresh, question=question, side=Side.UNIT).first()
        if not _same_value(unit, clean_choice, clean_counts, index):
            raise ValidationError(
                _("Catatan TPI wajib diisi karena jawaban TPI berbeda dari jawaban unit.")
            )
    with acting_as(actor):
        answer = _write_answer(
            actor=actor,
            assessment=fresh,
            question=question,
            side=side,
            choice=clean_choice,
            counts=clean_counts,
            index=index,
            note=note,
            expected_version=expected_version,
        )
        if side == Side.TPI and fresh.status == Status.SUBMITTED:
            _start_review(actor=actor, assessment=fresh)
    _sync(assessment, fresh)
    return answer


def _sync(target: Assessment, source: Assessment) -> None:
    """Keep the caller's object in step with what was stored."""
    for f in (
        "status",
        "version",
        "signed_off_by_id",
        "signed_off_at",
        "recommendation",
        "recommendation_text",
    ):
        setattr(target, f, getattr(source, f))


# --------------------------------------------------------------------------- transitions


def _claim_assessment(assessment: Assessment, expected_version: int) -> Assessment:
    fresh = _lock_assessment(assessment)
    if fresh.version != expected_version:
        raise AssessmentConflict(fresh)
    claimed = Assessment.objects.filter(pk=fresh.pk, version=expected_version).update(
        version=expected_version
    )
    if claimed != 1:
        raise AssessmentConflict(Assessment.objects.get(pk=fresh.pk))
    return fresh


def _move(
    *,
    actor: User | None,
    fresh: Assessment,
    to_status: str,
    action: str,
    note: str = "",
    fields: Mapping[str, Any] | None = None,
) -> AssessmentEvent:
    """Apply a claimed transition: new status, version + 1, the event row."""
    from_status = fresh.status
    fresh.status = to_status
    fresh.version += 1
    update = ["status", "version", "updated_at"]
    for name, value in (fields or {}).items():
        setattr(fresh, name, value)
        update.append(name)
    with acting_as(actor):
        fresh.save(update_fields=update)
    return AssessmentEvent.objects.create(
        assessment=fresh,
        actor=actor,
        action=action,
        from_status=from_status,
        to_status=to_status,
        note=note,
    )


def _start_review(*, actor: User, assessment: Assessment) -> None:
    """The first TPI action on a submitted assessment moves it to in_review (already locked)."""
    _move(actor=actor, fresh=assessment, to_status=Status.IN_REVIEW, action="review_started")


def signoff_is_current(assessment: Assessment) -> bool:
    """Was the sign-off given after the last change of the unit's answers and evidence?"""
    at = assessment.signed_off_at
    if at is None:
        return False
    changed = (
        Answer.objects.filter(assessment=assessment, side=Side.UNIT, answered_at__gt=at).exists()
        or EvidenceRevision.objects.filter(
            evidence__assessment=assessment, uploaded_at__gt=at
        ).exists()
        or EvidenceAttachment.objects.filter(
            evidence__assessment=assessment, attached_at__gt=at
        ).exists()
        or Evidence.objects.filter(
            Q(created_at__gt=at) | Q(deleted_at__gt=at), assessment=assessment
        ).exists()
    )
    return not changed


def sign_off_block_reason(*, access: Access, assessment: Assessment) -> str | None:
    if not access.has(Role.PIMPINAN_UNIT):
        return _("Hanya pimpinan unit ini yang dapat memberi persetujuan pengajuan.")
    if assessment.status not in UNIT_EDITABLE:
        return _(
            'Penilaian berstatus "%(status)s"; persetujuan hanya pada draf atau perbaikan.'
        ) % {"status": assessment.get_status_display()}
    if assessment.signed_off_at and signoff_is_current(assessment):
        return _("Pimpinan sudah menyetujui; belum ada perubahan sejak persetujuan itu.")
    return window_block_reason(assessment, Phase.SELF_ASSESSMENT)


def submit_block_reason(*, access: Access, assessment: Assessment) -> str | None:
    if not access.has(Role.TIM_KERJA):
        return _("Hanya tim kerja unit ini yang dapat mengajukan penilaian ke TPI.")
    if assessment.status not in UNIT_EDITABLE:
        return _('Penilaian berstatus "%(status)s"; tidak dapat diajukan.') % {
            "status": assessment.get_status_display()
        }
    closed = window_block_reason(assessment, Phase.SELF_ASSESSMENT)
    if closed:
        return closed
    if not signoff_is_current(assessment):
        if assessment.signed_off_at is None:
            return _("Menunggu persetujuan pimpinan unit sebelum diajukan.")
        return _("Ada perubahan setelah persetujuan pimpinan; minta persetujuan ulang.")
    return None


def _open_flags(assessment: Assessment) -> Any:
    return ReviewFlag.objects.filter(assessment=assessment, resolved_at__isnull=True)


def return_block_reason(*, access: Access, assessment: Assessment) -> str | None:
    reason = tpi_side_block_reason(access=access, assessment=assessment)
    if reason:
        return reason
    if not _open_flags(assessment).exists():
        return _('Tandai minimal satu pertanyaan "perlu perbaikan" sebelum mengembalikan.')
    return None


def finalise_block_reason(*, access: Access, assessment: Assessment) -> str | None:
    reason = tpi_side_block_reason(access=access, assessment=assessment)
    if reason:
        return reason
    if _open_flags(assessment).exists():
        return _(
            "Masih ada catatan perbaikan terbuka: kembalikan penilaian ke unit atau tarik "
            "catatannya dulu."
        )
    return None


def window_extend_block_reason(*, access: Access) -> str | None:
    if not access.has(Role.ADMIN):
        return _("Hanya admin instansi yang dapat memperpanjang jadwal.")
    return None


def _refuse(reason: str | None) -> None:
    if reason:
        raise PermissionDenied(reason)


def _unit_members(assessment: Assessment, *roles: str) -> list[Any]:
    from django.contrib.auth import get_user_model

    return list(
        get_user_model()
        .objects.filter(
            memberships__unit_id=assessment.unit_id, memberships__role__in=roles, is_active=True
        )
        .distinct()
    )


def _reviewers(assessment: Assessment) -> list[Any]:
    from django.contrib.auth import get_user_model

    return list(
        get_user_model()
        .objects.filter(
            review_assignments__unit_id=assessment.unit_id,
            review_assignments__cycle_id=assessment.cycle_id,
            is_active=True,
        )
        .distinct()
    )


def _notify_on_commit(
    event: str, assessment: Assessment, actor: Any, recipients: list[Any], **extra: Any
) -> None:
    if notifications.is_muted():  # decided now: the commit may happen outside the mute
        return
    pk = assessment.pk
    ids = [u.pk for u in recipients]
    actor_id = actor.pk if actor is not None else None
    transaction.on_commit(
        lambda: notifications.send_event(
            event=event, assessment_id=pk, actor_id=actor_id, recipient_ids=ids, extra=extra
        )
    )


@transaction.atomic
def assessment_sign_off(
    *, actor: User, assessment: Assessment, expected_version: int
) -> Assessment:
    """The pimpinan unit approves the current state for submission."""
    fresh = _claim_assessment(assessment, expected_version)
    _refuse(sign_off_block_reason(access=access_for(actor, fresh), assessment=fresh))
    _move(
        actor=actor,
        fresh=fresh,
        to_status=fresh.status,
        action="sign_off",
        fields={"signed_off_by": actor, "signed_off_at": timezone.now()},
    )
    _notify_on_commit("sign_off", fresh, actor, _unit_members(fresh, Role.TIM_KERJA))
    _sync(assessment, fresh)
    return assessment


def snapshot_data(assessment: Assessment) -> dict[str, Any]:
    """The frozen state: both sides' answers, their scores and evidence hashes per question."""
    answers: dict[str, dict[str, Any]] = {Side.UNIT: {}, Side.TPI: {}}
    for a in Answer.objects.filter(assessment=assessment).select_related("question", "answered_by"):
        answers[a.side][a.question.code] = {
            "choice": a.choice or None,
            "counts": a.counts or None,
            "index": None if a.index_value is None else str(a.index_value),
            "note": a.note,
            "version": a.version,
            "answered_by": a.answered_by.get_username() if a.answered_by else None,
            "answered_at": a.answered_at.isoformat(),
        }
    scores = {
        side: result.to_dict() for side, result in assessment_scores(assessment=assessment).items()
    }
    evidence: dict[str, list[str]] = defaultdict(list)
    rows = (
        EvidenceAttachment.objects.filter(
            evidence__assessment=assessment, evidence__deleted_at__isnull=True
        )
        .select_related("question", "evidence", "evidence__current_revision")
        .order_by("question__position", "evidence_id")
    )
    for att in rows:
        ev = att.evidence
        rev = ev.current_revision
        evidence[att.question.code].append(
            rev.sha256 if rev is not None and rev.sha256 else f"link:{ev.url}"
        )
    return {
        "status": assessment.status,
        "version": assessment.version,
        "answers": answers,
        "scores": scores,
        "evidence": dict(evidence),
    }


@transaction.atomic
def assessment_submit(*, actor: User, assessment: Assessment, expected_version: int) -> Snapshot:
    """Tim kerja submits to the TPI: snapshot, unit side locked, open flags of a round resolved."""
    fresh = _claim_assessment(assessment, expected_version)
    _refuse(submit_block_reason(access=access_for(actor, fresh), assessment=fresh))
    now = timezone.now()
    with acting_as(actor):
        for flag in _open_flags(fresh):
            flag.resolved_at, flag.resolved_by = now, actor
            flag.save(update_fields=["resolved_at", "resolved_by"])
    was = fresh.status
    _move(
        actor=actor,
        fresh=fresh,
        to_status=Status.SUBMITTED,
        action="resubmit" if was == Status.REVISION else "submit",
    )
    snap = Snapshot.objects.create(
        assessment=fresh, kind=Snapshot.Kind.SUBMITTED, data=snapshot_data(fresh), created_by=actor
    )
    _notify_on_commit(
        "submit",
        fresh,
        actor,
        _reviewers(fresh) + _unit_members(fresh, Role.PIMPINAN_UNIT),
    )
    _sync(assessment, fresh)
    return snap


@transaction.atomic
def question_flag(
    *, actor: User, assessment: Assessment, question: Question, note: str
) -> ReviewFlag:
    """The TPI marks a question "perlu perbaikan" with a note (one open flag per question)."""
    fresh = _lock_assessment(assessment)
    _refuse(tpi_side_block_reason(access=access_for(actor, fresh), assessment=fresh))
    note = (note or "").strip()
    if not note:
        raise ValidationError(_("Tuliskan catatan perbaikan untuk unit."))
    if question.framework_id != fresh.framework_id:
        raise ValidationError(_("Pertanyaan ini bukan bagian dari kerangka penilaian ini."))
    if _open_flags(fresh).filter(question=question).exists():
        raise ValidationError(_("Pertanyaan ini sudah ditandai perlu perbaikan."))
    with acting_as(actor):
        flag = ReviewFlag.objects.create(
            assessment=fresh, question=question, note=note, created_by=actor
        )
        if fresh.status == Status.SUBMITTED:
            _start_review(actor=actor, assessment=fresh)
    _sync(assessment, fresh)
    return flag


@transaction.atomic
def question_flag_withdraw(*, actor: User, assessment: Assessment, flag: ReviewFlag) -> ReviewFlag:
    """The TPI withdraws an open flag before returning the assessment."""
    fresh = _lock_assessment(assessment)
    _refuse(tpi_side_block_reason(access=access_for(actor, fresh), assessment=fresh))
    if flag.assessment_id != fresh.pk or flag.resolved_at is not None:
        raise ValidationError(_("Catatan perbaikan ini sudah tidak terbuka."))
    with acting_as(actor):
        flag.resolved_at, flag.resolved_by = timezone.now(), actor
        flag.save(update_fields=["resolved_at", "resolved_by"])
    return flag


@transaction.atomic
def assessment_return(*, actor: User, assessment: Assessment, expected_version: int) -> Assessment:
    """The TPI returns the assessment for revision; only flagged questions reopen."""
    fresh = _claim_assessment(assessment, expected_version)
    _refuse(return_block_reason(access=access_for(actor, fresh), assessment=fresh))
    codes = list(
        _open_flags(fresh).order_by("question__position").values_list("question__code", flat=True)
    )
    _move(
        actor=actor,
        fresh=fresh,
        to_status=Status.REVISION,
        action="return",
        note=", ".join(codes),
        fields={"signed_off_by": None, "signed_off_at": None},
    )
    _notify_on_commit(
        "return",
        fresh,
        actor,
        _unit_members(fresh, Role.TIM_KERJA, Role.PIMPINAN_UNIT),
        codes=codes,
    )
    _sync(assessment, fresh)
    return assessment


@transaction.atomic
def assessment_finalise(
    *,
    actor: User,
    assessment: Assessment,
    expected_version: int,
    recommendation: str,
    recommendation_text: str,
) -> Snapshot:
    """The TPI finalises: recommendation, snapshot kind evaluated, status evaluated."""
    fresh = _claim_assessment(assessment, expected_version)
    _refuse(finalise_block_reason(access=access_for(actor, fresh), assessment=fresh))
    allowed = {Assessment.Recommendation.LAYAK, Assessment.Recommendation.BELUM_LAYAK}
    if recommendation not in allowed:
        raise ValidationError(_("Pilih rekomendasi: layak atau belum layak diusulkan ke TPN."))
    text = (recommendation_text or "").strip()
    if not text:
        raise ValidationError(_("Tuliskan uraian rekomendasi TPI."))
    _move(
        actor=actor,
        fresh=fresh,
        to_status=Status.EVALUATED,
        action="finalise",
        note=text,
        fields={"recommendation": recommendation, "recommendation_text": text},
    )
    snap = Snapshot.objects.create(
        assessment=fresh, kind=Snapshot.Kind.EVALUATED, data=snapshot_data(fresh), created_by=actor
    )
    _notify_on_commit(
        "finalise", fresh, actor, _unit_members(fresh, Role.TIM_KERJA, Role.PIMPINAN_UNIT)
    )
    _sync(assessment, fresh)
    return snap


@transaction.atomic
def window_extend(
    *,
    actor: User,
    assessment: Assessment,
    phase: str,
    new_end: datetime.date,
    reason: str,
) -> WindowExtension:
    """An admin extends one phase window for this assessment's unit, with a reason."""
    _refuse(window_extend_block_reason(access=access_for(actor, assessment)))
    if phase not in Phase.values:
        raise ValidationError(_("Tahap jadwal tidak dikenal."))
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_("Alasan perpanjangan wajib diisi."))
    if new_end < timezone.localdate():
        raise ValidationError(_("Tanggal akhir baru tidak boleh sebelum hari ini."))
    if new_end <= assessment.window_end(phase):
        raise ValidationError(
            _("Tanggal akhir baru harus sesudah jadwal yang berlaku (%(date)s).")
            % {"date": date_format(assessment.window_end(phase), "j F Y")}
        )
    ext = WindowExtension(
        cycle=assessment.cycle,
        unit=assessment.unit,
        phase=phase,
        new_end=new_end,
        reason=reason,
        granted_by=actor,
    )
    ext.full_clean()
    ext.save()
    AssessmentEvent.objects.create(
        assessment=assessment,
        actor=actor,
        action="window_extended",
        from_status=assessment.status,
        to_status=assessment.status,
        note=f"{Phase(phase).label}: {new_end.isoformat()} - {reason}",
    )
    return ext


# --------------------------------------------------------------------------- workbook (CLI)


def export_assessment_workbook(assessment_id: int, side: str, output: str | Path) -> None:
    """Write one side's answers into the official LKE ZI workbook (operator tool)."""
    from scoring.workbook import write_workbook

    if side not in Side.values:
        raise ValueError(_("Sisi harus unit atau tpi."))
    assessment = Assessment.objects.select_related("unit", "framework").get(pk=assessment_id)
    answers: AnswerSet = answer_sets_for(assessment=assessment)[side]
    write_workbook(spec_for(assessment), answers, output)


@transaction.atomic
def import_assessment_workbook(assessment_id: int, side: str, input_path: str | Path) -> int:
    """Read a filled LKE workbook into one side's answers; returns how many were written.

    A system import (actor None, no permission check: the CLI is an operator tool). Every bad
    cell is reported at once and nothing is written then. Answers equal to the stored ones are
    left alone, so a round trip writes nothing new.
    """
    from scoring.workbook import read_workbook

    if side not in Side.values:
        raise ValueError(_("Sisi harus unit atau tpi."))
    assessment = Assessment.objects.select_related("unit", "framework").get(pk=assessment_id)
    spec = spec_for(assessment)
    answers, issues = read_workbook(input_path, spec, prior_wbk=assessment.unit.holds_wbk)
    if issues:
        raise WorkbookImportError([str(i) for i in issues])
    questions = {
        q.code: q
        for q in Question.objects.filter(framework=assessment.framework).prefetch_related(
            "options", "inputs"
        )
    }
    stored = {
        a.question.code: a
        for a in Answer.objects.filter(assessment=assessment, side=side).select_related("question")
    }
    problems: list[str] = []
    planned: list[tuple[Question, str, dict[str, int], Decimal | None]] = []
    for code in spec.input_codes:
        q = questions[code]
        if code in answers.choices:
            raw: dict[str, Any] = {"choice": answers.choices[code]}
        elif code in answers.indices:
            raw = {"index_value": answers.indices[code]}
        elif code in answers.counts:
            raw = {"counts": answers.counts[code]}
        else:
            continue
        try:
            planned.append((q, *clean_answer_value(q, **raw)))
        except ValidationError as exc:
            problems.append(f"{code}: {' '.join(exc.messages)}")
    if problems:
        raise WorkbookImportError(problems)
    written = 0
    for q, choice, counts, index in planned:
        current = stored.get(q.code)
        if _same_value(current, choice, counts, index):
            continue
        _write_answer(
            actor=None,
            assessment=assessment,
            question=q,
            side=side,
            choice=choice,
            counts=counts,
            index=index,
            note=current.note if current else "",
            expected_version=current.version if current else None,
        )
        written += 1
    return written
