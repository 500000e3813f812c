"""A stored score summary can never go stale through a service.

Every service that can change a score's inputs (the counted answers of either side, the unit's
holds_wbk) is called below, one test each, on an assessment whose summaries were stored before;
after the call the stored rows of BOTH sides must equal a fresh computation by the engine
(scoring.selectors.scores.summaries_computed over scores_for_assessments), field by field, and
the stored figure must have moved where the service changed the score. The services:

1. answer_save, unit side (the question page)            scoring/services/answers.py
2. answer_save, TPI side (starts the review)             scoring/services/answers.py
3. the REST API's answer PUT                             scoring/api/views/answers.py
4. survey_apply (B.I.a from a survey period)             scoring/surveys/services.py
5. the workbook import (many answers at once)            scoring/transfer/workbook.py
6. cycle_start (new assessments, answers carried)        scoring/cycle/services.py
7. answers_confirm (a carried answer starts to count)    scoring/cycle/services.py
8. import_assessment (backup restore)                    scoring/transfer/restore.py
9. predicate_grant (holds_wbk on: the WBBM verdict)      scoring/predicates/services.py
10. predicate_revoke (holds_wbk off)                     scoring/predicates/services.py
11. demo_seed (the demo's assessments)                   scoring/demo/seed.py

SERVICES lists them; test_every_service_is_listed fails when a scenario is added without its
name there or the other way round. Writes around the services (raw SQL, the bench seed's
bulk inserts) are not covered by the write-through: `manage.py scores_verify` finds them.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from areas.models import Question
from scoring.cycle.services import answers_confirm, cycle_start
from scoring.models import Answer, ScoreSummary, Side
from scoring.predicates.services import predicate_grant, predicate_revoke
from scoring.selectors.scores import summaries_computed, summary_differences
from scoring.summaries import summaries_refresh
from scoring.surveys.instrument import instrument
from scoring.surveys.models import SurveyPeriod, SurveyResponse
from scoring.surveys.services import survey_apply
from scoring.transfer import workbook as lke_workbook
from scoring.transfer.backup import export_assessment
from scoring.transfer.restore import import_assessment
from tests.conftest import World
from tests.scoring.reports.conftest import answer_all
from tests.scoring.services.test_answers import fill_answers, set_status
from tests.scoring.surveys.conftest import all_items
from zi_portal.models import Assessment, Cycle, Unit

pytestmark = pytest.mark.django_db

CHOICE_CODE = "A.I.1.i.a"  # Ya/Tidak, area 1


def assert_fresh(*assessments: Assessment) -> None:
    """Both sides' stored rows equal a fresh computation, field by field."""
    items = list(
        Assessment.objects.filter(pk__in=[a.pk for a in assessments]).select_related(
            "unit", "framework"
        )
    )
    assert items, "no assessment to check"
    for fresh in summaries_computed(items):
        stored = ScoreSummary.objects.filter(
            assessment_id=fresh.assessment_id, side=fresh.side
        ).first()
        assert stored is not None, f"#{fresh.assessment_id} {fresh.side}: no stored summary"
        differences = summary_differences(stored, fresh)
        assert differences == [], f"#{fresh.assessment_id} {fresh.side} stale: {differences}"


def stored_total(a: Assessment, side: str = Side.UNIT) -> Decimal:
    return Decimal(ScoreSummary.objects.get(assessment=a, side=side).total)


def stored(a: Assessment, side: str = Side.UNIT) -> ScoreSummary:
    return ScoreSummary.objects.get(assessment=a, side=side)


@pytest.fixture
def w(world: World) -> World:
    """The world's own and sibling assessments answered on the unit side, summaries stored."""
    answer_all(world.own, side=Side.UNIT, rank=0, index=Decimal(4))
    answer_all(world.sibling, side=Side.UNIT, rank=1)
    summaries_refresh(assessments=[world.own, world.sibling, world.other])
    assert_fresh(world.own, world.sibling)
    return world


def _question(a: Assessment, code: str = CHOICE_CODE) -> Question:
    return Question.objects.get(framework=a.framework, code=code)


# --------------------------------------------------------------------------- the scenarios


def answer_save_unit(w: World) -> None:
    from scoring.services.answers import answer_save

    row = Answer.objects.get(assessment=w.own, question=_question(w.own), side=Side.UNIT)
    before = stored_total(w.own)
    answer_save(
        actor=w.users["tim_kerja"],
        assessment=w.own,
        question=_question(w.own),
        side=Side.UNIT,
        choice="Tidak",
        expected_version=row.version,
    )
    assert stored_total(w.own) < before
    assert_fresh(w.own, w.sibling)


def answer_save_tpi(w: World) -> None:
    from scoring.services.answers import answer_save

    set_status(w.own, "submitted")
    assert stored(w.own, Side.TPI).answered == 0
    answer_save(
        actor=w.users["tpi"],
        assessment=w.own,
        question=_question(w.own),
        side=Side.TPI,
        choice="Ya",
        expected_version=None,
    )
    assert stored(w.own, Side.TPI).answered == 1
    assert_fresh(w.own)


def api_answer_put(w: World) -> None:
    from django.test import Client

    from scoring.api.services import token_create

    token = token_create(actor=w.users["tim_kerja"], name="uji")[1]
    row = Answer.objects.get(assessment=w.own, question=_question(w.own), side=Side.UNIT)
    before = stored_total(w.own)
    url = reverse("api:answer-detail", args=[w.own.pk, "unit", CHOICE_CODE])
    response = Client(HTTP_AUTHORIZATION=f"Bearer {token}").put(
        url, {"choice": "Tidak", "version": row.version}, "application/json"
    )
    assert response.status_code == 200, response.content
    assert stored_total(w.own) < before
    assert_fresh(w.own)


def survey_results_applied(w: World) -> None:
    today = timezone.localdate()
    period = SurveyPeriod.objects.create(
        unit=w.own.unit,
        label="2026-T4",
        starts_on=today - datetime.timedelta(days=10),
        ends_on=today + datetime.timedelta(days=10),
        code="wt0001",
        instrument_version=instrument().version,
    )
    SurveyResponse.objects.bulk_create(
        SurveyResponse(period=period, answers=all_items(1)) for _ in range(3)
    )
    before = stored_total(w.own)
    survey_apply(
        actor=w.users["tim_kerja"],
        period=period,
        survey_key="spak",
        assessment=w.own,
        side=Side.UNIT,
    )
    assert stored_total(w.own) < before  # index 4 replaced by a low one
    assert_fresh(w.own)


def workbook_import(w: World, tmp_path: Path) -> None:
    fill_answers(w.other, Side.UNIT)
    path = tmp_path / "lke.xlsx"
    lke_workbook.export_assessment_workbook(w.other.pk, "unit", path)
    before = stored_total(w.sibling)
    written = lke_workbook.import_assessment_workbook(
        actor=None, assessment_id=w.sibling.pk, side="unit", input_path=path
    )
    assert written > 0
    assert stored_total(w.sibling) != before
    assert_fresh(w.sibling)


def cycle_started(w: World) -> None:
    result = cycle_start(actor=None, year=w.own.cycle.year + 1)
    assert result.created
    assert_fresh(*result.created)
    new = next(a for a in result.created if a.unit_id == w.own.unit_id)
    assert stored(new).answered == 0  # carried answers count once confirmed


def carried_answer_confirmed(w: World) -> None:
    cycle_start(actor=None, year=w.own.cycle.year + 1)
    new = Assessment.objects.get(unit=w.own.unit, cycle__year=w.own.cycle.year + 1)
    assert stored(new).answered == 0
    assert answers_confirm(actor=w.users["tim_kerja"], assessment=new, questions=[_question(new)])
    assert stored(new).answered == 1
    assert_fresh(new)


def backup_restored(w: World, tmp_path: Path) -> None:
    archive = tmp_path / "a.zip"
    export_assessment(assessment=w.own, output=archive)
    Unit.objects.filter(pk=w.own.unit_id).update(code="LAMA", slug="lama")
    Cycle.objects.filter(pk=w.own.cycle_id).update(year=1999)
    restored = import_assessment(source=archive).assessment
    assert stored_total(restored) == stored_total(w.own) > 0
    assert_fresh(restored)


def predicate_granted(w: World) -> Any:
    before = stored(w.own)
    assert not before.wbbm_pass
    row = predicate_grant(
        actor=w.users["admin"],
        unit=w.own.unit,
        kind="WBK",
        decree_number="SK 1/2025",
        decree_date=datetime.date(2025, 12, 10),
    )
    assert stored(w.own).wbbm_pass  # best answers everywhere: prior WBK was the one missing
    assert_fresh(w.own, w.sibling)
    return row


def predicate_revoked(w: World) -> None:
    row = predicate_granted(w)
    predicate_revoke(actor=w.users["admin"], predicate=row, reason="Evaluasi ulang tidak lulus")
    assert not stored(w.own).wbbm_pass
    assert_fresh(w.own)


def demo_seeded(w: World) -> None:
    from scoring.demo.seed import demo_seed

    assessments = demo_seed()
    assert any(stored_total(a) > 0 for a in assessments)
    assert_fresh(*assessments)


SERVICES: dict[str, Callable[..., Any]] = {
    "answer_save unit": answer_save_unit,
    "answer_save tpi": answer_save_tpi,
    "api answer put": api_answer_put,
    "survey_apply": survey_results_applied,
    "workbook import": workbook_import,
    "cycle_start": cycle_started,
    "answers_confirm": carried_answer_confirmed,
    "import_assessment (restore)": backup_restored,
    "predicate_grant": predicate_granted,
    "predicate_revoke": predicate_revoked,
    "demo_seed": demo_seeded,
}


def test_every_service_is_listed() -> None:
    doc = __doc__ or ""
    assert len(SERVICES) == 11
    for name in ("answer_save", "survey_apply", "cycle_start", "answers_confirm"):
        assert name in doc
    for fn in SERVICES.values():
        assert fn.__name__ in globals()


@pytest.mark.parametrize("name", list(SERVICES))
def test_no_service_leaves_a_summary_stale(
    name: str, w: World, tmp_path: Path, django_capture_on_commit_callbacks: Any
) -> None:
    scenario = SERVICES[name]
    with django_capture_on_commit_callbacks(execute=True):
        if "tmp_path" in scenario.__code__.co_varnames[: scenario.__code__.co_argcount]:
            scenario(w, tmp_path)
        else:
            scenario(w)


# --------------------------------------------------------------------------- the overview's cost


def _more_units(world: World, n: int) -> None:
    start = Unit.objects.count()
    units = Unit.objects.bulk_create(
        Unit(
            name=f"Unit Tambahan {start + i:04d}",
            code=f"ADD{start + i:05d}",
            slug=f"unit-tambahan-{start + i}",
            parent=world.instansi,
        )
        for i in range(n)
    )
    made = Assessment.objects.bulk_create(
        Assessment(unit=u, cycle=world.own.cycle, framework=world.own.framework) for u in units
    )
    for a in made[:3]:
        answer_all(a, side=Side.UNIT, rank=a.pk % 3)
    summaries_refresh(assessments=made)


@pytest.mark.parametrize(
    "query", ["", "?sort=-total", "?sort=-area3&predikat=belum", "?sort=status&q=unit&page=2"]
)
def test_overview_runs_the_same_queries_at_5_and_25_units(w: World, query: str) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = w.client("pimpinan_instansi")
    _more_units(w, 3)  # 5 units with own and sibling
    with CaptureQueriesContext(connection) as five:
        r5 = client.get(f"/instansi/{query}")
    assert r5.status_code == 200
    _more_units(w, 20)  # 25 units
    with CaptureQueriesContext(connection) as twenty_five:
        r25 = client.get(f"/instansi/{query}")
    assert r25.status_code == 200
    assert len(twenty_five) == len(five), [q["sql"][:80] for q in twenty_five.captured_queries]
    # Nothing read the answers: the page works from the stored summaries alone.
    assert not any('"scoring_answer"' in q["sql"] for q in twenty_five.captured_queries)
