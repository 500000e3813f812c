"""Pages of the organisation spine: home, login/logout, and the lockout response."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from axes.helpers import get_cool_off
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from zi_portal.forms import LoginForm
from zi_portal.selectors import assessment_list_for_user


def home(request: HttpRequest) -> HttpResponse:
    assessments = assessment_list_for_user(user=request.user)
    return render(request, "zi_portal/home.html", {"assessments": assessments})


@login_not_required
def health(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok", content_type="text/plain")


class LoginView(auth_views.LoginView):
    template_name = "registration/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True


def lockout(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
    """Tell a locked-out user, in Bahasa Indonesia, when they may try again."""
    cool_off = get_cool_off(request) or timedelta(minutes=15)
    retry_at = timezone.localtime(timezone.now() + cool_off)
    minutes = max(1, int(cool_off.total_seconds() // 60))
    return render(
        request,
        "registration/lockout.html",
        {"retry_at": retry_at, "minutes": minutes},
        status=429,
    )
