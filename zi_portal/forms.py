"""Forms of the organisation spine."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from zi_portal import login_guard


class GuardedAuthenticationForm(AuthenticationForm):
    """Refuses a slowed-down username before its password is checked (zi_portal.login_guard),
    and reports each wrong password so the account's owner hears of a guessing campaign."""

    slowed_down = False

    def clean(self) -> dict[str, Any]:
        username = str(self.cleaned_data.get("username") or "")
        until = login_guard.slowed_down_until(username)
        if until is not None:
            self.slowed_down = True
            raise ValidationError(login_guard.refusal_message(until), code="slowed_down")
        try:
            return super().clean()
        except ValidationError as exc:
            if exc.code == "invalid_login":
                login_guard.failure_recorded(username)
            raise


class LoginForm(GuardedAuthenticationForm):
    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": _(
            "Nama pengguna atau kata sandi salah. Periksa kembali; huruf besar dan kecil dibedakan."
        ),
        "inactive": _("Akun ini tidak aktif. Hubungi admin instansi."),
    }


class AdminLoginForm(GuardedAuthenticationForm, AdminAuthenticationForm):
    """The Django admin's login form under the same per-username limit."""


class PreferenceForm(forms.Form):
    """The profile page's e-mail choices."""

    daily_digest = forms.BooleanField(
        label=_("Kirim ringkasan harian"),
        required=False,
        help_text=_("Satu e-mail pagi hari berisi tugas yang menunggu Anda, hanya bila ada."),
    )
    language = forms.ChoiceField(label=_("Bahasa e-mail"), choices=settings.LANGUAGES)
