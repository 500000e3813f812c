"""Assessment and question pages, answers and the review workflow. Views stay thin: selector
(404 for what the user may not see), form, service (its refusal becomes the 403 page with the
reason and code in zi_portal.middleware; 409 with the newer state on a conflict), render."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from scoring import forms
from scoring.models import Side
from scoring.selectors import history
from scoring.selectors import pages as page_selectors
from scoring.selectors import question as question_selectors
from scoring.services import answers as services
from scoring.services import workflow
from scoring.views.partials import QuestionFilter
from scoring.views.question_table import progress_rows_html, question_rows_html
from zi_portal.access import Access
from zi_portal.http import acting_user
from zi_portal.models import Assessment, window_ends_remembered
from zi_portal.selectors import assessment_get_for_user


def _assessment_url(assessment: Assessment) -> str:
    return reverse("scoring:assessment", args=[assessment.pk])


def _question_url(assessment: Assessment, code: str) -> str:
    return reverse("scoring:question", args=[assessment.pk, code])


_CODE = "~code~"


def _question_url_parts(assessment: Assessment, query: str) -> dict[str, str]:
    """A question's URL is start + QuestionRow.url_code + end: one reverse for the whole table
    instead of one per row (end carries the table's filter)."""
    start, end = _question_url(assessment, _CODE).split(_CODE)
    return {"url_start": start, "url_end": end + query}


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
    query = QuestionFilter(area=area, status=status, mine=mine).query
    return {
        "assessment": assessment,
        "access": access,
        "page": page,
        "question_rows": question_rows_html(
            page.rows, framework=assessment.framework, **_question_url_parts(assessment, query)
        ),
        "progress_rows": progress_rows_html(page.progress),
        "unit_score": page.scores[Side.UNIT],
        "tpi_score": page.scores[Side.TPI],
        "filters": {"area": area, "status": status, "mine": mine},
        "filter_qs": query,
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
    table_only = request.headers.get("HX-Target") == "question-table"
    with window_ends_remembered(assessment):  # asked by the window line and the workflow rules
        context = _assessment_context(request, assessment, access)
        if getattr(request, "htmx", False) and table_only:
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
            "snapshots": question_selectors.snapshots_for(assessment=assessment),
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
    """POST a workflow step: 409 on a conflict, 400 on bad input (a refusal is the 403 page)."""
    assessment, access = assessment_get_for_user(user=request.user, pk=pk)
    form = form_class(request.POST)
    extra = {context_key: form} if context_key else {}
    if not form.is_valid():
        messages.error(request, _("Periksa isian formulir."))
        return _assessment_page(request, assessment, access, 400, **extra)
    try:
        run(assessment, form.cleaned_data)
    except services.AssessmentConflict as exc:
        messages.error(request, exc.message)
        return _assessment_page(request, exc.current, access, 409)
    except ValidationError as exc:
        for m in exc.messages:
            messages.error(request, m)
        return _assessment_page(request, assessment, access, 400, **extra)
    messages.success(request, done)
    return HttpResponseRedirect(_assessment_url(assessment))


def _assessment_page(
    request: HttpRequest, assessment: Assessment, access: Access, status: int, **extra: Any
) -> HttpResponse:
    return render(
        request,
        "scoring/assessment_detail.html",
        _assessment_context(request, assessment, access, **extra),
        status=status,
    )


@require_POST
def assessment_sign_off(request: HttpRequest, pk: int) -> HttpResponse:
    return _workflow(
        request,
        pk,
        forms.VersionForm,
        lambda a, d: workflow.assessment_sign_off(
            actor=acting_user(request), assessment=a, expected_version=d["version"]
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
            actor=acting_user(request), assessment=a, expected_version=d["version"]
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
            actor=acting_user(request), assessment=a, expected_version=d["version"]
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
            actor=acting_user(request),
            assessment=a,
            expected_version=d["version"],
            recommendation=d["recommendation"],
            recommendation_text=d["recommendation_text"],
            confirm_unreviewed=d.get("confirm_unreviewed", False),
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
            actor=acting_user(request),
            assessment=a,
            phase=d["phase"],
            new_end=d["new_end"],
            reason=d["reason"],
        ),
        _("Jadwal unit ini diperpanjang."),
        context_key="extend_form",
    )
