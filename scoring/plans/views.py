"""The rencana aksi pages: the plan of an assessment, an item's form and page, and the item's
actions (status, notes, evidence links). Thin: selector (404 for what the user may not see),
form, service, redirect; a refusal becomes the one 403 page, a stale edit answers 409."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from evidence.models import Evidence
from scoring.plans import rules, selectors, services
from scoring.plans.forms import (
    EvidenceLinkForm,
    NoteForm,
    PlanItemForm,
    StatusForm,
    item_initial,
)
from scoring.plans.from_gap import gap_prefill
from scoring.plans.models import PlanItem
from zi_portal.http import acting_user
from zi_portal.models import Assessment
from zi_portal.refusals import refuse_if
from zi_portal.selectors import assessment_get_for_user


def _item(request: HttpRequest, pk: int, item_pk: int) -> tuple[Assessment, PlanItem]:
    assessment, _access = assessment_get_for_user(user=request.user, pk=pk)
    return assessment, selectors.plan_item_get(user=request.user, assessment=assessment, pk=item_pk)


def _to_item(item: PlanItem) -> HttpResponse:
    return redirect("plans:item", pk=item.assessment_id, item_pk=item.pk)


def plan_page(request: HttpRequest, pk: int) -> HttpResponse:
    assessment, _access = assessment_get_for_user(user=request.user, pk=pk)
    status = request.GET.get("status", "")
    plan = selectors.plan_for(user=request.user, assessment=assessment, status=status)
    return render(request, "plans/plan.html", {"assessment": assessment, "plan": plan})


def item_create(request: HttpRequest, pk: int) -> HttpResponse:
    assessment, _access = assessment_get_for_user(user=request.user, pk=pk)
    refuse_if(rules.plan_edit_refusal(request.user, assessment), assessment=assessment)
    prefill = gap_prefill(
        assessment=assessment,
        predicate=request.GET.get("predikat", ""),
        code=request.GET.get("pertanyaan", ""),
    )
    form = PlanItemForm(request.POST or None, assessment=assessment, initial=prefill)
    if request.method == "POST" and form.is_valid():
        item = services.plan_item_create(
            actor=acting_user(request), assessment=assessment, **form.cleaned_data
        )
        messages.success(request, _("Butir rencana aksi ditambahkan."))
        return _to_item(item)
    ctx = {"assessment": assessment, "form": form, "prefill": prefill, "item": None}
    return render(request, "plans/item_form.html", ctx, status=400 if form.errors else 200)


def item_edit(request: HttpRequest, pk: int, item_pk: int) -> HttpResponse:
    assessment, item = _item(request, pk, item_pk)
    refuse_if(
        rules.plan_edit_refusal(request.user, assessment, item.indicator), assessment=assessment
    )
    form = PlanItemForm(request.POST or None, assessment=assessment, initial=item_initial(item))
    status, version = 200, int(request.POST.get("version", item.version))
    if request.method == "POST" and form.is_valid():
        try:
            services.plan_item_update(
                actor=acting_user(request), item=item, version=version, **form.cleaned_data
            )
        except services.PlanStale as exc:
            form.add_error(None, str(exc))
            status = 409
        else:
            messages.success(request, _("Butir rencana aksi disimpan."))
            return _to_item(item)
    status = 400 if form.errors and status == 200 else status
    ctx = {"assessment": assessment, "form": form, "item": item, "version": version}
    return render(request, "plans/item_form.html", ctx, status=status)


def item_detail(request: HttpRequest, pk: int, item_pk: int) -> HttpResponse:
    assessment, _access = assessment_get_for_user(user=request.user, pk=pk)
    view = selectors.plan_item_view(user=request.user, assessment=assessment, pk=item_pk)
    ctx = {
        "assessment": assessment,
        "view": view,
        "item": view.item,
        "status_form": StatusForm(initial={"status": view.item.status}),
        "link_form": EvidenceLinkForm(assessment=assessment) if view.can_edit else None,
    }
    return render(request, "plans/item_detail.html", ctx)


@require_POST
def item_status(request: HttpRequest, pk: int, item_pk: int) -> HttpResponse:
    _assessment, item = _item(request, pk, item_pk)
    form = StatusForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(str(e) for errs in form.errors.values() for e in errs))
        return _to_item(item)
    services.plan_item_set_status(
        actor=acting_user(request),
        item=item,
        status=form.cleaned_data["status"],
        reason=form.cleaned_data["reason"],
    )
    messages.success(request, _("Status butir rencana aksi diubah."))
    return _to_item(item)


@require_POST
def note_add(request: HttpRequest, pk: int, item_pk: int) -> HttpResponse:
    _assessment, item = _item(request, pk, item_pk)
    form = NoteForm(request.POST)
    if form.is_valid():
        services.plan_note_add(actor=acting_user(request), item=item, **form.cleaned_data)
        messages.success(request, _("Catatan ditambahkan."))
    else:
        messages.error(request, _("Catatan tidak boleh kosong."))
    return _to_item(item)


@require_POST
def evidence_link(request: HttpRequest, pk: int, item_pk: int) -> HttpResponse:
    assessment, item = _item(request, pk, item_pk)
    form = EvidenceLinkForm(request.POST, assessment=assessment)
    if form.is_valid():
        services.plan_evidence_link(
            actor=acting_user(request), item=item, evidence=form.cleaned_data["evidence"]
        )
        messages.success(request, _("Bukti dukung ditautkan."))
    else:
        messages.error(request, _("Pilih bukti dukung penilaian ini."))
    return _to_item(item)


@require_POST
def evidence_unlink(request: HttpRequest, pk: int, item_pk: int, evidence_pk: int) -> HttpResponse:
    assessment, item = _item(request, pk, item_pk)
    evidence = Evidence.objects.filter(pk=evidence_pk, assessment=assessment).first()
    if evidence is None:
        raise Http404
    services.plan_evidence_unlink(actor=acting_user(request), item=item, evidence=evidence)
    messages.success(request, _("Tautan bukti dukung dilepas."))
    return _to_item(item)
