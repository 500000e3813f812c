"""The profile page where a user creates and revokes personal API tokens (/profil/token-api/).

A new token is shown once, in the answer to the POST that created it (never stored, never put in
a URL or a message); the page then lists only names, prefixes and times.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from scoring.api.forms import TokenForm
from scoring.api.selectors import token_get_for_user, tokens_for_user
from scoring.api.services import token_create, token_revoke
from zi_portal.http import acting_user

TEMPLATE = "api/tokens.html"


@require_http_methods(["GET", "POST"])
def token_page(request: HttpRequest) -> HttpResponse:
    form = TokenForm(request.POST or None)
    created = None
    if request.method == "POST" and form.is_valid():
        try:
            row, secret = token_create(actor=acting_user(request), name=form.cleaned_data["name"])
            created = {"row": row, "secret": secret}
            form = TokenForm()
        except ValidationError as exc:
            form.add_error("name", exc)
    context = {"form": form, "created": created, "tokens": tokens_for_user(user=request.user)}
    return render(request, TEMPLATE, context, status=201 if created else 200)


@require_POST
def token_revoke_view(request: HttpRequest, pk: int) -> HttpResponse:
    token = token_get_for_user(user=request.user, pk=pk)
    token_revoke(actor=acting_user(request), token=token)
    messages.success(request, _("Token \u201c%(name)s\u201d dicabut.") % {"name": token.name})
    return redirect("api-tokens:page")
