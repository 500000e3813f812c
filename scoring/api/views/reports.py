"""Report jobs: request one for an assessment, read its status, download its file."""

from __future__ import annotations

from typing import Any

from django.http import Http404
from drf_spectacular.utils import extend_schema
from rest_framework import generics, status
from rest_framework.request import Request
from rest_framework.response import Response

from scoring.api.serializers import ErrorSerializer, ReportJobSerializer, ReportRequestSerializer
from scoring.api.views.base import assessment_for, file_response
from scoring.models import ReportJob
from scoring.reports.selectors.jobs import report_job_get_for_user, report_jobs_for_assessment
from scoring.reports.services import report_request


class AssessmentReports(generics.GenericAPIView[ReportJob]):
    """The user's recent report jobs of the assessment; POST asks for a new one."""

    serializer_class = ReportJobSerializer

    @extend_schema(responses={200: ReportJobSerializer(many=True)})
    def get(self, request: Request, assessment_pk: int) -> Response:
        assessment, _access = assessment_for(request, assessment_pk)
        jobs = report_jobs_for_assessment(user=request.user, assessment=assessment)
        return Response(ReportJobSerializer(jobs, many=True).data)

    @extend_schema(
        request=ReportRequestSerializer,
        responses={202: ReportJobSerializer, 403: ErrorSerializer},
    )
    def post(self, request: Request, assessment_pk: int) -> Response:
        assessment, _access = assessment_for(request, assessment_pk)
        form = ReportRequestSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        params: dict[str, Any] = {"side": "tpi"} if form.validated_data.get("side") == "tpi" else {}
        job = report_request(
            actor=request.user,
            kind=form.validated_data["kind"],
            assessment=assessment,
            params=params,
        )
        return Response(ReportJobSerializer(job).data, status=status.HTTP_202_ACCEPTED)


class ReportJobDetail(generics.GenericAPIView[ReportJob]):
    serializer_class = ReportJobSerializer

    def get(self, request: Request, job_pk: int) -> Response:
        job = report_job_get_for_user(user=request.user, pk=job_pk)
        return Response(ReportJobSerializer(job).data)


class ReportDownload(generics.GenericAPIView[ReportJob]):
    """The finished job's file; 404 while it is queued, running or failed."""

    @extend_schema(responses={(200, "application/octet-stream"): bytes})
    def get(self, request: Request, job_pk: int):  # type: ignore[no-untyped-def]
        job = report_job_get_for_user(user=request.user, pk=job_pk)
        if job.status != ReportJob.Status.DONE:
            raise Http404
        return file_response(job.file.name, filename=job.filename or f"laporan-{job.pk}")
