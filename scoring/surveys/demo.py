"""Demo data for the surveys: four quarters of generated responses with a rising trend.

Call ``demo_surveys(unit=..., actor=..., today=...)`` from the demo seed (scoring/demo); it is
idempotent (quarters that exist are left alone). With ``assessment`` given it also sets B.I.a
from the latest quarter through survey_apply (when the actor may write that answer now).
"""

from __future__ import annotations

import datetime
import random

from django.contrib.auth.models import User
from django.db import transaction

from scoring.models import Answer, Side
from scoring.surveys.imports import ImportPlan, survey_responses_import
from scoring.surveys.instrument import instrument
from scoring.surveys.models import SurveyPeriod
from scoring.surveys.services import (
    quarter_of,
    survey_apply,
    survey_period_create,
    survey_publish,
)
from zi_portal.models import Assessment, Unit

# Oldest first: (respondents, SPAK target, SPKP target). Two quarters stay below 30 respondents.
QUARTERS = ((22, "3.28", "3.18"), (34, "3.41", "3.30"), (27, "3.52", "3.41"), (41, "3.66", "3.55"))
# Items a little weaker than the rest, so the results page has items pulling the index down.
WEAK = {"spak_calo": 0.15, "spkp_waktu": 0.15, "spkp_pengaduan": 0.10}


def _column(rng: random.Random, n: int, target: float) -> list[int]:
    """n answers of one item whose mean is close to ``target``: 5 % twos, enough fours, the rest
    threes, in a shuffled order (so respondents differ and the interval has a width)."""
    twos = round(0.05 * n)
    fours = min(max(round((target - 3) * n) + twos, 0), n - twos)
    values = [4] * fours + [2] * twos + [3] * (n - fours - twos)
    rng.shuffle(values)
    return values


def _rows(seed: int, n: int, spak: float, spkp: float) -> list[dict[str, int]]:
    rng = random.Random(seed)  # noqa: S311 - demo data, deterministic on purpose
    inst = instrument()
    columns: dict[str, list[int]] = {}
    for survey, target in (("spak", spak), ("spkp", spkp)):
        for key in inst.survey(survey).item_keys:
            columns[key] = _column(rng, n, target - WEAK.get(key, 0.0) + 0.06)
    return [{key: col[i] for key, col in columns.items()} for i in range(n)]


def _quarter_days(today: datetime.date) -> list[datetime.date]:
    start, _end, _label = quarter_of(today)
    days = [start]
    for _ in range(3):
        days.insert(0, quarter_of(days[0] - datetime.timedelta(days=1))[0])
    return days


@transaction.atomic
def demo_surveys(
    *, unit: Unit, actor: User, today: datetime.date, assessment: Assessment | None = None
) -> list[SurveyPeriod]:
    periods = []
    for no, (day, (n, spak, spkp)) in enumerate(zip(_quarter_days(today), QUARTERS, strict=True)):
        period = SurveyPeriod.objects.filter(unit=unit, starts_on=day).first()
        if period is None:
            period = survey_period_create(actor=actor, unit=unit, day=day)
            rows = _rows(unit.pk * 10 + no, n, float(spak), float(spkp))
            plan = ImportPlan(rows=rows, profiles=[{}] * len(rows))
            survey_responses_import(actor=actor, period=period, plan=plan)
        periods.append(period)
    if not periods[-1].public_results:  # the unit's public ZI page links these results
        periods[-1] = survey_publish(actor=actor, period=periods[-1], public=True)
    if assessment is not None:
        done = Answer.objects.filter(
            assessment=assessment,
            question__code="B.I.a",
            side=Side.UNIT,
            note__contains="IPAK periode",
        )
        if not done.exists():
            survey_apply(
                actor=actor,
                period=periods[-1],
                survey_key="spak",
                assessment=assessment,
                side=Side.UNIT,
            )
    return periods
