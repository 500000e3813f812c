"""Issue 15: the unit dashboard, the assessment page and the question page read the same number of
queries whatever the size of the institution (2 or 6 units, each complete with documents), and
the question page whatever the number of documents its question has."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from scoring.models import Side
from tests.conftest import World
from tests.factories import AssessmentFactory, UnitFactory
from tests.scoring.services.test_answers import CHOICE_CODE, attach_documents, fill_answers
from zi_portal.models import Unit

pytestmark = pytest.mark.django_db

PAGES = {
    "dashboard": lambda pk: reverse("reports:dashboard", args=[pk]),
    "assessment": lambda pk: reverse("scoring:assessment", args=[pk]),
    "question": lambda pk: reverse("scoring:question", args=[pk, CHOICE_CODE]),
}


def _queries(client: Any, path: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(path).status_code == 200
    return len(ctx.captured_queries)


def _complete(assessment: Any, documents: int = 1) -> None:
    fill_answers(assessment, Side.UNIT)
    fill_answers(assessment, Side.TPI)
    attach_documents(assessment, per_question=documents)


@pytest.mark.parametrize("page", sorted(PAGES))
def test_page_queries_are_the_same_at_2_and_6_units(world: World, page: str) -> None:
    _complete(world.own)
    client = world.client("tim_kerja")
    path = PAGES[page](world.own.pk)
    client.get(path)  # caches warm (content types, the framework's spec and questions)
    assert Unit.objects.filter(parent=world.instansi).count() == 2
    at_two = _queries(client, path)
    for n in range(4):
        unit = UnitFactory(name=f"Unit Tambahan {n}", parent=world.instansi)
        _complete(AssessmentFactory(unit=unit, cycle=world.own.cycle,
                                    framework=world.own.framework))
    assert Unit.objects.filter(parent=world.instansi).count() == 6
    assert _queries(client, path) == at_two


def test_question_page_queries_do_not_grow_with_its_documents(world: World) -> None:
    _complete(world.own, documents=1)
    client = world.client("tim_kerja")
    path = PAGES["question"](world.own.pk)
    client.get(path)
    one = _queries(client, path)
    attach_documents(world.own, per_question=3)
    response = client.get(path)
    assert len(response.context["evidence_panel"]["items"]) == 4
    assert _queries(client, path) == one
