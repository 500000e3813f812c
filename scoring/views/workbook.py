"""The official LKE workbook in the browser: upload, preview every change, apply.

The upload plans the import and writes nothing (scoring/transfer/workbook_plan.py); the preview
carries the plan to "apply" as a signed payload bound to the user and the assessment, expiring
after an hour. A refusal (side locked, not this side's writer) is the one 403 page; an answer
changed since the preview is a 409 that writes nothing.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from scoring import forms
from scoring.models import Side
from scoring.selectors.workbook import workbook_import_sides_or_refuse
from scoring.transfer import workbook_plan as plans
from zi_portal.http import acting_user
from zi_portal.selectors import assessment_get_for_user


@require_http_methods(["GET", "POST"])
def workbook_import(request: HttpRequest, pk: int) -> HttpResponse:
    assessment, _access = assessment_get_for_user(user=request.user, pk=pk)
    sides = workbook_import_sides_or_refuse(
        user=request.user, assessment=assessment, side=request.POST.get("side")
    )
    form = forms.WorkbookUploadForm(request.POST or None, request.FILES or None)
    form.initial["side"] = sides[0]
    form.fields["side"].widget.choices = [c for c in Side.choices if c[0] in sides]
    context = {"assessment": assessment, "form": form, "sides": sides}
    if request.method == "POST" and form.is_valid():
        user = acting_user(request)
        plan = plans.plan_workbook_import(
            actor=user,
            assessment=assessment,
            side=form.cleaned_data["side"],
            source=form.cleaned_data["workbook"],
        )
        payload = plans.plan_to_payload(plan, user_id=user.pk) if plan.can_apply else ""
        context.update(plan=plan, payload=payload)
        return render(request, "scoring/workbook_preview.html", context)
    status = 400 if form.errors else 200
    return render(request, "scoring/workbook_import.html", context, status=status)


@require_POST
def workbook_apply(request: HttpRequest, pk: int) -> HttpResponse:
    assessment, _access = assessment_get_for_user(user=request.user, pk=pk)
    user = acting_user(request)
    plan = plans.plan_from_payload(
        request.POST.get("plan", ""), assessment_id=assessment.pk, user_id=user.pk
    )
    error = _("Pratinjau ini tidak sah atau sudah kedaluwarsa; unggah ulang lembar kerja.")
    try:
        if plan is None:
            raise ValueError(error)
        n = plans.apply_workbook_import(actor=user, plan=plan)
    except (ValueError, plans.WorkbookImportStale) as exc:
        context = {"assessment": assessment, "form": forms.WorkbookUploadForm(), "error": exc}
        status = 400 if plan is None else 409
        return render(request, "scoring/workbook_import.html", context, status=status)
    messages.success(
        request, ngettext("%(n)s jawaban diperbarui", "%(n)s jawaban diperbarui", n) % {"n": n}
    )
    return HttpResponseRedirect(reverse("scoring:assessment_history", args=[assessment.pk]))
