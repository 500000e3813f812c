"""The unit's survey pages: periods, results, QR code, and B.I.a / B.II.a set from a period."""

from __future__ import annotations

from decimal import Decimal

import pytest
from auditlog.models import LogEntry
from django.urls import reverse

from scoring.models import Answer, Side
from scoring.surveys.models import SurveyPeriod
from scoring.surveys.services import quarter_of
from tests.conftest import World
from tests.scoring.surveys.conftest import MakePeriod, add_responses, all_items

pytestmark = pytest.mark.django_db


def test_quarter_of() -> None:
    import datetime as dt

    assert quarter_of(dt.date(2026, 11, 30)) == (
        dt.date(2026, 10, 1),
        dt.date(2026, 12, 31),
        "2026-T4",
    )
    assert quarter_of(dt.date(2026, 2, 28)) == (
        dt.date(2026, 1, 1),
        dt.date(2026, 3, 31),
        "2026-T1",
    )


def test_tim_kerja_opens_a_quarter_and_sees_the_trend(world: World) -> None:
    client = world.client("tim_kerja")
    unit = world.own.unit
    resp = client.post(
        reverse("surveys:period_create", args=[unit.slug]), {"day": "2026-08-15", "points": "6"}
    )
    assert resp.status_code == 302
    period = SurveyPeriod.objects.get(unit=unit)
    assert (period.label, str(period.starts_on), str(period.ends_on)) == (
        "2026-T3",
        "2026-07-01",
        "2026-09-30",
    )
    assert (period.points, period.min_respondents, period.instrument_version) == (6, 30, "2026.1")
    assert LogEntry.objects.get_for_object(period).get().actor == world.users["tim_kerja"]
    page = client.get(reverse("surveys:unit", args=[unit.slug]))
    assert page.status_code == 200 and "2026-T3" in page.content.decode()


@pytest.mark.parametrize("persona", ["tpi", "pimpinan_instansi"])
def test_only_the_unit_side_opens_periods(world: World, persona: str) -> None:
    resp = world.client(persona).post(
        reverse("surveys:period_create", args=[world.own.unit.slug]),
        {"day": "2026-08-15", "points": "4"},
    )
    assert resp.status_code == 403
    assert resp["X-Refusal-Code"] == "survey_manage_denied"
    assert not SurveyPeriod.objects.exists()


def test_results_page_numbers_warnings_and_qr(world: World, make_period: MakePeriod) -> None:
    period = make_period(world.own.unit)
    add_responses(period, [all_items(4)] * 10 + [all_items(3, spak_pungli=2)] * 10)
    page = world.client("pimpinan").get(reverse("surveys:period", args=[period.pk]))
    html = page.content.decode()
    assert page.status_code == 200
    # SPAK: items 3.5 except pungli (4+2)/2 = 3.0 -> index (4 * 3.5 + 3.0) / 5 = 3.40.
    assert "IPAK 3,40" in html and "n = 20" in html
    # 3.40 / 4 x 17.5 = 14.875 -> 14,88 of 17,50; (3.60 - 3.40) / 4 x 17.5 = 0.875 short.
    assert "Setara 14,88 dari 17,50 poin; kurang 0,88 poin untuk minimum WBK" in html
    assert "Perbaiki lebih dulu: Tidak ada pungutan liar" in html
    assert "Baru 20 responden, kurang dari minimum 30" in html
    assert "bukan survei resmi TPN" in html
    assert "/s/abc123/" in html
    qr = world.client("pimpinan").get(reverse("surveys:qr", args=[period.pk]))
    assert qr["Content-Type"] == "image/svg+xml" and b"<svg" in qr.content


def test_other_units_periods_are_404(world: World, make_period: MakePeriod) -> None:
    period = make_period(world.other.unit, code="lain01")
    client = world.client("tim_kerja")
    for name in ("surveys:period", "surveys:qr"):
        assert client.get(reverse(name, args=[period.pk])).status_code == 404
    assert (
        client.post(reverse("surveys:apply", args=[period.pk]), {"survey": "spak"}).status_code
        == 404
    )
    assert client.get(reverse("surveys:unit", args=[world.other.unit.slug])).status_code == 404


def test_set_b_i_a_from_a_period_records_its_source(world: World, make_period: MakePeriod) -> None:
    period = make_period(world.own.unit)
    add_responses(period, [all_items(4)] * 20 + [all_items(3)] * 20)
    client = world.client("tim_kerja")
    resp = client.post(reverse("surveys:apply", args=[period.pk]), {"survey": "spak"})
    assert resp.status_code == 302
    answer = Answer.objects.get(assessment=world.own, question__code="B.I.a", side=Side.UNIT)
    assert answer.index_value == Decimal("3.500")
    assert "Estimasi internal unit" in answer.note
    assert "IPAK periode 2026-T4, n = 40" in answer.note
    assert "3,338-3,662" in answer.note
    # Again from the same period: a new version, no conflict.
    client.post(reverse("surveys:apply", args=[period.pk]), {"survey": "spkp"})
    ipkp = Answer.objects.get(assessment=world.own, question__code="B.II.a", side=Side.UNIT)
    assert ipkp.index_value == Decimal("3.500") and "IPKP" in ipkp.note


def test_set_from_an_empty_period_is_refused(world: World, make_period: MakePeriod) -> None:
    period = make_period(world.own.unit)
    resp = world.client("tim_kerja").post(
        reverse("surveys:apply", args=[period.pk]), {"survey": "spak"}
    )
    assert resp.status_code == 403 and resp["X-Refusal-Code"] == "survey_no_responses"
    assert not Answer.objects.filter(question__code="B.I.a").exists()


def test_pimpinan_may_not_set_the_answer(world: World, make_period: MakePeriod) -> None:
    period = make_period(world.own.unit)
    add_responses(period, [all_items(4)] * 3)
    resp = world.client("pimpinan").post(
        reverse("surveys:apply", args=[period.pk]), {"survey": "spak"}
    )
    assert resp.status_code == 403
    assert not Answer.objects.filter(question__code="B.I.a").exists()


def test_the_assessment_page_links_to_the_units_surveys(world: World) -> None:
    page = world.client("tim_kerja").get(reverse("scoring:assessment", args=[world.own.pk]))
    assert reverse("surveys:unit", args=[world.own.unit.slug]) in page.content.decode()


def test_public_results_only_when_published(world: World, make_period: MakePeriod) -> None:
    from django.test import Client

    period = make_period(world.own.unit)
    add_responses(period, [all_items(4)] * 3)
    anonymous = Client()
    assert anonymous.get("/s/abc123/hasil/").status_code == 404
    client = world.client("tim_kerja")
    denied = world.client("tpi").post(reverse("surveys:publish", args=[period.pk]), {"public": "1"})
    assert denied.status_code == 403 and denied["X-Refusal-Code"] == "survey_manage_denied"
    assert (
        client.post(reverse("surveys:publish", args=[period.pk]), {"public": "1"}).status_code
        == 302
    )
    page = anonymous.get("/s/abc123/hasil/")
    html = page.content.decode()
    assert page.status_code == 200 and "IPAK 4,00" in html and "bukan survei resmi TPN" in html
    assert "terapkan" not in html and "/survei/periode/" not in html
    client.post(reverse("surveys:publish", args=[period.pk]), {"public": "0"})
    assert anonymous.get("/s/abc123/hasil/").status_code == 404


def test_items_to_work_on_end_with_one_full_stop_in_english(
    world: World, make_period: MakePeriod
) -> None:
    period = make_period(world.own.unit)
    add_responses(period, [all_items(4)] * 10 + [all_items(3, spak_pungli=2)] * 10)
    client = world.client("pimpinan")
    client.cookies["django_language"] = "en"
    html = client.get(reverse("surveys:period", args=[period.pk])).content.decode()
    assert "Work on these first: There are no illegal levies" in html
    assert "95 % confidence interval" in html and "interval kepercayaan" not in html
    assert ".." not in html.split("Work on these first:")[1].split("</p>")[0]


@pytest.mark.parametrize(
    ("language", "said", "not_said"),
    [
        ("id", "minimum WBK dan WBBM terpenuhi", "kurang 0,00"),
        ("en", "the WBK and WBBM minimums are met", "0.00 points short"),
    ],
)
def test_a_minimum_reached_is_said_met_not_zero_points_short(
    world: World, make_period: MakePeriod, language: str, said: str, not_said: str
) -> None:
    period = make_period(world.own.unit)
    add_responses(period, [all_items(4)] * 40)  # every index 4.00, above both minimums
    client = world.client("pimpinan")
    client.cookies["django_language"] = language
    html = client.get(reverse("surveys:period", args=[period.pk])).content.decode()
    assert said in html and not_said not in html
