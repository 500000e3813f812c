"""Evidence, link and comment actions on a question, and the permission-checked download.

Every action is a POST that answers htmx with the refreshed question panel fragment and plain
browsers with a redirect back to the question page plus messages. Objects the user may not see are
404 (selectors); actions they may not take are refused by the services (evidence/rules.py, checked
on the locked assessment) and zi_portal.middleware answers 403 with the reason and its code.
"""

from __future__ import annotations

import logging
from typing import Any
from urllib.parse import quote

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from areas.models import Question
from evidence import comments, rules, services
from evidence.forms import (
    AttachForm,
    CommentForm,
    LinkForm,
    PublicForm,
    QuestionContextForm,
    ReplaceForm,
    UploadForm,
    ValidityForm,
)
from evidence.models import Comment, Evidence
from evidence.selectors import (
    UploadResult,
    attach_candidates,
    evidence_get_for_user,
    question_panel,
)
from evidence.storage import EvidenceStorageError
from zi_portal.access import Access
from zi_portal.http import acting_user
from zi_portal.models import Assessment
from zi_portal.refusals import refuse_if
from zi_portal.selectors import assessment_get_for_user

logger = logging.getLogger(__name__)
PANEL = "evidence/_question_panel.html"


def question_url(assessment: Assessment, question: Question) -> str:
    """The question page (owned by scoring); the path is the agreed contract if not yet routed."""
    try:
        return reverse("scoring:question", args=[assessment.pk, question.code])
    except NoReverseMatch:
        return f"/penilaian/{assessment.pk}/pertanyaan/{quote(question.code)}/"


def _question(assessment: Assessment, code: str) -> Question:
    return get_object_or_404(Question, framework_id=assessment.framework_id, code=code)


def _assessment(request: HttpRequest, pk: int) -> tuple[Assessment, Access]:
    return assessment_get_for_user(user=request.user, pk=pk)


def _evidence(
    request: HttpRequest, assessment_pk: int, evidence_pk: int
) -> tuple[Assessment, Access, Evidence]:
    assessment, access = _assessment(request, assessment_pk)
    evidence, _access = evidence_get_for_user(user=request.user, pk=evidence_pk)
    if evidence.assessment_id != assessment.pk:
        raise Http404
    return assessment, access, evidence


def _context_question(
    request: HttpRequest, assessment: Assessment, evidence: Evidence
) -> Question | None:
    """The question whose panel an evidence-level action returns to (form field `q`)."""
    form = QuestionContextForm(request.POST)
    code = form.data.get("q", "")
    if code:
        question = Question.objects.filter(framework_id=assessment.framework_id, code=code).first()
        if question is not None:
            return question
    return evidence.questions.order_by("position").first()


def _respond(
    request: HttpRequest,
    assessment: Assessment,
    access: Access,
    question: Question | None,
    results: list[UploadResult],
) -> HttpResponse:
    if question is None:
        for r in results:
            messages.add_message(request, messages.SUCCESS if r.ok else messages.ERROR, r.message)
        return HttpResponseRedirect(reverse("scoring:assessment", args=[assessment.pk]))
    if getattr(request, "htmx", False):
        panel = question_panel(
            user=request.user,
            assessment=assessment,
            access=access,
            question=question,
            results=results,
        )
        return render(request, PANEL, {"panel": panel})
    for r in results:
        level = messages.SUCCESS if r.ok else (messages.WARNING if r.duplicate else messages.ERROR)
        messages.add_message(request, level, r.message)
    return HttpResponseRedirect(question_url(assessment, question))


def _errors(
    form: UploadForm
    | LinkForm
    | AttachForm
    | CommentForm
    | ReplaceForm
    | PublicForm
    | ValidityForm,
) -> list[UploadResult]:
    return [
        UploadResult(name="", ok=False, message=str(msg))
        for errs in form.errors.values()
        for msg in errs
    ]


def _message(exc: ValidationError) -> str:
    return " ".join(str(m) for m in exc.messages)


@require_GET
def panel(request: HttpRequest, assessment_pk: int, code: str) -> HttpResponse:
    assessment, access = _assessment(request, assessment_pk)
    question = _question(assessment, code)
    ctx = question_panel(user=request.user, assessment=assessment, access=access, question=question)
    if getattr(request, "htmx", False):
        return render(request, PANEL, {"panel": ctx})
    return render(request, "evidence/panel_page.html", {"panel": ctx})


@require_POST
def upload(request: HttpRequest, assessment_pk: int, code: str) -> HttpResponse:
    assessment, access = _assessment(request, assessment_pk)
    question = _question(assessment, code)
    form = UploadForm(request.POST, request.FILES)
    if not form.is_valid():
        return _respond(request, assessment, access, question, _errors(form))
    files = form.cleaned_data["documents"]
    title = form.cleaned_data["title"] if len(files) == 1 else ""
    dates = {k: form.cleaned_data[k] for k in ("effective_from", "effective_until")}
    results = [_upload_one(request, assessment, question, f, title, dates) for f in files]
    return _respond(request, assessment, access, question, results)


def _upload_one(
    request: HttpRequest,
    assessment: Assessment,
    question: Question,
    f: Any,
    title: str,
    dates: dict[str, Any],
) -> UploadResult:
    """One file of a multi-file upload: its own outcome line (a refusal stops them all: 403)."""
    try:
        ev = services.evidence_upload(
            actor=acting_user(request),
            assessment=assessment,
            question=question,
            uploaded_file=f,
            title=title,
            **dates,
        )
    except ValidationError as exc:
        return UploadResult(name=f.name or "", ok=False, message=_message(exc))
    except services.DuplicateEvidence as dup:
        return UploadResult(name=dup.name, ok=False, message=str(dup), duplicate=dup.existing)
    except EvidenceStorageError as exc:
        return UploadResult(name=exc.name, ok=False, message=str(exc))
    name = ev.current_revision.original_name if ev.current_revision else ev.title
    return UploadResult(
        name=f.name or "", ok=True, message=_("Berkas '%(name)s' tersimpan.") % {"name": name}
    )


@require_POST
def link_add(request: HttpRequest, assessment_pk: int, code: str) -> HttpResponse:
    assessment, access = _assessment(request, assessment_pk)
    question = _question(assessment, code)
    form = LinkForm(request.POST)
    if not form.is_valid():
        # The refusal outranks the input: a refused user gets 403, not a message about the link.
        refuse_if(
            rules.unit_side_refusal(access=access, assessment=assessment, question=question),
            assessment=assessment,
        )
        return _respond(request, assessment, access, question, _errors(form))
    try:
        ev = services.evidence_link_add(
            actor=acting_user(request),
            assessment=assessment,
            question=question,
            url=form.cleaned_data["url"],
            title=form.cleaned_data["title"],
        )
        result = UploadResult(
            name=ev.title, ok=True, message=_("Tautan '%(t)s' tersimpan.") % {"t": ev.title}
        )
    except ValidationError as exc:
        result = UploadResult(name="", ok=False, message=_message(exc))
    return _respond(request, assessment, access, question, [result])


@require_GET
def attach_list(request: HttpRequest, assessment_pk: int, code: str) -> HttpResponse:
    """The "attach existing" form with the assessment's other documents, on demand: with htmx the
    form alone (into the panel), without the form on its own page. Refused (403) like attaching."""
    assessment, access = _assessment(request, assessment_pk)
    question = _question(assessment, code)
    refusal = rules.unit_side_refusal(access=access, assessment=assessment, question=question)
    refuse_if(refusal, assessment=assessment)
    hx = bool(getattr(request, "htmx", False))
    context = {
        "a": assessment,
        "q": question,
        "candidates": attach_candidates(assessment=assessment, question=question),
        "hx": hx,
        "back_url": question_url(assessment, question),
    }
    page = "evidence/_attach_form.html" if hx else "evidence/attach_page.html"
    return render(request, page, context)


@require_POST
def attach(request: HttpRequest, assessment_pk: int, code: str) -> HttpResponse:
    assessment, access = _assessment(request, assessment_pk)
    question = _question(assessment, code)
    form = AttachForm(request.POST)
    if not form.is_valid():
        return _respond(request, assessment, access, question, _errors(form))
    evidence, _access = evidence_get_for_user(user=request.user, pk=form.cleaned_data["evidence"])
    if evidence.assessment_id != assessment.pk:
        raise Http404
    try:
        services.evidence_attach_existing(
            actor=acting_user(request), evidence=evidence, question=question
        )
        result = UploadResult(
            name=evidence.title,
            ok=True,
            message=_("Dokumen '%(t)s' dilampirkan pada %(code)s.")
            % {"t": evidence.title, "code": question.code},
        )
    except ValidationError as exc:
        result = UploadResult(name=evidence.title, ok=False, message=_message(exc))
    return _respond(request, assessment, access, question, [result])


@require_POST
def replace(request: HttpRequest, assessment_pk: int, evidence_pk: int) -> HttpResponse:
    assessment, access, evidence = _evidence(request, assessment_pk, evidence_pk)
    question = _context_question(request, assessment, evidence)
    form = ReplaceForm(request.POST, request.FILES)
    if not form.is_valid():
        # The refusal outranks the input (no file chosen): a refused user gets 403 first.
        refuse_if(
            rules.evidence_write_refusal(access=access, assessment=assessment, evidence=evidence),
            assessment=assessment,
        )
        return _respond(request, assessment, access, question, _errors(form))
    try:
        rev = services.evidence_replace(
            actor=acting_user(request), evidence=evidence, uploaded_file=form.cleaned_data["file"]
        )
        result = UploadResult(
            name=rev.original_name,
            ok=True,
            message=_("Versi %(n)s dari '%(t)s' tersimpan; versi lama tetap dapat diunduh.")
            % {"n": rev.number, "t": evidence.title},
        )
    except ValidationError as exc:
        result = UploadResult(name="", ok=False, message=_message(exc))
    except EvidenceStorageError as exc:
        result = UploadResult(name=exc.name, ok=False, message=str(exc))
    return _respond(request, assessment, access, question, [result])


@require_POST
def validity(request: HttpRequest, assessment_pk: int, evidence_pk: int) -> HttpResponse:
    """Change a document's "masa berlaku" (whoever may replace it; evidence/validity.py)."""
    assessment, access, evidence = _evidence(request, assessment_pk, evidence_pk)
    question = _context_question(request, assessment, evidence)
    form = ValidityForm(request.POST)
    if not form.is_valid():
        refuse_if(
            rules.evidence_write_refusal(access=access, assessment=assessment, evidence=evidence),
            assessment=assessment,
        )
        return _respond(request, assessment, access, question, _errors(form))
    try:
        services.evidence_set_validity(
            actor=acting_user(request),
            evidence=evidence,
            effective_from=form.cleaned_data["effective_from"],
            effective_until=form.cleaned_data["effective_until"],
        )
        msg = _("Masa berlaku '%(t)s' disimpan.") % {"t": evidence.title}
        result = UploadResult(name=evidence.title, ok=True, message=msg)
    except ValidationError as exc:
        result = UploadResult(name=evidence.title, ok=False, message=_message(exc))
    return _respond(request, assessment, access, question, [result])


@require_POST
def delete(request: HttpRequest, assessment_pk: int, evidence_pk: int) -> HttpResponse:
    assessment, access, evidence = _evidence(request, assessment_pk, evidence_pk)
    question = _context_question(request, assessment, evidence)
    services.evidence_delete(actor=acting_user(request), evidence=evidence)
    result = UploadResult(
        name=evidence.title,
        ok=True,
        message=_("Dokumen '%(t)s' dihapus. Admin dapat memulihkannya bila perlu.")
        % {"t": evidence.title},
    )
    return _respond(request, assessment, access, question, [result])


@require_POST
def restore(request: HttpRequest, assessment_pk: int, evidence_pk: int) -> HttpResponse:
    assessment, access, evidence = _evidence(request, assessment_pk, evidence_pk)
    question = _context_question(request, assessment, evidence)
    services.evidence_restore(actor=acting_user(request), evidence=evidence)
    result = UploadResult(
        name=evidence.title,
        ok=True,
        message=_("Dokumen '%(t)s' dipulihkan.") % {"t": evidence.title},
    )
    return _respond(request, assessment, access, question, [result])


@require_POST
def publish(request: HttpRequest, assessment_pk: int, evidence_pk: int) -> HttpResponse:
    assessment, access, evidence = _evidence(request, assessment_pk, evidence_pk)
    question = _context_question(request, assessment, evidence)
    form = PublicForm(request.POST)
    form.is_valid()
    is_public = bool(form.cleaned_data.get("is_public"))
    try:
        services.evidence_set_public(
            actor=acting_user(request), evidence=evidence, is_public=is_public
        )
        msg = (
            _("Dokumen '%(t)s' ditampilkan di halaman publik.")
            if is_public
            else _("Dokumen '%(t)s' tidak lagi ditampilkan di halaman publik.")
        )
        result = UploadResult(name=evidence.title, ok=True, message=msg % {"t": evidence.title})
    except ValidationError as exc:
        result = UploadResult(name=evidence.title, ok=False, message=_message(exc))
    return _respond(request, assessment, access, question, [result])


@require_POST
def comment_add(request: HttpRequest, assessment_pk: int, code: str) -> HttpResponse:
    assessment, access = _assessment(request, assessment_pk)
    question = _question(assessment, code)
    form = CommentForm(request.POST)
    if not form.is_valid():
        return _respond(request, assessment, access, question, _errors(form))
    try:
        comments.comment_add(
            actor=acting_user(request),
            assessment=assessment,
            question=question,
            body=form.cleaned_data["body"],
        )
        result = UploadResult(name="", ok=True, message=_("Komentar terkirim."))
    except ValidationError as exc:
        result = UploadResult(name="", ok=False, message=_message(exc))
    return _respond(request, assessment, access, question, [result])


@require_POST
def comment_resolve(request: HttpRequest, assessment_pk: int, comment_pk: int) -> HttpResponse:
    assessment, access = _assessment(request, assessment_pk)
    comment = get_object_or_404(
        Comment.objects.select_related("assessment", "question"),
        pk=comment_pk,
        assessment=assessment,
    )
    comments.comment_resolve(actor=acting_user(request), comment=comment)
    result = UploadResult(name="", ok=True, message=_("Komentar ditandai selesai."))
    return _respond(request, assessment, access, comment.question, [result])


@require_GET
def download(
    request: HttpRequest, assessment_pk: int, evidence_pk: int, revision_pk: int
) -> HttpResponse | FileResponse:
    """Stream one revision as an attachment; never through a public media URL. A revision
    whose stored file is gone answers 404 with a page saying so (`manage.py check_storage`
    lists every such row)."""
    assessment, _access, evidence = _evidence(request, assessment_pk, evidence_pk)
    revision = get_object_or_404(evidence.revisions.all(), pk=revision_pk)
    try:
        if not revision.file.name:
            raise FileNotFoundError(revision.pk)
        fh = default_storage.open(revision.file.name, "rb")
    except FileNotFoundError:
        logger.error("evidence revision %s: stored file missing (%s)", revision.pk, revision.file)
        context = {"assessment": assessment, "evidence": evidence, "revision": revision}
        return render(request, "evidence/file_missing.html", context, status=404)
    response = FileResponse(
        fh,
        as_attachment=True,
        filename=revision.original_name or "berkas",
        content_type=revision.content_type or "application/octet-stream",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
