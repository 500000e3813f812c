"""Pages of the organisation spine: the profile, login/logout, and the lockout response."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from axes.helpers import get_cool_off
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import TooManyFilesSent
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import defaults

from zi_portal.forms import LoginForm, PreferenceForm
from zi_portal.selectors import profile_for_user
from zi_portal.services import preference_set

# The home page ("Tugas saya" and the assessments) is scoring/inbox/views.py: home.


def profile(request: HttpRequest) -> HttpResponse:
    """/profil/: name, e-mail, units and roles, and the e-mail choices (daily digest, language)."""
    data = profile_for_user(user=request.user)
    initial = {"daily_digest": data.preference.daily_digest, "language": data.preference.language}
    form = PreferenceForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        preference_set(actor=request.user, **form.cleaned_data)
        messages.success(request, _("Preferensi e-mail disimpan."))
        return redirect("profile")
    return render(request, "zi_portal/profile.html", {"profile": data, "form": form})


@login_not_required
def health(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok", content_type="text/plain")


class LoginView(auth_views.LoginView):
    template_name = "registration/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True

    def form_invalid(self, form: Any) -> HttpResponse:
        response = super().form_invalid(form)
        if getattr(form, "slowed_down", False):
            response.status_code = 429  # too many failures for this account (login_guard)
        return response


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


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    """handler400: say why when an upload carried too many files; Django's page otherwise."""
    if isinstance(exception, TooManyFilesSent):
        reason = _(
            "Terlalu banyak berkas dalam satu unggahan: paling banyak %(count)s berkas sekali "
            "unggah. Tidak ada berkas yang disimpan."
        ) % {"count": settings.DATA_UPLOAD_MAX_NUMBER_FILES}
        return render(request, "400.html", {"reason": reason}, status=400)
    return defaults.bad_request(request, exception)
