"""API fixtures: a token per persona, and in each assessment of the world (own unit, a sibling
unit of the same instansi, a unit of another instansi) an answer, a document and a finished
report job, so every endpoint has something to show or to hide."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
from django.test import Client

from evidence.models import Evidence
from scoring.api.services import token_create
from scoring.models import Answer, ReportJob
from tests.conftest import World
from tests.factories import FIRST_CODE, AnswerFactory, EvidenceFactory, ReportJobFactory
from zi_portal.models import Assessment

# The personas of the matrix (tim_kerja_restricted has its own tests elsewhere).
API_PERSONAS = ("tim_kerja", "pimpinan", "tpi", "pimpinan_instansi", "admin", "outsider")
SCOPES = ("own", "sibling", "other")


@dataclass
class Objects:
    assessment: Assessment
    answer: Answer
    evidence: Evidence
    job: ReportJob

    @property
    def revision_pk(self) -> int:
        assert self.evidence.current_revision_id is not None
        return self.evidence.current_revision_id


@dataclass
class ApiWorld:
    world: World
    tokens: dict[str, str]
    objects: dict[str, Objects]

    def client(self, persona: str, **headers: str) -> Client:
        """A client that signs every request with the persona's token (no session)."""
        return Client(HTTP_AUTHORIZATION=f"Bearer {self.tokens[persona]}", **headers)


def _objects(assessment: Assessment) -> Objects:
    return Objects(
        assessment=assessment,
        answer=AnswerFactory(assessment=assessment, choice="Tidak"),
        evidence=EvidenceFactory(
            assessment=assessment, title="SK Tim Kerja", questions=[FIRST_CODE]
        ),
        job=ReportJobFactory(assessment=assessment, done=True, content=b"%PDF-1.4 api\n"),
    )


@pytest.fixture
def api(world: World) -> ApiWorld:
    tokens = {p: token_create(actor=world.users[p], name=f"uji {p}")[1] for p in API_PERSONAS}
    objects = {scope: _objects(getattr(world, scope)) for scope in SCOPES}
    return ApiWorld(world=world, tokens=tokens, objects=objects)


def body(response: Any) -> Any:
    return response.json()
