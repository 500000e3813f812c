"""Assessment pages. Views stay thin: selector, permission, service, render."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from zi_portal.selectors import assessment_get_for_user


def assessment_detail(request: HttpRequest, pk: int) -> HttpResponse:
    assessment, access = assessment_get_for_user(user=request.user, pk=pk)
    return render(
        request, "scoring/assessment_detail.html", {"assessment": assessment, "access": access}
    )
