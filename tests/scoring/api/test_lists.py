"""Lists: page-number pagination, the filters, and a query count that does not grow with rows."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from areas.models import Question
from tests.factories import AnswerFactory, AssessmentFactory, CycleFactory, EvidenceFactory
from tests.scoring.api.conftest import ApiWorld, body
from zi_portal.models import Assessment

pytestmark = pytest.mark.django_db


def _more_cycles(api: ApiWorld, n: int) -> list[Assessment]:
    unit = api.world.own.unit
    out = []
    for i in range(n):
        cycle = CycleFactory(year=2010 + i)
        out.append(AssessmentFactory(unit=unit, cycle=cycle, framework=api.world.own.framework))
    return out


def test_pagination_and_the_year_and_status_filters(api: ApiWorld) -> None:
    extra = _more_cycles(api, 3)
    client = api.client("tim_kerja")
    url = reverse("api:assessment-list")
    first = body(client.get(url, {"page_size": 2}))
    assert first["count"] == 4
    assert len(first["results"]) == 2 and first["next"] and first["previous"] is None
    second = body(client.get(url, {"page_size": 2, "page": 2}))
    assert len(second["results"]) == 2 and second["next"] is None
    seen = {r["id"] for r in first["results"] + second["results"]}
    assert seen == {api.world.own.pk, *(a.pk for a in extra)}
    by_year = body(client.get(url, {"year": 2011}))
    assert [r["id"] for r in by_year["results"]] == [extra[1].pk]
    Assessment.objects.filter(pk=extra[2].pk).update(status=Assessment.Status.SUBMITTED)
    by_status = body(client.get(url, {"status": "submitted"}))
    assert [r["id"] for r in by_status["results"]] == [extra[2].pk]
    assert client.get(url, {"page": 9}).status_code == 404


def test_answers_filtered_by_area(api: ApiWorld) -> None:
    own = api.world.own
    area2 = Question.objects.filter(framework=own.framework, indicator__part__area__no=2).order_by(
        "position"
    )[0]
    AnswerFactory(assessment=own, question=area2)
    client = api.client("tim_kerja")
    url = reverse("api:answer-list", args=[own.pk, "unit"])
    assert body(client.get(url))["count"] == 2
    only = body(client.get(url, {"area": 2}))
    assert [r["question"] for r in only["results"]] == [area2.code]


def _queries(django_assert_max_num_queries: Any, client: Any, url: str, limit: int) -> Any:
    with django_assert_max_num_queries(limit):
        response = client.get(url)
    assert response.status_code == 200
    return body(response)


def test_list_query_counts_do_not_grow_with_rows(
    api: ApiWorld, django_assert_max_num_queries: Any
) -> None:
    own = api.world.own
    _more_cycles(api, 8)
    for q in Question.objects.filter(framework=own.framework).order_by("position")[1:40]:
        AnswerFactory(assessment=own, question=q)
    first = Question.objects.get(framework=own.framework, code="A.I.1.i.a")
    for i in range(10):
        EvidenceFactory(assessment=own, title=f"Dok {i}", questions=[first])
    client = api.client("pimpinan_instansi")
    assessments = _queries(django_assert_max_num_queries, client, "/api/v1/assessments/", 8)
    assert assessments["count"] == 10  # own, sibling and 8 more of the own unit
    units = _queries(django_assert_max_num_queries, client, "/api/v1/units/", 8)
    assert units["count"] >= 2
    answers_url = reverse("api:answer-list", args=[own.pk, "unit"])
    answers = _queries(django_assert_max_num_queries, client, answers_url, 14)
    assert answers["count"] == 40
    evidence_url = reverse("api:evidence", args=[own.pk, "A.I.1.i.a"])
    evidence = _queries(django_assert_max_num_queries, client, evidence_url, 14)
    assert evidence["count"] == 11
