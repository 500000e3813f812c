"""Assessment and question pages, answers and the review workflow. Views stay thin: selector
(404 for what the user may not see), form, service (403 with the Indonesian reason for what they
may not do, 409 with the newer state on a conflict), render."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
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
from zi_portal.access import Access
from zi_portal.models import Assessment
from zi_portal.selectors import assessment_get_for_user


def _actor(request: HttpRequest) -> User:
    """The signed-in user (every page here requires login; the middleware enforces it)."""
    user = request.user
    assert isinstance(user, User)  # noqa: S101 - LoginRequiredMiddleware guarantees it
    return user


def _forbidden(
    request: HttpRequest, reason: str, assessment: Assessment | None = None
) -> HttpResponse:
    return render(
        request,
        "scoring/forbidden.html",
        {"reason": reason, "assessment": assessment},
        status=403,
    )


def _assessment_url(assessment: Assessment) -> str:
    return reverse("scoring:assessment", args=[assessment.pk])


def _question_url(assessment: Assessment, code: str) -> str:
    return reverse("scoring:question", args=[assessment.pk, code])


# --------------------------------------------------------------------------- assessment page


def _assessment_context(
    request: HttpRequest, assessment: Assessment, access: Access, **extra: Any
) -> dict[str, Any]:
    area = request.GET.get("area", "")
    status = request.GET.get("status", "")
    mine = request.GET.get("mine") == "1"
    page = page_selectors.assessment_page(
        assessment=assessment, access=access, area=area, status=status, mine=mine
    )
    return {
        "assessment": assessment,
        "access": access,
        "page": page,
        "unit_score": page.scores[Side.UNIT],
        "tpi_score": page.scores[Side.TPI],
        "filters": {"area": area, "status": status, "mine": mine},
        "status_choices": list(page_selectors.STATUS_LABELS.items()),
        "version_form": forms.VersionForm(initial={"version": assessment.version}),
        "finalise_form": extra.pop("finalise_form", None)
        or forms.FinaliseForm(initial={"version": assessment.version}),
        "extend_form": extra.pop("extend_form", None) or forms.WindowExtensionForm(),
        "tab": "pertanyaan",
        **extra,
    }


@require_GET
def assessment_detail(request: HttpRequest, pk: int) -> HttpResponse:
    assessment, access = assessment_get_for_user(user=request.user, pk=pk)
    context = _assessment_context(request, assessment, access)
    if getattr(request, "htmx", False) and request.headers.get("HX-Target") == "question-table":
        return render(request, "scoring/_question_table.html", context)
    return render(request, "scoring/assessment_detail.html", context)


@require_GET
def assessment_history(request: HttpRequest, pk: int) -> HttpResponse:
    assessment, access = assessment_get_for_user(user=request.user, pk=pk)
    return render(
        request,
        "scoring/assessment_history.html",
        {
            "assessment": assessment,
            "access": access,
            "entries": history.history_for_assessment(assessment),
            "snapshots": page_selectors.snapshots_for(assessment=assessment),
            "tab": "riwayat",
        },
    )


def _workflow(
    request: HttpRequest,
    pk: int,
    form_class: type[forms.forms.Form],
    run: Any,
    done: str,
    context_key: str | None = None,
) -> HttpResponse:
    """POST a workflow step: 403 with the reason, 409 on a conflict, 400 on bad input."""
    assessment, access = assessment_get_for_user(user=request.user, pk=pk)
    form = form_class(request.POST)
    if not form.is_valid():
        extra = {context_key: form} if context_key else {}
        messages.error(request, _("Periksa isian formulir."))
        return render(
            request,
            "scoring/assessment_detail.html",
            _assessment_context(request, assessment, access, **extra),
            status=400,
        )
    try:
        run(assessment, form.cleaned_data)
    except PermissionDenied as exc:
        return _forbidden(request, str(exc), assessment)
    except services.AssessmentConflict as exc:
        messages.error(request, exc.message)
        current = exc.current
        return render(
            request,
            "scoring/assessment_detail.html",
            _assessment_context(request, current, access),
            status=409,
        )
    except ValidationError as exc:
        for m in exc.messages:
            messages.error(request, m)
        extra = {context_key: form} if context_key else {}
        return render(
            request,
            "scoring/assessment_detail.html",
            _assessment_context(request, assessment, access, **extra),
            status=400,
        )
    messages.success(request, done)
    return HttpResponseRedirect(_assessment_url(assessment))


@require_POST
def assessment_sign_off(request: HttpRequest, pk: int) -> HttpResponse:
    return _workflow(
        request,
        pk,
        forms.VersionForm,
        lambda a, d: workflow.assessment_sign_off(
            actor=_actor(request), assessment=a, expected_version=d["version"]
        ),
        _("Persetujuan pimpinan tersimpan; tim kerja dapat mengajukan penilaian."),
    )


@require_POST
def assessment_submit(request: HttpRequest, pk: int) -> HttpResponse:
    return _workflow(
        request,
        pk,
        forms.VersionForm,
        lambda a, d: workflow.assessment_submit(
            actor=_actor(request), assessment=a, expected_version=d["version"]
        ),
        _("Penilaian diajukan ke TPI; jawaban unit kini terkunci."),
    )


@require_POST
def assessment_return(request: HttpRequest, pk: int) -> HttpResponse:
    return _workflow(
        request,
        pk,
        forms.VersionForm,
        lambda a, d: workflow.assessment_return(
            actor=_actor(request), assessment=a, expected_version=d["version"]
        ),
        _("Penilaian dikembalikan ke unit untuk perbaikan."),
    )


@require_POST
def assessment_finalise(request: HttpRequest, pk: int) -> HttpResponse:
    return _workflow(
        request,
        pk,
        forms.FinaliseForm,
        lambda a, d: workflow.assessment_finalise(
            actor=_actor(request),
            assessment=a,
            expected_version=d["version"],
            recommendation=d["recommendation"],
            recommendation_text=d["recommendation_text"],
        ),
        _("Evaluasi TPI selesai dan rekomendasinya tersimpan."),
        context_key="finalise_form",
    )


@require_POST
def window_extend(request: HttpRequest, pk: int) -> HttpResponse:
    return _workflow(
        request,
        pk,
        forms.WindowExtensionForm,
        lambda a, d: workflow.window_extend(
            actor=_actor(request),
            assessment=a,
            phase=d["phase"],
            new_end=d["new_end"],
            reason=d["reason"],
        ),
        _("Jadwal unit ini diperpanjang."),
        context_key="extend_form",
    )


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
        return _forbidden(request, _("Sisi jawaban tidak dikenal."), assessment)
    # Refuse before looking at the input: a closed question answers 403 whatever was sent.
    reason = (
        unit_side_block_reason(access=access, assessment=assessment, question=question)
        if side == Side.UNIT
        else tpi_side_block_reason(access=access, assessment=assessment)
    )
    if reason:
        return _forbidden(request, reason, assessment)
    form = forms.AnswerForm(request.POST, question=question, side=side)
    status = 400
    errors: list[str] = []
    if form.is_valid():
        try:
            services.answer_save(
                actor=_actor(request),
                assessment=assessment,
                question=question,
                side=side,
                **form.service_kwargs(),
            )
        except PermissionDenied as exc:
            return _forbidden(request, str(exc), assessment)
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
                actor=_actor(request),
                assessment=assessment,
                question=question,
                note=form.cleaned_data["note"],
            )
        except PermissionDenied as exc:
            return _forbidden(request, str(exc), assessment)
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
            actor=_actor(request),
            assessment=assessment,
            flag=flag,
        )
    except PermissionDenied as exc:
        return _forbidden(request, str(exc), assessment)
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
