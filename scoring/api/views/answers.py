"""Answers of one side: the list, one answer, and its save with the version it started from."""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch, QuerySet
from django.http import Http404
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics
from rest_framework.request import Request
from rest_framework.response import Response

from areas.models import CountInput
from scoring.api.serializers import (
    AnswerSerializer,
    AnswerWriteSerializer,
    ConflictSerializer,
    ErrorSerializer,
)
from scoring.api.views.base import assessment_for
from scoring.models import Answer, Side
from scoring.selectors.question import question_get
from scoring.services.answers import answer_save


def _side(side: str) -> str:
    if side not in Side.values:
        raise Http404
    return side


def _answers(assessment_pk: int, side: str) -> QuerySet[Answer]:
    return (
        Answer.objects.counted()
        .filter(assessment_id=assessment_pk, side=side)
        .select_related("question", "answered_by")
        .prefetch_related(Prefetch("question__inputs", queryset=CountInput.objects.all()))
        .order_by("question__position", "pk")
    )


@extend_schema(parameters=[OpenApiParameter("area", int, description="Nomor area / area no")])
class AnswerList(generics.ListAPIView[Answer]):
    """The side's stored answers in framework order; ?area=N keeps one area's questions."""

    serializer_class = AnswerSerializer

    def get_queryset(self) -> QuerySet[Answer]:
        kw = self.kwargs
        assessment, _access = assessment_for(self.request, kw["assessment_pk"])
        qs = _answers(assessment.pk, _side(kw["side"]))
        area = self.request.query_params.get("area", "")
        return qs.filter(question__indicator__part__area__no=int(area)) if area.isdigit() else qs


class AnswerDetail(generics.GenericAPIView[Answer]):
    """One answer; PUT or PATCH saves it through the same service and rules as the page."""

    serializer_class = AnswerSerializer

    def _stored(self, assessment_pk: int, side: str, code: str) -> tuple[Any, Any, Answer | None]:
        assessment, _access = assessment_for(self.request, assessment_pk)
        question = question_get(assessment=assessment, code=code)
        stored = _answers(assessment.pk, _side(side)).filter(question=question).first()
        return assessment, question, stored

    def get(self, request: Request, assessment_pk: int, side: str, code: str) -> Response:
        _a, _q, stored = self._stored(assessment_pk, side, code)
        if stored is None:
            raise Http404
        return Response(AnswerSerializer(stored).data)

    @extend_schema(
        request=AnswerWriteSerializer,
        responses={200: AnswerSerializer, 403: ErrorSerializer, 409: ConflictSerializer},
    )
    def put(self, request: Request, assessment_pk: int, side: str, code: str) -> Response:
        return self._save(request, assessment_pk, side, code, partial=False)

    @extend_schema(
        request=AnswerWriteSerializer,
        responses={200: AnswerSerializer, 403: ErrorSerializer, 409: ConflictSerializer},
    )
    def patch(self, request: Request, assessment_pk: int, side: str, code: str) -> Response:
        return self._save(request, assessment_pk, side, code, partial=True)

    def _save(
        self, request: Request, assessment_pk: int, side: str, code: str, *, partial: bool
    ) -> Response:
        assessment, question, stored = self._stored(assessment_pk, side, code)
        form = AnswerWriteSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        data = form.validated_data
        # PATCH keeps the stored note when none is sent; PUT replaces everything.
        note = data.get("note", stored.note if partial and stored else "")
        answer = answer_save(
            actor=request.user,
            assessment=assessment,
            question=question,
            side=side,
            choice=data.get("choice"),
            counts=data.get("counts"),
            index_value=data.get("index_value"),
            note=note,
            expected_version=data["version"],
        )
        return Response(AnswerSerializer(_answers(assessment.pk, side).get(pk=answer.pk)).data)
