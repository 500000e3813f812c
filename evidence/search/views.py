"""The search page (/cari/): across every assessment the user may see, or within one
(?penilaian=<pk>, 404 unless the user may see it). GET only, no JavaScript needed."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from evidence.search.query import MIN_CHARS
from evidence.search.selectors import evidence_search
from zi_portal.http import acting_user
from zi_portal.selectors import assessment_get_for_user


@require_GET
def search(request: HttpRequest) -> HttpResponse:
    user = acting_user(request)
    assessment, raw_pk = None, request.GET.get("penilaian", "")
    if raw_pk:
        if not raw_pk.isdigit():
            raise Http404
        assessment, _access = assessment_get_for_user(user=user, pk=int(raw_pk))
    result = evidence_search(user=user, query=request.GET.get("q"), assessment=assessment)
    context = {
        "result": result,
        "assessment": assessment,
        "q": result.query.text,
        "min_chars": MIN_CHARS,
    }
    return render(request, "evidence/search/search.html", context)
