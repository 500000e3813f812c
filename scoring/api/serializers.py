"""What the API reads and writes, field by field. Serializers only shape data: every check of
who may do what stays in the rules and services the pages use."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from evidence.models import Evidence, EvidenceRevision
from scoring.models import Answer, ReportJob
from scoring.reports.selectors.jobs import ASSESSMENT_JOB_KINDS
from scoring.selectors.answers import answer_text
from zi_portal.models import Assessment, Cycle, Unit


class UnitBriefSerializer(serializers.ModelSerializer[Unit]):
    class Meta:
        model = Unit
        fields = ["id", "code", "name", "slug"]


class UnitSerializer(serializers.ModelSerializer[Unit]):
    parent = UnitBriefSerializer(read_only=True)

    class Meta:
        model = Unit
        fields = ["id", "code", "name", "slug", "holds_wbk", "parent"]


class CycleSerializer(serializers.ModelSerializer[Cycle]):
    class Meta:
        model = Cycle
        fields = ["id", "year", "name"]


class AssessmentSerializer(serializers.ModelSerializer[Assessment]):
    unit = UnitBriefSerializer(read_only=True)
    cycle = CycleSerializer(read_only=True)
    framework = serializers.CharField(source="framework.code", read_only=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)

    class Meta:
        model = Assessment
        fields = [
            "id",
            "unit",
            "cycle",
            "framework",
            "status",
            "status_label",
            "version",
            "signed_off_at",
            "recommendation",
            "updated_at",
        ]


class AnswerSerializer(serializers.ModelSerializer[Answer]):
    question = serializers.CharField(source="question.code", read_only=True)
    answered_by = serializers.CharField(source="answered_by.username", read_only=True, default=None)
    text = serializers.SerializerMethodField()

    class Meta:
        model = Answer
        fields = [
            "question",
            "side",
            "choice",
            "counts",
            "index_value",
            "text",
            "note",
            "version",
            "answered_by",
            "answered_at",
        ]

    def get_text(self, obj: Answer) -> str:
        """The answer as people read it (choice, percentage with its counts, or index)."""
        labels = {i.key: i.label for i in obj.question.inputs.all()} if obj.counts else None
        return answer_text(obj, labels=labels)


class AnswerWriteSerializer(serializers.Serializer[Any]):
    """One side's answer: the value fitting the question's type, and the version it started from
    (null when there is no answer yet). A stale version is a 409 with the stored answer."""

    choice = serializers.CharField(required=False, allow_blank=True, max_length=8)
    counts = serializers.DictField(child=serializers.CharField(allow_blank=True), required=False)
    index_value = serializers.CharField(required=False, allow_blank=True, max_length=16)
    note = serializers.CharField(required=False, allow_blank=True, max_length=5000)
    version = serializers.IntegerField(allow_null=True, min_value=1)


class RevisionSerializer(serializers.ModelSerializer[EvidenceRevision]):
    download = serializers.SerializerMethodField()

    class Meta:
        model = EvidenceRevision
        fields = [
            "id",
            "number",
            "original_name",
            "size",
            "sha256",
            "content_type",
            "flags",
            "uploaded_at",
            "download",
        ]

    def get_download(self, obj: EvidenceRevision) -> str:
        """The API path that streams this revision."""
        ev = obj.evidence
        return reverse("api:revision-download", args=[ev.assessment_id, ev.pk, obj.pk])


class EvidenceSerializer(serializers.ModelSerializer[Evidence]):
    questions = serializers.SlugRelatedField(many=True, read_only=True, slug_field="code")
    revisions = RevisionSerializer(many=True, read_only=True)
    created_by = serializers.CharField(source="created_by.username", read_only=True, default=None)

    class Meta:
        model = Evidence
        fields = [
            "id",
            "title",
            "kind",
            "url",
            "is_public",
            "questions",
            "created_by",
            "created_at",
            "revisions",
        ]


class EvidenceUploadSerializer(serializers.Serializer[Any]):
    file = serializers.FileField(allow_empty_file=True)
    title = serializers.CharField(required=False, allow_blank=True, max_length=255)


class ReportJobSerializer(serializers.ModelSerializer[ReportJob]):
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    download = serializers.SerializerMethodField()

    class Meta:
        model = ReportJob
        fields = [
            "id",
            "kind",
            "kind_label",
            "assessment",
            "status",
            "status_label",
            "progress",
            "error",
            "filename",
            "created_at",
            "finished_at",
            "download",
        ]

    @extend_schema_field(OpenApiTypes.STR)
    def get_download(self, obj: ReportJob) -> str | None:
        if obj.status != ReportJob.Status.DONE:
            return None
        return reverse("api:report-download", args=[obj.pk])


class ReportRequestSerializer(serializers.Serializer[Any]):
    kind = serializers.ChoiceField(choices=[str(k) for k in ASSESSMENT_JOB_KINDS])
    side = serializers.ChoiceField(
        choices=["unit", "tpi"], required=False, help_text=_("Sisi jawaban laporan.")
    )


class ErrorSerializer(serializers.Serializer[Any]):
    """Every error body: the message in the request's language and a stable code."""

    detail = serializers.CharField()
    code = serializers.CharField()


class ConflictSerializer(ErrorSerializer):
    current = AnswerSerializer(allow_null=True)
