"""The home page: "Tugas saya" at the top, then the assessments the user may see.

zi_portal may not import scoring, so the root URL is served from here (zi_portal/urls.py includes
scoring.inbox.urls by its dotted path).
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from scoring.inbox.selectors import tasks_for_user
from zi_portal.selectors import assessment_list_for_user


def home(request: HttpRequest) -> HttpResponse:
    # One read of the list for the table and the tasks (which take its working assessments).
    assessments = list(assessment_list_for_user(user=request.user))
    context = {
        "tasks": tasks_for_user(user=request.user, visible=assessments),
        "assessments": assessments,
    }
    return render(request, "zi_portal/home.html", context)
