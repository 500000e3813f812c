"""`manage.py scores_verify [--rebuild]` and the system check scoring.W001."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from scoring.checks import summaries_check
from scoring.models import Answer, ScoreSummary, Side
from scoring.summaries import summaries_refresh
from tests.conftest import World
from tests.scoring.reports.conftest import answer_all
from zi_portal.models import Assessment

pytestmark = pytest.mark.django_db


@pytest.fixture
def stored(world: World) -> World:
    answer_all(world.own, side=Side.UNIT, rank=0)
    summaries_refresh(assessments=Assessment.objects.values_list("pk", flat=True))
    return world


def test_all_current_exits_0(stored: World, capsys: Any) -> None:
    call_command("scores_verify")
    assert "3 penilaian diperiksa, 0 ringkasan berbeda" in capsys.readouterr().out


def test_a_write_around_the_services_is_found_and_rebuilt(stored: World, capsys: Any) -> None:
    world = stored
    Answer.objects.filter(assessment=world.own, side=Side.UNIT, question__code="A.I.1.i.a").update(
        choice="Tidak"
    )  # raw SQL: no service, no write-through
    ScoreSummary.objects.filter(assessment=world.sibling, side=Side.TPI).delete()
    with pytest.raises(CommandError, match="3 penilaian diperiksa, 2 ringkasan berbeda"):
        call_command("scores_verify")
    out = capsys.readouterr().out
    assert f"berbeda #{world.own.pk} unit: total, pengungkit" in out
    assert f"berbeda #{world.sibling.pk} tpi: missing" in out
    before = Decimal(ScoreSummary.objects.get(assessment=world.own, side=Side.UNIT).total)

    call_command("scores_verify", "--rebuild")
    out = capsys.readouterr().out
    assert f"ditulis ulang #{world.own.pk} unit" in out and "semua ditulis ulang" in out
    assert Decimal(ScoreSummary.objects.get(assessment=world.own, side=Side.UNIT).total) < before
    assert ScoreSummary.objects.filter(assessment=world.sibling, side=Side.TPI).exists()
    call_command("scores_verify")  # exits 0 now
    assert "0 ringkasan berbeda" in capsys.readouterr().out


def test_the_check_flags_assessments_without_a_summary_in_one_query(
    stored: World, django_assert_num_queries: Any
) -> None:
    with django_assert_num_queries(1):
        assert summaries_check() == []
    ScoreSummary.objects.filter(assessment=stored.own, side=Side.UNIT).delete()
    ScoreSummary.objects.filter(assessment=stored.sibling).update(revision="0")
    (warning,) = summaries_check()
    assert warning.id == "scoring.W001"
    assert warning.msg.startswith("2 penilaian")
    assert "scores_verify --rebuild" in (warning.hint or "")


def test_the_check_runs_with_check_deploy(stored: World, capsys: Any) -> None:
    ScoreSummary.objects.all().delete()
    call_command("check", "--deploy", "--tag", "scoring")
    assert "scoring.W001" in capsys.readouterr().err + capsys.readouterr().out
