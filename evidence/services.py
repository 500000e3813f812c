"""The only writers of evidence, links, comments and publication flags.

Every service takes the acting user, locks the assessment row (select_for_update) and checks the
rule of evidence/rules.py on that fresh row inside its transaction, raising Refused (a
PermissionDenied carrying the refusal code and reason); so a write that loses the race to a
concurrent submit is refused, never lands after the submission's snapshot. It records the actor
in django-auditlog, also when called outside a request (commands, tasks, the Django admin action).

Uploaded files are streamed to the default storage in chunks while their sha256 is computed, and
written before the database rows inside a guard: a failed storage write leaves no row, and a failed
or refused database write deletes the file it had just stored (design section 11: nothing
half-saved). Uploads also check the rule before streaming, so a refused user's file is never
stored; the check that counts is the one on the locked row.
"""

from __future__ import annotations

import datetime as dt
import functools
import logging
from collections.abc import Callable
from typing import ParamSpec, TypeVar

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.validators import URLValidator
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from areas.models import Question
from evidence import rules
from evidence.models import Evidence, EvidenceAttachment, EvidenceRevision
from evidence.preview.services import preview_queue
from evidence.storage import discard_file, store_upload
from evidence.validation import CheckedFile, validate_upload
from evidence.validity import check_dates
from zi_portal import rules as spine_rules
from zi_portal.access import Access, access_for
from zi_portal.audit import acting_as
from zi_portal.models import Assessment
from zi_portal.refusals import refuse_if

logger = logging.getLogger(__name__)

P = ParamSpec("P")
R = TypeVar("R")


class DuplicateEvidence(Exception):
    """The uploaded content is already a document of this assessment; offer to attach it."""

    def __init__(self, existing: Evidence, name: str) -> None:
        self.existing = existing
        self.name = name
        super().__init__(
            _(
                "Berkas '%(name)s' sama persis dengan dokumen '%(title)s' yang sudah ada di "
                "penilaian ini; lampirkan dokumen yang sudah ada."
            )
            % {"name": name, "title": existing.title}
        )


def audited(func: Callable[P, R]) -> Callable[P, R]:
    """Record kwargs['actor'] as the actor of every audit entry the service writes."""

    @functools.wraps(func)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        actor = kwargs["actor"]
        assert isinstance(actor, User)  # noqa: S101 - a programming error
        with acting_as(actor):
            return func(*args, **kwargs)

    return wrapper


def _lock_assessment(assessment: Assessment) -> Assessment:
    """The assessment as stored now, row-locked until the transaction ends (a no-op on SQLite,
    which serialises writers anyway)."""
    return (
        # of=("self",): PostgreSQL refuses FOR UPDATE on the nullable side of the outer join
        # that select_related("unit__parent") adds; only the assessment row needs the lock.
        Assessment.objects.select_for_update(of=("self",))
        .select_related("unit", "unit__parent", "cycle", "framework")
        .get(pk=assessment.pk)
    )


def _access(actor: User, assessment: Assessment) -> Access:
    access = access_for(actor, assessment)
    refuse_if(spine_rules.view_refusal(access=access), assessment=assessment)
    return access


def _locked_unit_side(actor: User, assessment: Assessment, question: Question) -> Assessment:
    """Lock the assessment and re-check the unit-side rule on the fresh row."""
    fresh = _lock_assessment(assessment)
    access = _access(actor, fresh)
    refuse_if(
        rules.unit_side_refusal(access=access, assessment=fresh, question=question),
        assessment=fresh,
    )
    return fresh


def _locked_evidence_write(actor: User, evidence: Evidence) -> Assessment:
    """Lock the assessment and re-check that every question the document serves is open."""
    fresh = _lock_assessment(evidence.assessment)
    access = _access(actor, fresh)
    refuse_if(
        rules.evidence_write_refusal(access=access, assessment=fresh, evidence=evidence),
        assessment=fresh,
    )
    return fresh


def _check_question(assessment: Assessment, question: Question) -> None:
    if question.framework_id != assessment.framework_id:
        raise ValidationError(
            _("Pertanyaan %(code)s bukan bagian dari kerangka penilaian ini.")
            % {"code": question.code}
        )


def _duplicate_of(assessment: Assessment, sha256: str) -> Evidence | None:
    return (
        Evidence.objects.filter(
            assessment=assessment,
            deleted_at__isnull=True,
            kind=Evidence.Kind.FILE,
            current_revision__sha256=sha256,
        )
        .order_by("pk")
        .first()
    )


def _upload_checked(
    *, assessment: Assessment, uploaded: UploadedFile
) -> tuple[CheckedFile, Callable[[Callable[[str, str, int], R]], R]]:
    """Validate, store, then run the database work; delete the file if that work fails."""
    checked = validate_upload(uploaded)

    def then(db_work: Callable[[str, str, int], R]) -> R:
        stored, sha, size = store_upload(assessment=assessment, uploaded=uploaded, checked=checked)
        try:
            with transaction.atomic():
                return db_work(stored, sha, size)
        except BaseException:
            discard_file(stored)
            raise

    return checked, then


def _file_evidence_create(
    *,
    assessment: Assessment,
    actor: User,
    checked: CheckedFile,
    stored: tuple[str, str, int],
    title: str,
    effective_from: dt.date | None = None,
    effective_until: dt.date | None = None,
    question: Question | None = None,
) -> Evidence:
    """A file Evidence with its first revision (the stored name, hash and size from
    _upload_checked) and its preview queued, attached to `question` when given."""
    name, sha, size = stored
    now = timezone.now()
    evidence = Evidence(
        assessment=assessment,
        title=(title.strip() or checked.name)[:255],
        kind=Evidence.Kind.FILE,
        effective_from=effective_from,
        effective_until=effective_until,
        created_by=actor,
        created_at=now,
    )
    evidence.full_clean()
    evidence.save()
    revision = EvidenceRevision(
        evidence=evidence,
        number=1,
        original_name=checked.name,
        size=size,
        sha256=sha,
        content_type=checked.content_type,
        flags=list(checked.flags),
        uploaded_by=actor,
        uploaded_at=now,
    )
    revision.file.name = name
    revision.save()
    preview_queue(revision=revision)  # rendered after the commit (evidence/preview/)
    if question is not None:
        # Before the current_revision update: the history groups an upload's audit rows
        # by their order, and an attachment after that update joins the next action.
        EvidenceAttachment.objects.create(
            evidence=evidence, question=question, attached_by=actor, attached_at=now
        )
    evidence.current_revision = revision
    evidence.save(update_fields=["current_revision"])
    return evidence


@audited
def evidence_upload(
    *,
    actor: User,
    assessment: Assessment,
    question: Question,
    uploaded_file: UploadedFile,
    title: str = "",
    effective_from: dt.date | None = None,
    effective_until: dt.date | None = None,
) -> Evidence:
    """Store a new document for `question`: Evidence + revision 1 + attachment, or nothing."""
    _check_question(assessment, question)
    check_dates(effective_from, effective_until)
    # An early answer on the row loaded with the request: a refused user's file is never stored.
    refuse_if(
        rules.unit_side_refusal(
            access=_access(actor, assessment), assessment=assessment, question=question
        ),
        assessment=assessment,
    )
    checked, then = _upload_checked(assessment=assessment, uploaded=uploaded_file)

    def db_work(stored: str, sha: str, size: int) -> Evidence:
        # The check that counts: the upload may have streamed while someone submitted.
        fresh = _locked_unit_side(actor, assessment, question)
        existing = _duplicate_of(fresh, sha)
        if existing is not None:
            raise DuplicateEvidence(existing, checked.name)
        evidence = _file_evidence_create(
            assessment=fresh,
            actor=actor,
            checked=checked,
            stored=(stored, sha, size),
            title=title,
            effective_from=effective_from,
            effective_until=effective_until,
            question=question,
        )
        return evidence

    return then(db_work)


@audited
def evidence_replace(
    *, actor: User, evidence: Evidence, uploaded_file: UploadedFile
) -> EvidenceRevision:
    """Add a new revision; earlier revisions stay stored and downloadable."""
    assessment = evidence.assessment
    access = _access(actor, assessment)
    # Permission before anything about the document: a refused user learns nothing else (403).
    # An early answer before streaming; the locked re-check below is the one that counts.
    refuse_if(
        rules.evidence_write_refusal(access=access, assessment=assessment, evidence=evidence),
        assessment=assessment,
    )
    if evidence.is_deleted:
        raise ValidationError(_("Dokumen ini sudah dihapus."))
    if evidence.kind != Evidence.Kind.FILE:
        raise ValidationError(_("Tautan tidak memiliki berkas untuk diganti."))
    checked, then = _upload_checked(assessment=assessment, uploaded=uploaded_file)

    def db_work(stored: str, sha: str, size: int) -> EvidenceRevision:
        _locked_evidence_write(actor, evidence)
        locked = Evidence.objects.select_for_update().get(pk=evidence.pk)
        if locked.is_deleted:
            raise ValidationError(_("Dokumen ini sudah dihapus."))
        current = locked.current_revision
        if current is not None and current.sha256 == sha:
            raise ValidationError(
                _("Berkas '%(name)s' sama persis dengan versi saat ini; tidak ada yang diganti.")
                % {"name": checked.name}
            )
        number = (locked.revisions.aggregate(n=Max("number"))["n"] or 0) + 1
        revision = EvidenceRevision(
            evidence=locked,
            number=number,
            original_name=checked.name,
            size=size,
            sha256=sha,
            content_type=checked.content_type,
            flags=list(checked.flags),
            uploaded_by=actor,
            uploaded_at=timezone.now(),
        )
        revision.file.name = stored
        revision.save()
        preview_queue(revision=revision)  # rendered after the commit (evidence/preview/)
        locked.current_revision = revision
        locked.save(update_fields=["current_revision"])
        evidence.current_revision = revision
        return revision

    return then(db_work)


@audited
@transaction.atomic
def evidence_attach_existing(
    *, actor: User, evidence: Evidence, question: Question
) -> EvidenceAttachment:
    """Let one document of the assessment also serve `question` (no second copy is stored)."""
    _check_question(evidence.assessment, question)
    _locked_unit_side(actor, evidence.assessment, question)
    if evidence.is_deleted:
        raise ValidationError(_("Dokumen ini sudah dihapus."))
    existing = EvidenceAttachment.objects.filter(evidence=evidence, question=question).first()
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            return EvidenceAttachment.objects.create(
                evidence=evidence, question=question, attached_by=actor
            )
    except IntegrityError:
        # A concurrent request attached it first: the outcome the user asked for exists.
        return EvidenceAttachment.objects.get(evidence=evidence, question=question)


def validate_link(url: str) -> str:
    """Only http(s) addresses: javascript:, data:, file:, ftp: and the rest are refused."""
    url = (url or "").strip()
    if not url:
        raise ValidationError(_("Alamat tautan wajib diisi."), code="required")
    scheme = url.split(":", 1)[0].lower() if ":" in url else ""
    if scheme not in ("http", "https"):
        raise ValidationError(
            _("Tautan '%(url)s' ditolak: hanya alamat http:// atau https:// yang diterima.")
            % {"url": url[:80]},
            code="scheme",
        )
    try:
        URLValidator(schemes=["http", "https"])(url)
    except ValidationError as exc:
        raise ValidationError(
            _("Tautan '%(url)s' ditolak: bukan alamat web yang sah.") % {"url": url[:80]},
            code="invalid",
        ) from exc
    if len(url) > 1000:
        raise ValidationError(_("Tautan terlalu panjang (maksimal 1000 karakter)."))
    return url


@audited
@transaction.atomic
def evidence_link_add(
    *,
    actor: User,
    assessment: Assessment,
    question: Question,
    url: str,
    title: str,
) -> Evidence:
    """Record a web link as evidence for `question`."""
    _check_question(assessment, question)
    fresh = _locked_unit_side(actor, assessment, question)
    url = validate_link(url)
    evidence = Evidence(
        assessment=fresh,
        title=(title.strip() or url)[:255],
        kind=Evidence.Kind.LINK,
        url=url,
        created_by=actor,
    )
    evidence.full_clean()
    evidence.save()
    EvidenceAttachment.objects.create(evidence=evidence, question=question, attached_by=actor)
    return evidence


@audited
@transaction.atomic
def evidence_delete(*, actor: User, evidence: Evidence) -> Evidence:
    """Soft delete: the document disappears from the unit's lists and the public page."""
    _locked_evidence_write(actor, evidence)
    if evidence.is_deleted:
        return evidence
    evidence.deleted_at = timezone.now()
    evidence.deleted_by = actor
    # A deleted document must not stay on the public ZI page; restoring does not republish it.
    evidence.is_public = False
    evidence.save(update_fields=["deleted_at", "deleted_by", "is_public"])
    return evidence


@audited
@transaction.atomic
def evidence_restore(*, actor: User, evidence: Evidence) -> Evidence:
    """Undo a soft delete (admins only)."""
    fresh = _lock_assessment(evidence.assessment)
    refuse_if(rules.restore_refusal(access=access_for(actor, fresh)), assessment=fresh)
    if not evidence.is_deleted:
        return evidence
    evidence.deleted_at = None
    evidence.deleted_by = None
    evidence.save(update_fields=["deleted_at", "deleted_by"])
    return evidence


@audited
@transaction.atomic
def evidence_set_public(*, actor: User, evidence: Evidence, is_public: bool) -> Evidence:
    """Show or hide the document on the unit's public ZI page.

    The unit's tim kerja under the unit-side rules for the document; an admin in any status
    (audited with the admin as actor, like every service here)."""
    fresh = _lock_assessment(evidence.assessment)
    refuse_if(
        rules.publish_refusal(access=_access(actor, fresh), assessment=fresh, evidence=evidence),
        assessment=fresh,
    )
    if evidence.is_deleted:
        raise ValidationError(_("Dokumen yang dihapus tidak dapat dipublikasikan."))
    if evidence.is_public != is_public:
        evidence.is_public = is_public
        evidence.save(update_fields=["is_public"])
    return evidence


@audited
@transaction.atomic
def evidence_set_validity(
    *,
    actor: User,
    evidence: Evidence,
    effective_from: dt.date | None,
    effective_until: dt.date | None,
) -> Evidence:
    """Change a document's "masa berlaku" (evidence/validity.py): whoever may replace it."""
    _locked_evidence_write(actor, evidence)
    locked = Evidence.objects.select_for_update().get(pk=evidence.pk)
    if locked.is_deleted:
        raise ValidationError(_("Dokumen ini sudah dihapus."))
    check_dates(effective_from, effective_until)
    if (locked.effective_from, locked.effective_until) != (effective_from, effective_until):
        locked.effective_from, locked.effective_until = effective_from, effective_until
        locked.save(update_fields=["effective_from", "effective_until"])
    evidence.effective_from, evidence.effective_until = effective_from, effective_until
    return locked
