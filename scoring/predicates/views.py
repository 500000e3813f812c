"""The admin's predicate pages: the units (/predikat/), one unit's history with the forms to
record a decision and revoke a grant."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from scoring.predicates import rules, selectors, services
from scoring.predicates.forms import GrantForm, RevokeForm
from zi_portal.http import acting_user
from zi_portal.refusals import Refusal, refuse_if


def index(request: HttpRequest) -> HttpResponse:
    rows = selectors.predicates_index(user=request.user)
    if not rows:
        refuse_if(Refusal(rules.Code.NOT_ADMIN, _("Halaman ini hanya untuk admin instansi.")))
    return render(request, "predicates/index.html", {"rows": rows})


def unit_page(request: HttpRequest, unit_pk: int) -> HttpResponse:
    unit = selectors.unit_for_predicates(user=request.user, unit_id=unit_pk)
    ctx = {
        "panel": selectors.predicate_panel(user=request.user, unit=unit),
        "grant_form": GrantForm(),
        "revoke_form": RevokeForm(),
    }
    return render(request, "predicates/unit.html", ctx)


@require_POST
def grant(request: HttpRequest, unit_pk: int) -> HttpResponse:
    unit = selectors.unit_for_predicates(user=request.user, unit_id=unit_pk)
    form = GrantForm(request.POST)
    if form.is_valid():
        services.predicate_grant(actor=acting_user(request), unit=unit, **form.cleaned_data)
        messages.success(request, _("Keputusan predikat dicatat."))
    else:
        messages.error(request, _("Periksa isian formulir."))
    return redirect("predicates:unit", unit_pk=unit.pk)


@require_POST
def revoke(request: HttpRequest, pk: int) -> HttpResponse:
    row = selectors.predicate_get_for_admin(user=request.user, pk=pk)
    form = RevokeForm(request.POST)
    if form.is_valid():
        services.predicate_revoke(
            actor=acting_user(request), predicate=row, reason=form.cleaned_data["reason"]
        )
        messages.success(request, _("Predikat dicabut."))
    else:
        messages.error(request, _("Pencabutan predikat memerlukan alasan."))
    return redirect("predicates:unit", unit_pk=row.unit_id)
