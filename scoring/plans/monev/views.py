"""The monev page of an assessment (the quarters with their reports and actions) and the
pimpinan's sign-off. Generating and attaching are report-job actions:
scoring/reports/views/monev.py."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from scoring.plans.monev.quarters import ROMAN
from scoring.plans.monev.selectors import monev_page
from scoring.plans.monev.services import monev_report_sign_off
from zi_portal.http import acting_user
from zi_portal.selectors import assessment_get_for_user


def page(request: HttpRequest, pk: int) -> HttpResponse:
    assessment, _access = assessment_get_for_user(user=request.user, pk=pk)
    view = monev_page(user=request.user, assessment=assessment)
    return render(request, "monev/page.html", {"assessment": assessment, "page": view})


@require_POST
def sign_off(request: HttpRequest, pk: int) -> HttpResponse:
    assessment, _access = assessment_get_for_user(user=request.user, pk=pk)
    value = request.POST.get("quarter", "")
    report = monev_report_sign_off(
        actor=acting_user(request),
        assessment=assessment,
        quarter=int(value) if value.isdigit() else 0,
    )
    messages.success(
        request,
        _("Laporan monev triwulan %(no)s disetujui.") % {"no": ROMAN[report.quarter]},
    )
    return redirect("monev:page", pk=assessment.pk)
