"""Every API error as JSON ``{"detail": <message>, "code": <stable code>}``, in the request's
language (Indonesian unless Accept-Language asks for English).

The services' own exceptions become their HTTP status here, once, so the views stay thin:
Refused -> 403 with the refusal code (docs/rules.md), AnswerConflict -> 409 with the stored
answer, a duplicate upload -> 409, Django's ValidationError (a hostile file, a bad value) -> 400
with its code (the upload checks' codes: docs/uploads.md), a storage failure -> 503.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.http import Http404
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler

from evidence.services import DuplicateEvidence
from evidence.storage import EvidenceStorageError
from scoring.api.serializers import AnswerSerializer
from scoring.services.answers import AnswerConflict
from zi_portal.refusals import Refused


def _body(detail: object, code: str, **extra: Any) -> dict[str, Any]:
    return {"detail": str(detail), "code": code, **extra}


def _validation(exc: ValidationError) -> Response:
    codes = [e.code for e in exc.error_list if e.code] if hasattr(exc, "error_list") else []
    return Response(
        _body(" ".join(exc.messages), codes[0] if codes else "invalid", errors=exc.messages),
        status=status.HTTP_400_BAD_REQUEST,
    )


def _drf_code(exc: exceptions.APIException) -> str:
    codes = exc.get_codes()
    if isinstance(codes, str):
        return codes
    return "invalid"


def api_exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """REST_FRAMEWORK["EXCEPTION_HANDLER"]."""
    if isinstance(exc, Refused):
        return Response(_body(exc.refusal.message, exc.code), status=status.HTTP_403_FORBIDDEN)
    if isinstance(exc, AnswerConflict):
        current = AnswerSerializer(exc.current).data if exc.current is not None else None
        return Response(
            _body(exc.message, "answer_conflict", current=current),
            status=status.HTTP_409_CONFLICT,
        )
    if isinstance(exc, DuplicateEvidence):
        return Response(
            _body(exc, "duplicate_evidence", existing=exc.existing.pk),
            status=status.HTTP_409_CONFLICT,
        )
    if isinstance(exc, EvidenceStorageError):
        return Response(_body(exc, "storage_failed"), status=status.HTTP_503_SERVICE_UNAVAILABLE)
    if isinstance(exc, ValidationError):
        return _validation(exc)
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    response = exception_handler(exc, context)
    if response is None or not isinstance(exc, exceptions.APIException):
        return response
    if isinstance(exc, exceptions.ValidationError):
        response.data = _body(exc.default_detail, "invalid", errors=response.data)
    else:
        response.data = _body(exc.detail, _drf_code(exc))
    return response
