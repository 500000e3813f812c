"""Each unit's public Zona Integritas page (no login) and its published documents."""

from __future__ import annotations

from django.contrib.auth.decorators import login_not_required
from django.http import FileResponse, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render

from evidence.public.links import public_links
from evidence.public.selectors import public_evidence_get, public_page, public_unit_get


@login_not_required
def public_unit_page(request: HttpRequest, slug: str) -> HttpResponse:
    unit, assessment = public_unit_get(slug=slug)
    areas = public_page(unit=unit, assessment=assessment)
    return render(
        request,
        "public/unit_page.html",
        {"unit": unit, "assessment": assessment, "areas": areas, "links": public_links(unit)},
    )


@login_not_required
def public_document(request: HttpRequest, slug: str, evidence_pk: int) -> HttpResponseBase:
    """Only the current revision of a published, non-deleted file of this unit; else 404."""
    unit, _assessment = public_unit_get(slug=slug)
    ev = public_evidence_get(unit=unit, pk=evidence_pk)
    rev = ev.current_revision
    assert rev is not None  # noqa: S101 - public_evidence_get guarantees it
    response = FileResponse(
        rev.file.open("rb"),
        as_attachment=True,
        filename=rev.original_name or f"dokumen-{ev.pk}",
        content_type=rev.content_type or "application/octet-stream",
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response
