"""The monev page of an assessment: the quarters with their reports and actions. Generating,
attaching and the sign-off (which renders the files again) are report-job actions:
scoring/reports/views/monev.py."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from scoring.plans.monev.selectors import monev_page
from zi_portal.selectors import assessment_get_for_user


def page(request: HttpRequest, pk: int) -> HttpResponse:
    assessment, _access = assessment_get_for_user(user=request.user, pk=pk)
    view = monev_page(user=request.user, assessment=assessment)
    return render(request, "monev/page.html", {"assessment": assessment, "page": view})
