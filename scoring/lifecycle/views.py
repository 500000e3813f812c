"""The admin's "Usulan ke TPN" page and the writes of prerequisites, quota, proposal, TPN steps."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from evidence.models import Evidence
from scoring.lifecycle import rules, selectors, services
from scoring.lifecycle.forms import PrerequisiteForm, ProposeForm, QuotaForm, StepForm
from scoring.lifecycle.presenters import kind_label
from zi_portal.http import acting_user
from zi_portal.models import Cycle, Unit
from zi_portal.refusals import Refusal, refuse_if
from zi_portal.selectors import assessment_get_for_user


def _page(cycle: Cycle) -> str:
    return reverse("lifecycle:proposals") + f"?tahun={cycle.year}"


def proposals(request: HttpRequest) -> HttpResponse:
    page = selectors.proposals_page(user=request.user, year=request.GET.get("tahun"))
    if not page.blocks:
        refuse_if(Refusal(rules.Code.NOT_ADMIN, _("Halaman ini hanya untuk admin instansi.")))
    ctx = {"page": page, "propose_form": ProposeForm(), "quota_form": QuotaForm()}
    return render(request, "lifecycle/proposals.html", ctx)


@require_POST
def quota(request: HttpRequest, unit_pk: int, year: int) -> HttpResponse:
    instansi = selectors.unit_for_admin(user=request.user, unit_id=unit_pk)
    cycle = get_object_or_404(Cycle, year=year)
    form = QuotaForm(request.POST)
    if form.is_valid():
        services.quota_set(
            actor=acting_user(request),
            cycle=cycle,
            instansi=instansi,
            units=form.cleaned_data["units"],
        )
    else:
        messages.error(request, _("Periksa isian formulir."))
    return redirect(_page(cycle))


def _record(request: HttpRequest, unit: Unit, cycle: Cycle) -> None:
    kinds = [(c, kind_label(c)) for c in selectors.recordable_kinds(unit)]
    sources = selectors.evidence_choices(cycle=cycle, unit=unit)
    form = PrerequisiteForm(request.POST, kinds=kinds, sources=sources)
    if not form.is_valid():
        messages.error(request, _("Periksa isian formulir."))
        return
    services.prerequisite_record(
        actor=acting_user(request), cycle=cycle, unit=unit, **form.cleaned_data
    )
    messages.success(request, _("Nilai prasyarat dicatat."))


@require_POST
def instansi_prerequisite(request: HttpRequest, unit_pk: int, year: int) -> HttpResponse:
    instansi = selectors.unit_for_admin(user=request.user, unit_id=unit_pk)
    cycle = get_object_or_404(Cycle, year=year)
    _record(request, instansi, cycle)
    return redirect(_page(cycle))


@require_POST
def unit_prerequisite(request: HttpRequest, pk: int) -> HttpResponse:
    assessment, _access = assessment_get_for_user(user=request.user, pk=pk)
    refuse_if(rules.lifecycle_admin_refusal(user=request.user, unit=assessment.unit))
    _record(request, assessment.unit, assessment.cycle)
    return redirect("scoring:assessment", pk=assessment.pk)


@require_POST
def propose(request: HttpRequest, pk: int) -> HttpResponse:
    assessment, _access = assessment_get_for_user(user=request.user, pk=pk)
    form = ProposeForm(request.POST)
    if form.is_valid():
        services.assessment_propose(
            actor=acting_user(request),
            assessment=assessment,
            predicate=form.cleaned_data["predicate"],
        )
        messages.success(request, _("%(u)s diusulkan ke TPN.") % {"u": assessment.unit.name})
    return redirect(_page(assessment.cycle))


@require_POST
def step(request: HttpRequest, pk: int) -> HttpResponse:
    assessment, _access = assessment_get_for_user(user=request.user, pk=pk)
    refuse_if(rules.lifecycle_admin_refusal(user=request.user, unit=assessment.unit))
    timeline = selectors.tpn_timeline(user=request.user, assessment=assessment)
    docs = Evidence.objects.filter(assessment=assessment)
    form = StepForm(request.POST, request.FILES, stages=timeline.next_stages, documents=docs)
    if form.is_valid():
        try:
            services.tpn_step_record(
                actor=acting_user(request), assessment=assessment, **form.cleaned_data
            )
            messages.success(request, _("Tahap TPN dicatat."))
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
    else:
        messages.error(request, _("Periksa isian formulir."))
    return redirect("scoring:assessment", pk=assessment.pk)
