"""The question page: both sides' answers, the evidence panel, flags and the percentage preview.

Views stay thin: selector (404 for what the user may not see), form, service, render."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from evidence.models import ReviewFlag
from evidence.rules import tpi_side_block_reason, unit_side_block_reason
from evidence.selectors import question_panel
from scoring import forms
from scoring.models import Side
from scoring.selectors import history
from scoring.selectors import pages as page_selectors
from scoring.services import answers as services
from scoring.services import workflow
from scoring.views.assessment import _question_url
from zi_portal.access import Access
from zi_portal.http import acting_user, forbidden
from zi_portal.models import Assessment
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
    page = page_selectors.question_page(assessment=assessment, access=access, question=question)
    bound = forms_by_side or {}
    answer_forms = {
        side: bound.get(side)
        or forms.AnswerForm(question=question, side=side, answer=getattr(page, side))
        for side in Side.values
    }
    return {
        "assessment": assessment,
        "access": access,
        "page": page,
        "question": question,
        "unit_form": answer_forms[Side.UNIT],
        "tpi_form": answer_forms[Side.TPI],
        "flag_form": extra.pop("flag_form", None) or forms.FlagForm(),
        "evidence_panel": _evidence_panel(request, assessment, access, question),
        "tab": "pertanyaan",
        **extra,
    }


@require_GET
def question_detail(request: HttpRequest, pk: int, code: str) -> HttpResponse:
    assessment, access = assessment_get_for_user(user=request.user, pk=pk)
    question = page_selectors.question_get(assessment=assessment, code=code)
    return render(
        request,
        "scoring/question_detail.html",
        _question_context(request, assessment, access, question),
    )


@require_GET
def question_history(request: HttpRequest, pk: int, code: str) -> HttpResponse:
    assessment, access = assessment_get_for_user(user=request.user, pk=pk)
    question = page_selectors.question_get(assessment=assessment, code=code)
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
    question = page_selectors.question_get(assessment=assessment, code=code)
    if side not in Side.values:
        return forbidden(request, _("Sisi jawaban tidak dikenal."), assessment=assessment)
    # Refuse before looking at the input: a closed question answers 403 whatever was sent.
    reason = (
        unit_side_block_reason(access=access, assessment=assessment, question=question)
        if side == Side.UNIT
        else tpi_side_block_reason(access=access, assessment=assessment)
    )
    if reason:
        return forbidden(request, reason, assessment=assessment)
    form = forms.AnswerForm(request.POST, question=question, side=side)
    status = 400
    errors: list[str] = []
    if form.is_valid():
        try:
            services.answer_save(
                actor=acting_user(request),
                assessment=assessment,
                question=question,
                side=side,
                **form.service_kwargs(),
            )
        except PermissionDenied as exc:
            return forbidden(request, str(exc), assessment=assessment)
        except services.AnswerConflict as exc:
            status = 409
            errors.append(exc.message)
            # Keep what the user typed; the form now names the stored version, so a second
            # save after checking is accepted.
            data = request.POST.copy()
            data[f"{side}-version"] = str(exc.current.version) if exc.current else ""
            form = forms.AnswerForm(data, question=question, side=side)
            form.is_valid()
        except ValidationError as exc:
            errors.extend(exc.messages)
        else:
            messages.success(
                request,
                _("Jawaban %(side)s untuk %(code)s tersimpan.")
                % {"side": Side(side).label, "code": question.code},
            )
            return HttpResponseRedirect(_question_url(assessment, question.code))
    context = _question_context(
        request, assessment, access, question, {side: form}, form_errors={side: errors}
    )
    return render(request, "scoring/question_detail.html", context, status=status)


@require_POST
def question_flag(request: HttpRequest, pk: int, code: str) -> HttpResponse:
    assessment, access = assessment_get_for_user(user=request.user, pk=pk)
    question = page_selectors.question_get(assessment=assessment, code=code)
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
        except PermissionDenied as exc:
            return forbidden(request, str(exc), assessment=assessment)
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
    question = page_selectors.question_get(assessment=assessment, code=code)
    flag = get_object_or_404(ReviewFlag, pk=flag_id, assessment=assessment, question=question)
    try:
        workflow.question_flag_withdraw(
            actor=acting_user(request),
            assessment=assessment,
            flag=flag,
        )
    except PermissionDenied as exc:
        return forbidden(request, str(exc), assessment=assessment)
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
    question = page_selectors.question_get(assessment=assessment, code=code)
    prefix = request.POST.get("prefix", "unit")
    if prefix not in Side.values:
        prefix = Side.UNIT
    raw = {
        name.removeprefix(f"{prefix}-count_"): str(value)
        for name, value in request.POST.items()
        if name.startswith(f"{prefix}-count_")
    }
    preview = page_selectors.percentage_preview(question=question, raw=raw)
    return render(
        request, "scoring/_percentage_preview.html", {"preview": preview, "question": question}
    )
