"""The cycle start page and the confirmation of carried answers: who may, what it writes."""

from __future__ import annotations

from typing import Any

import pytest
from auditlog.models import LogEntry
from django.urls import reverse

from scoring.cycle.services import CARRIED, CONFIRMED, cycle_start
from scoring.models import Answer, AssessmentEvent, Side
from tests.conftest import World
from tests.factories import AnswerFactory
from zi_portal.models import Assessment, Cycle

pytestmark = pytest.mark.django_db

START = reverse("scoring_cycle:start")
FIRST = "A.I.1.i.a"


@pytest.fixture
def next_year(world: World) -> Assessment:
    """The own unit's assessment of next year, carried from this year's two answers."""
    AnswerFactory(assessment=world.own, code=FIRST)
    AnswerFactory(assessment=world.own, code="A.I.1.i.b")
    cycle_start(actor=world.users["admin"], year=world.own.cycle.year + 1)
    return Assessment.objects.get(unit=world.own.unit, cycle__year=world.own.cycle.year + 1)


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("admin", 200),
        ("tim_kerja", 403),
        ("tpi", 403),
        ("pimpinan", 403),
        ("pimpinan_instansi", 403),
    ],
)
def test_start_page_is_for_admins(world: World, persona: str, status: int) -> None:
    response = world.client(persona).get(START)
    assert response.status_code == status
    if status == 403:
        assert response["X-Refusal-Code"] == "not_admin"
        assert (
            world.client(persona).post(START, {"year": 2099, "confirmed": "1"}).status_code == 403
        )
        assert not Cycle.objects.filter(year=2099).exists()


def test_admin_sees_the_plan_then_starts_the_cycle_of_own_instansi(
    world: World, django_capture_on_commit_callbacks: Any
) -> None:
    year = world.own.cycle.year + 1
    AnswerFactory(assessment=world.own, code=FIRST)
    client = world.client("admin")
    plan = client.post(START, {"year": year})
    assert plan.status_code == 200
    assert not Cycle.objects.filter(year=year).exists()  # the plan writes nothing
    assert b'name="confirmed" value="1"' in plan.content
    with django_capture_on_commit_callbacks(execute=True):
        done = client.post(START, {"year": year, "confirmed": "1"})
    assert done.status_code == 302  # to the background job's status page
    created = Assessment.objects.filter(cycle__year=year)
    # The admin's instansi only: own and sibling, not the other instansi's unit.
    assert {a.unit_id for a in created} == {world.own.unit_id, world.sibling.unit_id}
    assert AssessmentEvent.objects.filter(assessment__in=created, action=CARRIED).count() == 2
    assert (
        LogEntry.objects.filter(
            content_type__model="cycle", object_id=str(Cycle.objects.get(year=year).pk)
        )
        .get()
        .actor
        == world.users["admin"]
    )
    # Twice: nothing more.
    with django_capture_on_commit_callbacks(execute=True):
        client.post(START, {"year": year, "confirmed": "1"})
    assert Assessment.objects.filter(cycle__year=year).count() == 2


def test_plan_names_the_refusal_without_a_previous_cycle(world: World) -> None:
    response = world.client("admin").post(START, {"year": world.own.cycle.year - 3})
    assert b'data-code="cycle_no_previous"' in response.content
    confirmed = world.client("admin").post(
        START, {"year": world.own.cycle.year - 3, "confirmed": "1"}
    )
    assert (confirmed.status_code, confirmed["X-Refusal-Code"]) == (403, "cycle_no_previous")


def test_question_page_shows_the_carried_answer_and_confirms_it(
    world: World, next_year: Assessment
) -> None:
    client = world.client("tim_kerja")
    page = client.get(reverse("scoring:question", args=[next_year.pk, FIRST]))
    assert b"Perlu dikonfirmasi" in page.content
    assert str(world.own.cycle.year).encode() in page.content
    url = reverse("scoring_cycle:confirm", args=[next_year.pk, FIRST])
    assert client.post(url, {"scope": "question"}).status_code == 302
    answer = Answer.objects.get(assessment=next_year, question__code=FIRST, side=Side.UNIT)
    assert (answer.needs_confirmation, answer.answered_by, answer.version) == (
        False,
        world.users["tim_kerja"],
        2,
    )
    assert AssessmentEvent.objects.get(assessment=next_year, action=CONFIRMED).note == FIRST
    assert LogEntry.objects.filter(
        content_type__model="answer", object_id=str(answer.pk), actor=world.users["tim_kerja"]
    ).exists()
    # The rest of the indicator in one click.
    client.post(url, {"scope": "indicator"})
    assert not Answer.objects.filter(assessment=next_year, needs_confirmation=True).exists()


@pytest.mark.parametrize(
    ("persona", "status"),
    # The TPI is assigned per cycle: without next year's assignment it does not see the unit.
    [("tpi", 404), ("pimpinan", 403), ("pimpinan_instansi", 403), ("admin", 403)],
)
def test_only_the_tim_kerja_confirms(
    world: World, next_year: Assessment, persona: str, status: int
) -> None:
    url = reverse("scoring_cycle:confirm", args=[next_year.pk, FIRST])
    response = world.client(persona).post(url, {"scope": "question"})
    assert response.status_code == status
    assert Answer.objects.filter(assessment=next_year, needs_confirmation=True).count() == 2


def test_confirming_elsewhere_is_404(world: World, next_year: Assessment) -> None:
    AnswerFactory(assessment=world.other, code=FIRST)
    Answer.objects.filter(assessment=world.other).update(needs_confirmation=True)
    url = reverse("scoring_cycle:confirm", args=[world.other.pk, FIRST])
    assert world.client("tim_kerja").post(url).status_code == 404
    assert (
        world.client("tim_kerja")
        .get(reverse("scoring_cycle:confirm", args=[next_year.pk, FIRST]))
        .status_code
        == 405
    )


def test_dashboard_shows_the_trend_and_the_provisional_score(
    world: World, next_year: Assessment, personas: Any
) -> None:
    page = world.client("tim_kerja").get(reverse("reports:dashboard", args=[next_year.pk]))
    assert b'id="score-trend"' in page.content
    assert b"carried-note" in page.content
    rows = page.content.split(b'id="score-trend"')[1]
    assert str(world.own.cycle.year).encode() in rows
    assert str(next_year.cycle.year).encode() in rows
    detail = world.client("tim_kerja").get(reverse("scoring:assessment", args=[next_year.pk]))
    assert b"carried-note" in detail.content
    # The question table marks the two carried answers.
    assert detail.content.count(b'class="warn to-confirm"') == 2


def test_pages_in_english(world: World, next_year: Assessment) -> None:
    admin = world.client("admin")
    admin.cookies["django_language"] = "en"
    assert b"Start a new cycle" in admin.get(START).content
    tim = world.client("tim_kerja")
    tim.cookies["django_language"] = "en"
    page = tim.get(reverse("scoring:question", args=[next_year.pk, FIRST])).content
    assert b"Confirm this answer" in page
    assert b"it does not count in the score" in page
    dash = tim.get(reverse("reports:dashboard", args=[next_year.pk])).content
    assert b"Score trend across cycles" in dash
    assert b"Provisional official score: 2 carried answers" in dash
