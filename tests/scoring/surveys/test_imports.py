"""Importing responses (Google Forms CSV) and the demo's four quarters."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from scoring.models import Answer, Side
from scoring.surveys.demo import demo_surveys
from scoring.surveys.imports import plan_import, read_csv, survey_responses_import
from scoring.surveys.instrument import instrument
from scoring.surveys.models import SurveyPeriod, SurveyResponse
from scoring.surveys.selectors import period_results
from tests.conftest import World
from tests.scoring.surveys.conftest import MakePeriod
from zi_portal.refusals import Refused

pytestmark = pytest.mark.django_db


def _google_forms_csv(bad_row: bool) -> bytes:
    keys = instrument().all_item_keys
    header = ["Timestamp", "Layanan", *[f"Pertanyaan {i}" for i in range(1, len(keys) + 1)]]
    lines = [",".join(header)]
    for i in range(4):
        answers = ["4"] * len(keys)
        if i == 1:
            answers[0] = "Sangat setuju"
        if bad_row and i == 2:
            answers[3] = "7"
        lines.append(",".join([f"2026/11/0{i + 1} 10:00:00", "Konsultasi", *answers]))
    return ("\ufeff" + "\n".join(lines) + "\n").encode()


def _mapping() -> dict[str, int]:
    keys = instrument().all_item_keys
    return {"service": 1, **{k: i + 2 for i, k in enumerate(keys)}}


def test_a_malformed_row_is_listed_and_nothing_is_written(
    world: World, make_period: MakePeriod
) -> None:
    period = make_period(world.own.unit)
    header, rows = read_csv(_google_forms_csv(bad_row=True))
    assert header[0] == "Timestamp" and len(rows) == 4
    plan = plan_import(period=period, rows=rows, mapping=_mapping())
    # The header is row 1, so the third answer row is row 4; its fourth item is spak_pungli.
    assert plan.problems == [(4, 'spak_pungli: "7" bukan jawaban 1-4.')]
    assert not plan.ok
    with pytest.raises(ValueError, match="nothing is written"):
        survey_responses_import(actor=world.users["tim_kerja"], period=period, plan=plan)
    assert not SurveyResponse.objects.exists()


def test_a_clean_file_imports_every_row_with_labels_as_answers(
    world: World, make_period: MakePeriod
) -> None:
    period = make_period(world.own.unit)
    _header, rows = read_csv(_google_forms_csv(bad_row=False))
    plan = plan_import(period=period, rows=rows, mapping=_mapping())
    assert plan.ok and plan.rows[1]["spak_diskriminasi"] == 4
    made = survey_responses_import(actor=world.users["tim_kerja"], period=period, plan=plan)
    assert len(made) == 4
    assert set(SurveyResponse.objects.values_list("source", "service")) == {
        ("import", "Konsultasi")
    }


def test_unmapped_items_and_other_people_are_refused(world: World, make_period: MakePeriod) -> None:
    period = make_period(world.own.unit)
    plan = plan_import(period=period, rows=[["4"]], mapping={"spak_calo": 0})
    assert plan.problems[0][0] == 1 and "spak_diskriminasi" in plan.problems[0][1]
    _header, rows = read_csv(_google_forms_csv(bad_row=False))
    good = plan_import(period=period, rows=rows, mapping=_mapping())
    with pytest.raises(Refused) as exc:
        survey_responses_import(actor=world.users["tpi"], period=period, plan=good)
    assert exc.value.code == "survey_manage_denied"


def test_demo_four_quarters_rising_some_small_and_b_i_a_set(world: World) -> None:
    today = datetime.date(2026, 11, 30)
    periods = demo_surveys(
        unit=world.own.unit, actor=world.users["tim_kerja"], today=today, assessment=world.own
    )
    assert [p.label for p in periods] == ["2026-T1", "2026-T2", "2026-T3", "2026-T4"]
    results = [period_results(p) for p in periods]
    ipak = [r[0].result.index for r in results]
    ipkp = [r[1].result.index for r in results]
    assert ipak == sorted(ipak) and ipkp == sorted(ipkp), (ipak, ipkp)
    assert [r[0].result.n for r in results] == [22, 34, 27, 41]
    assert any("few_respondents" in r[0].result.warnings for r in results)
    answer = Answer.objects.get(assessment=world.own, question__code="B.I.a", side=Side.UNIT)
    latest = results[-1][0].result.index
    assert latest is not None
    assert answer.index_value == latest.quantize(Decimal("0.001"))
    assert "IPAK periode 2026-T4, n = 41" in answer.note
    # Idempotent.
    demo_surveys(
        unit=world.own.unit, actor=world.users["tim_kerja"], today=today, assessment=world.own
    )
    assert SurveyPeriod.objects.filter(unit=world.own.unit).count() == 4
    assert Answer.objects.get(pk=answer.pk).version == answer.version


def test_import_page_preview_lists_the_bad_row_and_writes_nothing(
    world: World, make_period: MakePeriod
) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse

    period = make_period(world.own.unit)
    url = reverse("surveys:import", args=[period.pk])
    client = world.client("tim_kerja")
    bad = SimpleUploadedFile("form.csv", _google_forms_csv(bad_row=True), "text/csv")
    resp = client.post(url, {"file": bad})
    html = resp.content.decode()
    assert resp.status_code == 400
    assert 'id="import-problems"' in html and "Baris 4" in html and "spak_pungli" in html
    assert 'name="apply"' not in html
    assert not SurveyResponse.objects.exists()


def test_import_page_preview_then_apply(world: World, make_period: MakePeriod) -> None:
    import re

    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse

    period = make_period(world.own.unit)
    url = reverse("surveys:import", args=[period.pk])
    client = world.client("tim_kerja")
    good = SimpleUploadedFile("form.csv", _google_forms_csv(bad_row=False), "text/csv")
    preview = client.post(url, {"file": good})
    html = preview.content.decode()
    assert preview.status_code == 200 and "4 baris siap diimpor" in html
    assert not SurveyResponse.objects.exists()
    payload = re.search(r'name="payload" value="([^"]+)"', html)
    assert payload is not None
    data = {
        "payload": payload.group(1),
        "apply": "1",
        **{f"map_{k}": str(v) for k, v in _mapping().items()},
    }
    done = client.post(url, data)
    assert done.status_code == 302
    assert SurveyResponse.objects.filter(period=period, source="import").count() == 4
    # A forged payload is refused, nothing more is written.
    data["payload"] = payload.group(1)[:-3] + "xyz"
    assert client.post(url, data).status_code == 400
    assert SurveyResponse.objects.count() == 4


def test_import_page_is_the_unit_sides(world: World, make_period: MakePeriod) -> None:
    from django.urls import reverse

    period = make_period(world.own.unit)
    resp = world.client("tpi").get(reverse("surveys:import", args=[period.pk]))
    assert resp.status_code == 403 and resp["X-Refusal-Code"] == "survey_manage_denied"
