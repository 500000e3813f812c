"""The question page: both sides' answers, the evidence panel, flags and the percentage preview.

Views stay thin: selector (404 for what the user may not see), form, service, render. A service's
refusal (zi_portal.refusals.Refused) becomes the 403 page in zi_portal.middleware."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from evidence.models import ReviewFlag
from evidence.selectors import question_panel
from scoring import forms
from scoring import rules as scoring_rules
from scoring.models import Side
from scoring.selectors import flags as flag_selectors
from scoring.selectors import history
from scoring.selectors import question as question_selectors
from scoring.services import answers as services
from scoring.services import workflow
from scoring.views import partials
from scoring.views.assessment import _question_url
from zi_portal.access import Access
from zi_portal.http import acting_user
from zi_portal.models import Assessment, window_ends_remembered
from zi_portal.refusals import refuse_if
from zi_portal.selectors import assessment_get_for_user

# --------------------------------------------------------------------------- question page


def _evidence_panel(
    request: HttpRequest, assessment: Assessment, access: Access, question: Any
) -> dict[str, Any]:
    """The evidence app's panel (documents, links, comments) for this question."""
    return question_panel(
        user=request.user, assessment=assessment, access=access, question=question
    )


def _question_context(
    request: HttpRequest,
    assessment: Assessment,
    access: Access,
    question: Any,
    forms_by_side: dict[str, forms.AnswerForm] | None = None,
    **extra: Any,
) -> dict[str, Any]:
    review = flag_selectors.question_review(assessment=assessment, access=access, question=question)
    page = question_selectors.question_page(
        assessment=assessment,
        access=access,
        question=question,
        flags=[fv.flag for fv in review.flags],
    )
    bound = forms_by_side or {}
    sides = {side: partials.side_context(page, side, bound.get(side)) for side in Side.values}
    return {
        "assessment": assessment,
        "access": access,
        "page": page,
        "question": question,
        "unit_side": sides[Side.UNIT],
        "tpi_side": sides[Side.TPI],
        "unit_form": sides[Side.UNIT]["form"],
        "tpi_form": sides[Side.TPI]["form"],
        **partials.filter_context(request, assessment, access, page),
        "flag_form": extra.pop("flag_form", None) or forms.FlagForm(),
        "evidence_panel": _evidence_panel(request, assessment, access, question),
        "review": review,
        "tab": "pertanyaan",
        **extra,
    }


@require_GET
def question_detail(request: HttpRequest, pk: int, code: str) -> HttpResponse:
    assessment, access = assessment_get_for_user(user=request.user, pk=pk)
    question = question_selectors.question_get(assessment=assessment, code=code)
    with window_ends_remembered(assessment):  # asked per document by the evidence panel
        context = _question_context(request, assessment, access, question)
    return render(request, "scoring/question_detail.html", context)


@require_GET
def question_history(request: HttpRequest, pk: int, code: str) -> HttpResponse:
    assessment, access = assessment_get_for_user(user=request.user, pk=pk)
    question = question_selectors.question_get(assessment=assessment, code=code)
    return render(
        request,
        "scoring/question_history.html",
        {
            "assessment": assessment,
            "access": access,
            "question": question,
            "entries": history.history_for_question(assessment, question),
            "tab": "riwayat",
        },
    )


@require_POST
def answer_save(request: HttpRequest, pk: int, code: str, side: str) -> HttpResponse:
    assessment, access = assessment_get_for_user(user=request.user, pk=pk)
    question = question_selectors.question_get(assessment=assessment, code=code)
    form = forms.AnswerForm(request.POST, question=question, side=side)
    if not form.is_valid():
        return _invalid_answer(request, assessment, access, question, form)
    try:
        services.answer_save(
            actor=acting_user(request),
            assessment=assessment,
            question=question,
            side=side,
            **form.service_kwargs(),
        )
    except services.AnswerConflict as exc:
        form = _conflict_form(request, question, side, exc)
        return _answer_page(request, assessment, access, question, form, [exc.message], 409)
    except ValidationError as exc:
        return _answer_page(request, assessment, access, question, form, exc.messages, 400)
    return _answer_saved(request, assessment, access, question, side)


def _answer_saved(
    request: HttpRequest, assessment: Assessment, access: Access, question: Any, side: str
) -> HttpResponse:
    """With htmx: the answer block with its 'saved' line, swapped in place. Without: the message
    and a redirect to the question page, the list's filter kept."""
    done = _("Jawaban %(side)s untuk %(code)s tersimpan.") % {
        "side": Side(side).label,
        "code": question.code,
    }
    if getattr(request, "htmx", False):
        return partials.answer_block(
            request, assessment=assessment, access=access, question=question, side=side, saved=done
        )
    messages.success(request, done)
    query = partials.QuestionFilter.from_request(request).query
    return HttpResponseRedirect(_question_url(assessment, question.code) + query)


def _invalid_answer(
    request: HttpRequest,
    assessment: Assessment,
    access: Access,
    question: Any,
    form: forms.AnswerForm,
) -> HttpResponse:
    """Bad input: 400 with the form's errors. But the refusal outranks the input: a question this
    user may not write answers 403 whatever was sent (the service refuses the same way once the
    input is valid)."""
    refusal = scoring_rules.answer_refusal(
        access=access, assessment=assessment, question=question, side=form.side
    )
    refuse_if(refusal, assessment=assessment)
    return _answer_page(request, assessment, access, question, form, [], status=400)


def _conflict_form(
    request: HttpRequest, question: Any, side: str, exc: services.AnswerConflict
) -> forms.AnswerForm:
    """Keep what the user typed; the form now names the stored version, so a second save after
    checking is accepted."""
    data = request.POST.copy()
    data[f"{side}-version"] = str(exc.current.version) if exc.current else ""
    form = forms.AnswerForm(data, question=question, side=side)
    form.is_valid()
    return form


def _answer_page(
    request: HttpRequest,
    assessment: Assessment,
    access: Access,
    question: Any,
    form: forms.AnswerForm,
    errors: list[str],
    status: int,
) -> HttpResponse:
    """The question page again with this side's form as sent and what went wrong (with htmx: only
    this side's answer block, swapped in place)."""
    if getattr(request, "htmx", False):
        return partials.answer_block(
            request,
            assessment=assessment,
            access=access,
            question=question,
            side=form.side,
            form=form,
            errors=errors,
            status=status,
        )
    context = _question_context(
        request, assessment, access, question, {form.side: form}, form_errors={form.side: errors}
    )
    return render(request, "scoring/question_detail.html", context, status=status)


@require_POST
def question_flag(request: HttpRequest, pk: int, code: str) -> HttpResponse:
    assessment, access = assessment_get_for_user(user=request.user, pk=pk)
    question = question_selectors.question_get(assessment=assessment, code=code)
    form = forms.FlagForm(request.POST)
    errors: list[str] = []
    if form.is_valid():
        try:
            workflow.question_flag(
                actor=acting_user(request),
                assessment=assessment,
                question=question,
                note=form.cleaned_data["note"],
            )
        except ValidationError as exc:
            errors.extend(exc.messages)
        else:
            messages.success(
                request, _("%(code)s ditandai perlu perbaikan.") % {"code": question.code}
            )
            return HttpResponseRedirect(_question_url(assessment, question.code))
    context = _question_context(
        request, assessment, access, question, flag_form=form, flag_errors=errors
    )
    return render(request, "scoring/question_detail.html", context, status=400)


@require_POST
def flag_withdraw(request: HttpRequest, pk: int, code: str, flag_id: int) -> HttpResponse:
    assessment, _access = assessment_get_for_user(user=request.user, pk=pk)
    question = question_selectors.question_get(assessment=assessment, code=code)
    flag = get_object_or_404(ReviewFlag, pk=flag_id, assessment=assessment, question=question)
    try:
        workflow.question_flag_withdraw(
            actor=acting_user(request),
            assessment=assessment,
            flag=flag,
        )
    except ValidationError as exc:
        for m in exc.messages:
            messages.error(request, m)
    else:
        messages.success(request, _("Catatan perbaikan ditarik."))
    return HttpResponseRedirect(_question_url(assessment, question.code))


@require_POST
def percentage_preview(request: HttpRequest, pk: int, code: str) -> HttpResponse:
    """htmx: the percentage these counts give, by the engine's rules for this question."""
    assessment, _access = assessment_get_for_user(user=request.user, pk=pk)
    question = question_selectors.question_get(assessment=assessment, code=code)
    prefix = request.POST.get("prefix", "unit")
    if prefix not in Side.values:
        prefix = Side.UNIT
    raw = {
        name.removeprefix(f"{prefix}-count_"): str(value)
        for name, value in request.POST.items()
        if name.startswith(f"{prefix}-count_")
    }
    preview = question_selectors.percentage_preview(question=question, raw=raw)
    return render(
        request, "scoring/_percentage_preview.html", {"preview": preview, "question": question}
    )
