"""What every API view shares: pagination, the assessment lookup, and file responses."""

from __future__ import annotations

from typing import Any

from django.core.files.storage import default_storage
from django.http import FileResponse
from django.utils.translation import gettext as _
from rest_framework.exceptions import NotFound
from rest_framework.pagination import PageNumberPagination
from rest_framework.request import Request

from zi_portal.access import Access
from zi_portal.models import Assessment
from zi_portal.selectors import assessment_get_for_user


class Pages(PageNumberPagination):
    """?page=N (and ?page_size=, at most 200); every list answers count, next, previous."""

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200


class FileMissing(NotFound):
    default_code = "file_missing"


def assessment_for(request: Request, pk: int) -> tuple[Assessment, Access]:
    """The assessment and the user's access; 404 for what the user may not see (as the pages)."""
    return assessment_get_for_user(user=request.user, pk=pk)


def file_response(name: str, *, filename: str, content_type: str | None = None) -> FileResponse:
    """Stream a stored private file as an attachment, never cached; 404 when it is gone."""
    try:
        if not name:
            raise FileNotFoundError(name)
        fh: Any = default_storage.open(name, "rb")
    except FileNotFoundError:
        raise FileMissing(_("Berkas ini tidak ditemukan di penyimpanan.")) from None
    response = FileResponse(
        fh,
        as_attachment=True,
        filename=filename,
        content_type=content_type or "application/octet-stream",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
