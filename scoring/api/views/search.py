"""GET /api/v1/search/?q=&assessment=&limit=: the evidence search of the pages
(evidence/search/selectors.py: evidence_search), the same documents for the same user."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import ngettext
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions, serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from evidence.search.query import DEFAULT_LIMIT, MAX_LIMIT, MIN_CHARS, SearchHit
from evidence.search.selectors import evidence_search
from scoring.api.serializers import ErrorSerializer
from scoring.api.views.base import assessment_for


class SearchHitSerializer(serializers.Serializer[SearchHit]):
    evidence = serializers.IntegerField(source="evidence.pk")
    assessment = serializers.IntegerField(source="evidence.assessment_id")
    unit = serializers.CharField(source="evidence.assessment.unit.name")
    title = serializers.CharField(source="evidence.title")
    kind = serializers.CharField(source="evidence.kind")
    file_name = serializers.SerializerMethodField()
    question_codes = serializers.ListField(child=serializers.CharField(), source="codes")
    matched = serializers.ListField(child=serializers.CharField(), source="fields")
    snippet = serializers.CharField(help_text="HTML: the text escaped, the matches in <mark>.")
    download = serializers.SerializerMethodField()

    def get_file_name(self, hit: SearchHit) -> str:
        revision = hit.evidence.current_revision
        return revision.original_name if revision else ""

    def get_download(self, hit: SearchHit) -> str | None:
        ev = hit.evidence
        if ev.current_revision_id is None:
            return None
        args = [ev.assessment_id, ev.pk, ev.current_revision_id]
        return reverse("api:revision-download", args=args)


class SearchResultSerializer(serializers.Serializer[Any]):
    query = serializers.CharField()
    more = serializers.BooleanField(help_text="More documents matched than `limit`.")
    results = SearchHitSerializer(many=True)


class QueryTooShort(exceptions.APIException):
    status_code = 400
    default_code = "query_too_short"


class EvidenceSearch(APIView):
    """Documents and links the user may see, found by title, file name, extracted text and
    question code, best first (title, code, file name, text). Not paginated: at most `limit`."""

    @extend_schema(
        parameters=[
            OpenApiParameter("q", str, required=True, description="Words, websearch syntax."),
            OpenApiParameter("assessment", int, description="Only this assessment's documents."),
            OpenApiParameter("limit", int, description=f"1 to {MAX_LIMIT}, {DEFAULT_LIMIT}."),
        ],
        responses={200: SearchResultSerializer, 400: ErrorSerializer, 404: ErrorSerializer},
    )
    def get(self, request: Request) -> Response:
        params = request.query_params
        assessment = None
        if params.get("assessment"):
            if not params["assessment"].isdigit():
                raise exceptions.NotFound()
            assessment, _access = assessment_for(request, int(params["assessment"]))
        limit = int(params["limit"]) if params.get("limit", "").isdigit() else DEFAULT_LIMIT
        result = evidence_search(
            user=request.user, query=params.get("q"), assessment=assessment, limit=limit
        )
        if result.query.problem:
            message = ngettext(
                "Kata pencarian terlalu pendek: ketik sedikitnya %(n)s huruf.",
                "Kata pencarian terlalu pendek: ketik sedikitnya %(n)s huruf.",
                MIN_CHARS,
            )
            raise QueryTooShort(message % {"n": MIN_CHARS})
        body = {"query": result.query.text, "more": result.more, "results": result.hits}
        return Response(SearchResultSerializer(body).data)
