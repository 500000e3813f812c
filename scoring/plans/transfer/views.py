"""The plan in Excel: export (download), import (upload, preview every row and problem, apply).

The assessment is found with assessment_get_for_user (404 for what the user may not see); the
export asks plan_read_refusal, the import pages plan_edit_refusal (no indicator: may this person
edit the plan at all), each a 403 with the code. The preview carries the checked rows to "Impor"
signed (payload.py); the apply creates them all or none.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from scoring.plans import rules
from scoring.plans.transfer import imports, payload
from scoring.plans.transfer.export import XLSX_TYPE, export_filename, plan_workbook_bytes
from scoring.plans.transfer.forms import PlanWorkbookForm
from scoring.plans.transfer.reader import UnreadableWorkbook
from zi_portal.http import acting_user
from zi_portal.refusals import refuse_if
from zi_portal.selectors import assessment_get_for_user

IMPORT_PAGE = "plans/transfer/import.html"


@require_GET
def plan_export(request: HttpRequest, pk: int) -> HttpResponse:
    assessment, _access = assessment_get_for_user(user=request.user, pk=pk)
    refuse_if(rules.plan_read_refusal(request.user, assessment), assessment=assessment)
    response = HttpResponse(plan_workbook_bytes(assessment=assessment), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{export_filename(assessment)}"'
    return response


@require_http_methods(["GET", "POST"])
def plan_import(request: HttpRequest, pk: int) -> HttpResponse:
    assessment, _access = assessment_get_for_user(user=request.user, pk=pk)
    refuse_if(rules.plan_edit_refusal(request.user, assessment), assessment=assessment)
    form = PlanWorkbookForm(request.POST or None, request.FILES or None)
    context = {"assessment": assessment, "form": form}
    if request.method == "POST" and form.is_valid():
        user = acting_user(request)
        try:
            plan = imports.plan_import(
                actor=user, assessment=assessment, source=form.cleaned_data["workbook"]
            )
        except UnreadableWorkbook:
            form.add_error(
                "workbook", _("Tidak ada lembar dengan kolom LANGKAH AKSI di berkas ini.")
            )
        else:
            signed = payload.plan_to_payload(plan, user_id=user.pk) if plan.can_apply else ""
            context.update(plan=plan, payload=signed)
            return render(request, "plans/transfer/preview.html", context)
    return render(request, IMPORT_PAGE, context, status=400 if form.errors else 200)


@require_POST
def plan_import_apply(request: HttpRequest, pk: int) -> HttpResponse:
    assessment, _access = assessment_get_for_user(user=request.user, pk=pk)
    user = acting_user(request)
    refuse_if(rules.plan_edit_refusal(user, assessment), assessment=assessment)
    plan = payload.plan_from_payload(
        request.POST.get("plan", ""), assessment_id=assessment.pk, user_id=user.pk
    )
    if plan is None or not plan.can_apply:
        error = _("Pratinjau ini tidak sah atau sudah kedaluwarsa; unggah ulang lembar kerja.")
        context = {"assessment": assessment, "form": PlanWorkbookForm(), "error": error}
        return render(request, IMPORT_PAGE, context, status=400)
    try:
        created = imports.plan_import_apply(actor=user, assessment=assessment, plan=plan)
    except imports.PlanImportDuplicate as exc:
        context = {"assessment": assessment, "form": PlanWorkbookForm(), "error": exc}
        return render(request, IMPORT_PAGE, context, status=409)
    n = len(created)
    messages.success(
        request,
        ngettext("%(n)s butir rencana aksi diimpor.", "%(n)s butir rencana aksi diimpor.", n)
        % {"n": n},
    )
    return HttpResponseRedirect(reverse("plans:plan", args=[assessment.pk]))
