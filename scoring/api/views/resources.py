"""Units and assessments the user may see, and an assessment's scores, verdicts and gap."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics
from rest_framework.request import Request
from rest_framework.response import Response

from scoring.api.serializers import AssessmentSerializer, UnitSerializer
from scoring.api.views.base import assessment_for
from scoring.presenters import score_document
from scoring.selectors.scores import assessment_scores
from zi_portal.access import units_for
from zi_portal.models import Assessment, Unit
from zi_portal.selectors import assessment_list_for_user

ASSESSMENT_FILTERS = [
    OpenApiParameter("year", int, description="Tahun siklus / cycle year"),
    OpenApiParameter("status", str, enum=list(Assessment.Status.values)),
    OpenApiParameter("unit", int, description="Id unit"),
]


class UnitList(generics.ListAPIView[Unit]):
    """Units whose data the user may see."""

    serializer_class = UnitSerializer

    def get_queryset(self) -> QuerySet[Unit]:
        return units_for(self.request.user).select_related("parent").order_by("code", "pk")


class UnitDetail(generics.RetrieveAPIView[Unit]):
    serializer_class = UnitSerializer
    lookup_url_kwarg = "unit_pk"

    def get_queryset(self) -> QuerySet[Unit]:
        return units_for(self.request.user).select_related("parent")


@extend_schema(parameters=ASSESSMENT_FILTERS)
class AssessmentList(generics.ListAPIView[Assessment]):
    """Assessments the user may see, newest cycle first; filter by year, status and unit."""

    serializer_class = AssessmentSerializer

    def get_queryset(self) -> QuerySet[Assessment]:
        qs = assessment_list_for_user(user=self.request.user)
        params = self.request.query_params
        if params.get("year", "").isdigit():
            qs = qs.filter(cycle__year=int(params["year"]))
        if params.get("status"):
            qs = qs.filter(status=params["status"])
        if params.get("unit", "").isdigit():
            qs = qs.filter(unit_id=int(params["unit"]))
        return qs.order_by("-cycle__year", "unit__code", "pk")


class AssessmentDetail(generics.GenericAPIView[Assessment]):
    serializer_class = AssessmentSerializer

    def get(self, request: Request, pk: int) -> Response:
        assessment, _access = assessment_for(request, pk)
        return Response(AssessmentSerializer(assessment).data)


class AssessmentScores(generics.GenericAPIView[Any]):
    """Both sides' scores, the verdict of each predicate and the gap toward it: the engine's
    codes and numbers with their texts in the request's language (as `lke score --json`)."""

    @extend_schema(responses={200: OpenApiTypes.OBJECT})
    def get(self, request: Request, pk: int) -> Response:
        assessment, _access = assessment_for(request, pk)
        scores = assessment_scores(assessment=assessment)
        return Response({side: score_document(result) for side, result in scores.items()})
