"""The NIP of each account, for matching single sign-on logins by NIP."""

from __future__ import annotations

from django.contrib import admin

from zi_portal.sso.models import SsoProfile


@admin.register(SsoProfile)
class SsoProfileAdmin(admin.ModelAdmin):
    list_display = ("user", "nip", "created_by_sso", "last_sso_login")
    search_fields = ("user__username", "user__email", "nip")
    autocomplete_fields = ("user",)
    readonly_fields = ("created_by_sso", "last_sso_login")
