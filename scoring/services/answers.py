"""Writes for scoring: answers (both sides) and the review workflow, with optimistic locking.

Every service takes the acting user, checks its rule (scoring/rules.py) on the locked assessment
row and raises Refused (a PermissionDenied with the refusal code and reason) when refused. Two
people acting on the same thing at once never overwrite each other: an answer save names the
answer version it started from, a workflow step the assessment version, and the loser gets
AnswerConflict / AssessmentConflict carrying what is stored now.

Race safety: the row is locked (select_for_update, a no-op on SQLite) and then claimed with a
conditional ``UPDATE ... WHERE version = N``; the real change is then saved through the model so
django-auditlog records it with its actor. E-mails go out only after the commit.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from areas.models import Question
from scoring import rules as scoring_rules
from scoring.counts import parse_count
from scoring.engine import inputs as value_rules
from scoring.models import Answer, AssessmentEvent, Side
from scoring.selectors.answers import answer_text
from scoring.summaries import summary_refresh
from zi_portal.access import access_for
from zi_portal.audit import acting_as
from zi_portal.models import Assessment
from zi_portal.refusals import refuse_if

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


# --------------------------------------------------------------------------- display helpers


def _person(user: Any) -> str:
    if user is None:
        return _("sistem")
    full = user.get_full_name() if hasattr(user, "get_full_name") else ""
    return str(full or user.get_username())


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
                # The one count parser (bound LKE_COUNT_MAX), shared with the form and preview.
                clean[key] = parse_count(labels[key], raw)
            except ValidationError as exc:
                errors.extend(exc.messages)
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
    # As loaded (the locked assessment with its unit and cycle): the audit entry names the answer
    # without reading them again.
    stored.assessment, stored.question = assessment, question
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
    stored.needs_confirmation = False  # a carried answer changed is confirmed by the change
    stored.save(
        update_fields=[
            "choice",
            "counts",
            "index_value",
            "note",
            "answered_by",
            "answered_at",
            "version",
            "needs_confirmation",
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
    refuse_if(
        scoring_rules.answer_refusal(
            access=access_for(actor, fresh), assessment=fresh, question=question, side=side
        ),
        assessment=fresh,
    )
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
    summary_refresh(assessment=fresh, side=side, locked=True)
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
