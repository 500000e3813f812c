"""The preview fragment, its page images and text, "muat halaman berikutnya", and images shown
inline. Every view starts with selectors.revision_get_for_user: the checks of the evidence
download, so a user who may not see the assessment or the document gets 404."""

from __future__ import annotations

from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET, require_POST

from evidence.preview import selectors
from evidence.preview.extract import IMAGES
from evidence.preview.forms import MorePagesForm
from evidence.preview.models import RevisionPreview
from evidence.preview.services import preview_pages_request

FRAGMENT = "evidence_preview/_preview.html"
# Page images never change for a revision; a short private cache spares re-fetching on scroll.
PAGE_CACHE = "private, max-age=300"


def _render(request: HttpRequest, a: int, e: int, r: int) -> HttpResponse:
    assessment, evidence, revision = selectors.revision_get_for_user(
        user=request.user, assessment_pk=a, evidence_pk=e, revision_pk=r
    )
    view = selectors.preview_view(assessment=assessment, evidence=evidence, revision=revision)
    context = {"pv": view, "missing": selectors.missing_message()}
    if getattr(request, "htmx", False):
        return render(request, FRAGMENT, context)
    return render(request, "evidence_preview/preview_page.html", context)


@require_GET
def preview(
    request: HttpRequest, assessment_pk: int, evidence_pk: int, revision_pk: int
) -> HttpResponse:
    return _render(request, assessment_pk, evidence_pk, revision_pk)


@require_POST
def more(
    request: HttpRequest, assessment_pk: int, evidence_pk: int, revision_pk: int
) -> HttpResponse:
    _a, _e, revision = selectors.revision_get_for_user(
        user=request.user,
        assessment_pk=assessment_pk,
        evidence_pk=evidence_pk,
        revision_pk=revision_pk,
    )
    form = MorePagesForm(request.POST)
    preview = RevisionPreview.objects.filter(revision=revision).first()
    if preview is not None and form.is_valid():
        preview_pages_request(preview=preview, upto=form.cleaned_data["upto"])
    return _render(request, assessment_pk, evidence_pk, revision_pk)


def _file(name: str, content_type: str, cache: str) -> FileResponse:
    try:
        fh = default_storage.open(name, "rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(fh, content_type=content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Disposition"] = "inline"
    response["Cache-Control"] = cache
    return response


@require_GET
def page(
    request: HttpRequest, assessment_pk: int, evidence_pk: int, revision_pk: int, number: int
) -> FileResponse:
    _a, _e, revision = selectors.revision_get_for_user(
        user=request.user,
        assessment_pk=assessment_pk,
        evidence_pk=evidence_pk,
        revision_pk=revision_pk,
    )
    row = selectors.preview_page_get(revision=revision, number=number)
    return _file(row.image.name, "image/png", PAGE_CACHE)


@require_GET
def text(
    request: HttpRequest, assessment_pk: int, evidence_pk: int, revision_pk: int
) -> HttpResponse:
    _a, _e, revision = selectors.revision_get_for_user(
        user=request.user,
        assessment_pk=assessment_pk,
        evidence_pk=evidence_pk,
        revision_pk=revision_pk,
    )
    body = selectors.preview_text_get(revision=revision)
    response = HttpResponse(body, content_type="text/plain; charset=utf-8")
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


@require_GET
def inline(
    request: HttpRequest, assessment_pk: int, evidence_pk: int, revision_pk: int
) -> FileResponse:
    """A PNG or JPEG revision itself, shown in the page (the download sends it as attachment)."""
    _a, _e, revision = selectors.revision_get_for_user(
        user=request.user,
        assessment_pk=assessment_pk,
        evidence_pk=evidence_pk,
        revision_pk=revision_pk,
    )
    if revision.content_type not in IMAGES or not revision.file.name:
        raise Http404
    return _file(revision.file.name, revision.content_type, PAGE_CACHE)
