"""A quarter's monev report through the report jobs: generate (PDF and Excel), attach the PDF as
evidence, sign off (the files rendered again with the approval). The monev page itself is
scoring/plans/monev/views.py; each action answers with it."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from scoring.plans.monev.quarters import ROMAN
from scoring.plans.monev.selectors import monev_report_get
from scoring.reports.monev_jobs import (
    monev_report_approve,
    monev_report_attach,
    monev_report_generate,
)
from zi_portal.http import acting_user
from zi_portal.selectors import assessment_get_for_user


def _quarter(request: HttpRequest) -> int:
    value = request.POST.get("quarter", "")
    return int(value) if value.isdigit() else 0


@require_POST
def monev_generate(request: HttpRequest, pk: int) -> HttpResponse:
    assessment, _access = assessment_get_for_user(user=request.user, pk=pk)
    report = monev_report_generate(
        actor=acting_user(request), assessment=assessment, quarter=_quarter(request)
    )
    messages.success(
        request,
        _("Laporan monev triwulan %(no)s sedang dibuat (PDF dan Excel).")
        % {"no": ROMAN[report.quarter]},
    )
    return redirect("monev:page", pk=assessment.pk)


@require_POST
def monev_attach(request: HttpRequest, pk: int) -> HttpResponse:
    assessment, _access = assessment_get_for_user(user=request.user, pk=pk)
    report = monev_report_get(user=request.user, assessment=assessment, quarter=_quarter(request))
    evidence = monev_report_attach(actor=acting_user(request), report=report)
    codes = ", ".join(q.code for q in evidence.questions.order_by("position"))
    messages.success(
        request, _("%(title)s dilampirkan ke %(code)s.") % {"title": evidence.title, "code": codes}
    )
    return redirect("monev:page", pk=assessment.pk)


@require_POST
def monev_sign_off(request: HttpRequest, pk: int) -> HttpResponse:
    assessment, _access = assessment_get_for_user(user=request.user, pk=pk)
    report = monev_report_approve(
        actor=acting_user(request), assessment=assessment, quarter=_quarter(request)
    )
    messages.success(
        request, _("Laporan monev triwulan %(no)s disetujui.") % {"no": ROMAN[report.quarter]}
    )
    return redirect("monev:page", pk=assessment.pk)
