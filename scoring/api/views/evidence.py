"""Evidence of a question: the list, an upload (the same checks as the page), a download."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import generics, status
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response

from areas.models import Question
from evidence import services
from evidence.models import Evidence, EvidenceRevision
from evidence.selectors import evidence_get_for_user
from scoring.api.serializers import ErrorSerializer, EvidenceSerializer, EvidenceUploadSerializer
from scoring.api.views.base import assessment_for, file_response
from scoring.selectors.question import question_get


def _evidence_of(question: Question) -> QuerySet[Evidence]:
    return (
        Evidence.objects.filter(attachments__question=question, deleted_at__isnull=True)
        .select_related("created_by")
        .prefetch_related(
            Prefetch("revisions", queryset=EvidenceRevision.objects.order_by("-number")),
            Prefetch("questions", queryset=Question.objects.only("id", "code")),
        )
        .order_by("created_at", "pk")
    )


class QuestionEvidence(generics.ListAPIView[Evidence]):
    """The live documents and links attached to a question; POST uploads a file to it."""

    serializer_class = EvidenceSerializer
    parser_classes = [MultiPartParser, FormParser]

    def get_queryset(self) -> QuerySet[Evidence]:
        assessment, _access = assessment_for(self.request, self.kwargs["assessment_pk"])
        question = question_get(assessment=assessment, code=self.kwargs["code"])
        return _evidence_of(question).filter(assessment=assessment)

    @extend_schema(
        request={"multipart/form-data": EvidenceUploadSerializer},
        responses={201: EvidenceSerializer, 400: ErrorSerializer, 403: ErrorSerializer},
    )
    def post(self, request: Request, assessment_pk: int, code: str) -> Response:
        assessment, _access = assessment_for(request, assessment_pk)
        question = question_get(assessment=assessment, code=code)
        form = EvidenceUploadSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        evidence = services.evidence_upload(
            actor=request.user,
            assessment=assessment,
            question=question,
            uploaded_file=form.validated_data["file"],
            title=form.validated_data.get("title", ""),
        )
        body = EvidenceSerializer(_evidence_of(question).get(pk=evidence.pk)).data
        return Response(body, status=status.HTTP_201_CREATED)


class RevisionDownload(generics.GenericAPIView[EvidenceRevision]):
    """One revision's file, through the same checks as the page's download."""

    @extend_schema(responses={(200, "application/octet-stream"): bytes})
    def get(self, request: Request, assessment_pk: int, evidence_pk: int, revision_pk: int):  # type: ignore[no-untyped-def]
        assessment, _access = assessment_for(request, assessment_pk)
        evidence, _access = evidence_get_for_user(user=request.user, pk=evidence_pk)
        if evidence.assessment_id != assessment.pk:
            raise Http404
        revision = get_object_or_404(evidence.revisions.all(), pk=revision_pk)
        return file_response(
            revision.file.name,
            filename=revision.original_name or "berkas",
            content_type=revision.content_type,
        )
