"""The unit dashboard and the institution overview (with its Excel export)."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from scoring.predicates.selectors import unit_predicates
from scoring.reports import rules as report_rules
from scoring.reports.selectors.dashboard import dashboard_activity, unit_dashboard
from scoring.reports.selectors.jobs import (
    assessment_report_kinds,
    report_jobs_for_assessment,
    report_jobs_for_institution,
)
from scoring.reports.selectors.overview import OverviewParams, institution_overview
from scoring.reports.xlsx import XLSX_TYPE, overview_workbook_bytes
from zi_portal.http import HtmxHttpRequest
from zi_portal.models import Assessment
from zi_portal.refusals import refuse_if
from zi_portal.selectors import assessment_get_for_user

# Rows per overview page: the rendering cost of a 500-row table is what the page budget can't take.
OVERVIEW_PAGE_SIZE = 50


def unit_dashboard_view(request: HttpRequest, pk: int) -> HttpResponse:
    assessment, access = assessment_get_for_user(user=request.user, pk=pk)
    return render(
        request,
        "dashboard/unit_dashboard.html",
        {
            "assessment": assessment,
            "access": access,
            "dash": unit_dashboard(assessment=assessment),
            # One read of the unit's predicate history for the prerequisite and predicate panels.
            "unit_predicates": unit_predicates(assessment.unit),
            "jobs": report_jobs_for_assessment(user=request.user, assessment=assessment),
            "kinds": assessment_report_kinds(),
        },
    )


def unit_dashboard_activity_view(request: HttpRequest, pk: int) -> HttpResponse:
    """The dashboard's "Aktivitas terakhir" list, fetched by the page once it is shown."""
    assessment, _access = assessment_get_for_user(user=request.user, pk=pk)
    return render(
        request,
        "dashboard/_activity.html",
        {"assessment": assessment, "activity": dashboard_activity(assessment=assessment)},
    )


def _require_instansi_viewer(request: HttpRequest) -> None:
    refuse_if(report_rules.institution_pages_refusal(user=request.user))


def institution_overview_view(request: HtmxHttpRequest) -> HttpResponse:
    _require_instansi_viewer(request)
    params = OverviewParams.from_query(request.GET)
    overview = institution_overview(user=request.user, params=params)
    paginator = Paginator(overview.rows, OVERVIEW_PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))
    links = _sort_links(request, params.sort)
    # The export always takes every filtered row, so its link drops the page number.
    export_query = request.GET.copy()
    export_query.pop("page", None)
    context = {
        "overview": overview,
        "page_obj": page,
        "page_range": paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1),
        "ellipsis": Paginator.ELLIPSIS,
        "sort_links": links,
        "area_heads": [
            (no, roman, name, links[f"area{no}"], _sort_state(params.sort, f"area{no}"))
            for no, roman, name in overview.areas
        ],
        "statuses": Assessment.Status.choices,
        "jobs": report_jobs_for_institution(user=request.user),
        "query": export_query.urlencode(),
    }
    template = "dashboard/institution_overview.html"
    if request.htmx:
        template += "#overview-table"
    return render(request, template, context)


# Columns whose first click sorts descending (highest scores first); the others ascending.
DESCENDING_FIRST = ("total", "lengkap", "area1", "area2", "area3", "area4", "area5", "area6")


def _sort_links(request: HttpRequest, current: str) -> dict[str, str]:
    """Each column's link: same filters, that column's sort, toggled when it is already active."""
    links = {}
    for key in ("unit", "status", *DESCENDING_FIRST):
        first = f"-{key}" if key in DESCENDING_FIRST else key
        other = first.removeprefix("-") if first.startswith("-") else f"-{first}"
        query = request.GET.copy()
        query.pop("page", None)  # a new order starts on its first page
        query["sort"] = other if current == first else first
        links[key] = "?" + query.urlencode()
    return links


def _sort_state(current: str, key: str) -> str:
    if current == key:
        return "sorted-asc"
    return "sorted" if current == f"-{key}" else ""


def institution_overview_xlsx(request: HttpRequest) -> HttpResponse:
    """The overview as shown (same filters and sort), built directly: one sheet of a few hundred
    rows takes well under a second, so a queued job would only add waiting."""
    _require_instansi_viewer(request)
    overview = institution_overview(
        user=request.user, params=OverviewParams.from_query(request.GET)
    )
    response = HttpResponse(overview_workbook_bytes(overview=overview), content_type=XLSX_TYPE)
    name = f"Ikhtisar-Instansi-{overview.year or ''}-{timezone.localdate():%Y%m%d}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response
