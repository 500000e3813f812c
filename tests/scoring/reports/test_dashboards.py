"""Unit dashboard and institution overview: content, filters, export, fixed query counts."""

from __future__ import annotations

import io
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from openpyxl import load_workbook

from areas.models import Question
from scoring.models import ScoreSummary
from scoring.presenters import format_id
from scoring.reports.selectors.overview import OverviewParams, institution_overview
from scoring.reports.views.dashboard import OVERVIEW_PAGE_SIZE
from scoring.selectors.scores import SUMMARY_REVISION, assessment_scores
from tests.factories import (
    AssessmentEventFactory,
    AssessmentFactory,
    ReviewFlagFactory,
    UnitFactory,
)
from tests.scoring.reports.conftest import answer_all
from zi_portal.models import Assessment, Unit

pytestmark = pytest.mark.django_db


def _count(client: Any, url: str) -> tuple[int, Any]:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, response.status_code
    return len(ctx.captured_queries), response


def test_dashboard_shows_totals_verdicts_gap_and_charts(answered: Any) -> None:
    world = answered
    flag_q = Question.objects.get(code="A.I.1.i.b", framework=world.own.framework)
    ReviewFlagFactory(assessment=world.own, question=flag_q, note="Lampirkan SK terbaru")
    AssessmentEventFactory(assessment=world.own, action="diajukan", note="ke TPI")
    response = world.client("pimpinan").get(f"/penilaian/{world.own.pk}/dasbor/")
    assert response.status_code == 200
    body = response.content.decode()
    scores = assessment_scores(assessment=world.own)
    assert format_id(scores["unit"].total) in body
    assert format_id(scores["tpi"].total) in body
    assert "Langkah tercepat menuju WBK / WBBM" in body
    assert body.count('<svg class="chart') == 3
    assert "<style" not in body.split("<svg", 1)[1]  # CSP: no inline styles in the charts
    assert "Lampirkan SK terbaru" in body
    assert "Nilai total (pengungkit + hasil)" in body  # verdict criteria
    assert 'hx-post="/penilaian/' in body  # report buttons
    # The activity list comes after the page, from its own address (a plain link without JS).
    activity_url = f"/penilaian/{world.own.pk}/dasbor/aktivitas/"
    assert f'hx-get="{activity_url}" hx-trigger="load"' in body
    assert f'href="/penilaian/{world.own.pk}/riwayat/"' in body
    activity = world.client("pimpinan").get(activity_url)
    assert activity.status_code == 200
    assert "diajukan" in activity.content.decode()


def test_the_activity_list_is_refused_like_the_dashboard(world: Any) -> None:
    url = f"/penilaian/{world.other.pk}/dasbor/aktivitas/"
    assert world.client("tim_kerja").get(url).status_code == 404
    assert (
        world.client("tim_kerja").get(f"/penilaian/{world.own.pk}/dasbor/aktivitas/").status_code
        == 200
    )


def test_dashboard_gap_lists_steps_when_a_predicate_is_missed(world: Any) -> None:
    answer_all(world.own, side="unit", rank=2)
    body = world.client("tim_kerja").get(f"/penilaian/{world.own.pk}/dasbor/").content.decode()
    gap = assessment_scores(assessment=world.own)["unit"].gap["WBK"]
    assert not gap.passed and gap.steps
    assert gap.steps[0].question in body
    assert "Langkah tercepat menuju WBK" in body


def test_dashboard_query_count_does_not_grow_with_answers_flags_or_units(world: Any) -> None:
    c = world.client("pimpinan")
    url = f"/penilaian/{world.own.pk}/dasbor/"
    empty, _ = _count(c, url)
    answer_all(world.own, side="unit", rank=1)
    answer_all(world.own, side="tpi", rank=0)
    for code in ("A.I.1.i.a", "A.I.1.i.b", "A.I.2.i.a"):
        q = Question.objects.get(code=code, framework=world.own.framework)
        ReviewFlagFactory(assessment=world.own, question=q, note="perbaiki")
        AssessmentEventFactory(assessment=world.own, action="catatan")
    for _i in range(20):
        AssessmentEventFactory(assessment=world.own, action="ubah")
    for _n in range(30):
        AssessmentFactory(
            unit=UnitFactory(parent=world.instansi),
            cycle=world.own.cycle,
            framework=world.own.framework,
        )
    full, _ = _count(c, url)
    assert full == empty


def _units(world: Any, n: int, *, answered: int = 0) -> list[Assessment]:
    """n more units of the world's instansi with an assessment each (bulk, fast)."""
    start = Unit.objects.count()
    units = Unit.objects.bulk_create(
        Unit(
            name=f"Unit Sintetis {start + i:04d}",
            code=f"SYN{start + i:05d}",
            slug=f"unit-sintetis-{start + i}",
            parent=world.instansi,
        )
        for i in range(n)
    )
    assessments = Assessment.objects.bulk_create(
        Assessment(unit=u, cycle=world.own.cycle, framework=world.own.framework) for u in units
    )
    for a in assessments[:answered]:
        answer_all(a, side="unit", rank=a.pk % 3)
    return assessments


def test_overview_query_count_is_the_same_for_3_and_30_units(world: Any) -> None:
    c = world.client("pimpinan_instansi")
    _units(world, 1, answered=1)  # with own and sibling: 3 units
    three, r3 = _count(c, "/instansi/")
    assert r3.content.decode().count('<th scope="row">') == 3
    _units(world, 27, answered=5)
    thirty, r30 = _count(c, "/instansi/")
    assert r30.content.decode().count('<th scope="row">') == 30
    assert thirty == three


def _count_queries(client: Any, url: str) -> tuple[int, int, Any]:
    """(all queries, queries other than summary upserts, response)."""
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, response.status_code
    sql = [q["sql"] for q in ctx.captured_queries]
    upserts = [
        q
        for q in sql
        if q.startswith(('INSERT INTO "scoring_scoresummary"', 'INSERT OR IGNORE INTO "scoring_'))
    ]
    return len(sql), len(sql) - len(upserts), response


def test_overview_for_500_units_runs_the_same_queries_as_for_5(world: Any) -> None:
    c = world.client("admin")
    _units(world, 3, answered=2)
    _all, five, r5 = _count_queries(c, "/instansi/?sort=-total")
    assert r5.content.decode().count('<th scope="row">') == 5
    five_warm, _r = _count(c, "/instansi/?sort=-total")
    _units(world, 495, answered=10)
    # Cold: 495 units made without the services, so without summaries: computed once. The insert
    # is one statement on PostgreSQL; SQLite's parameter limit splits it into batches, so those
    # are counted apart.
    _all, many, r500 = _count_queries(c, "/instansi/?sort=-total")
    body = r500.content.decode()
    assert body.count('<th scope="row">') == OVERVIEW_PAGE_SIZE == 50
    assert "Menampilkan 1-50 dari 500 unit" in body
    assert many == five
    # Warm: every summary is stored, so nothing is read from the answers and nothing written:
    # the one-time fill is gone: which assessments lack one, its reads (stored rows, answers,
    # old-revision clean-up) and the COUNT run again after it. The COUNT itself finds none.
    many_warm, _r = _count(c, "/instansi/?sort=-total")
    assert many_warm == five_warm == five - 5


def test_overview_pages_keep_filters_and_sort_and_excel_takes_every_row(world: Any) -> None:
    c = world.client("admin")
    _units(world, 118, answered=3)  # 120 with own and sibling: pages of 50, 50, 20
    first = c.get("/instansi/?sort=-unit&q=sintetis")
    page = first.context["page_obj"]
    assert page.paginator.count == 118 and page.paginator.num_pages == 3
    body = first.content.decode()
    assert "Menampilkan 1-50 dari 118 unit" in body
    assert '?sort=-unit&amp;q=sintetis&amp;page=2"' in body
    names = [r.unit.name for r in page.object_list]
    third = c.get("/instansi/?sort=-unit&q=sintetis&page=3")
    last = [r.unit.name for r in third.context["page_obj"].object_list]
    assert len(last) == 18 and "Menampilkan 101-118 dari 118 unit" in third.content.decode()
    assert names == sorted(names, reverse=True) and names[-1] > last[0]
    assert "Unit Satu" not in third.content.decode()
    out_of_range = c.get("/instansi/?sort=-unit&q=sintetis&page=99")
    assert out_of_range.context["page_obj"].number == 3
    fragment = c.get("/instansi/?sort=-unit&q=sintetis&page=2", HTTP_HX_REQUEST="true")
    html = fragment.content.decode()
    assert html.lstrip().startswith('<div id="overview-table">')
    assert "Menampilkan 51-100 dari 118 unit" in html
    # The export link drops the page: the workbook has every filtered row.
    assert '/instansi/excel/?sort=-unit&amp;q=sintetis"' in third.content.decode()
    xlsx = c.get("/instansi/excel/?sort=-unit&q=sintetis&page=2")
    ws = load_workbook(io.BytesIO(xlsx.content)).active
    assert len(list(ws.iter_rows(min_row=4, values_only=True))) == 118


def test_overview_heatmap_filters_and_sort(world: Any) -> None:
    answer_all(world.own, side="unit", rank=0, index=Decimal(4))  # passes WBK
    answer_all(world.sibling, side="unit", rank=2)  # fails
    world.sibling.status = Assessment.Status.SUBMITTED
    world.sibling.save(update_fields=["status"])
    c = world.client("pimpinan_instansi")
    body = c.get("/instansi/?sort=-total").content.decode()
    assert body.index("Unit Satu") < body.index("Unit Dua")
    assert "Unit Lain" not in body  # another instansi
    assert 'class="num heat-wbbm"' in body and 'class="num heat-low"' in body
    assert 'style="' not in body.split('id="overview-table"', 1)[1]
    body = c.get("/instansi/?sort=total").content.decode()
    assert body.index("Unit Dua") < body.index("Unit Satu")
    body = c.get("/instansi/?predikat=wbk").content.decode()
    assert "Unit Satu" in body and "Unit Dua" not in body
    body = c.get("/instansi/?status=submitted").content.decode()
    assert "Unit Dua" in body and "Unit Satu" not in body
    body = c.get("/instansi/?q=satu").content.decode()
    assert "Unit Satu" in body and "Unit Dua" not in body
    fragment = c.get("/instansi/?q=dua", HTTP_HX_REQUEST="true").content.decode()
    assert fragment.lstrip().startswith('<div id="overview-table">')
    assert "Unit Dua" in fragment


def test_overview_excel_export_has_one_row_per_unit_with_numbers(world: Any) -> None:
    answer_all(world.own, side="unit", rank=0)
    response = world.client("admin").get("/instansi/excel/?sort=unit")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    ws = load_workbook(io.BytesIO(response.content)).active
    rows = list(ws.iter_rows(min_row=4, values_only=True))
    assert [r[1] for r in rows] == ["Unit Dua", "Unit Satu"]
    satu = rows[1]
    total = assessment_scores(assessment=world.own)["unit"].total
    assert satu[10] == round(float(total), 2)  # 3 columns, 6 areas, pengungkit, total
    assert satu[11] in ("Ya", "Tidak")


def test_days_left_counts_to_the_phase_end(world: Any) -> None:
    body = world.client("pimpinan").get(f"/penilaian/{world.own.pk}/dasbor/").content.decode()
    days = (world.own.cycle.self_assessment_end - timezone.localdate()).days
    assert f"{days} hari" in body


def _overview(world: Any, **params: Any) -> Any:
    return institution_overview(user=world.users["admin"], params=OverviewParams(**params))


@pytest.mark.parametrize("sort", ["unit", "-unit"])
@pytest.mark.parametrize("q", ["", "sintetis"])
def test_overview_pages_by_name_equal_slices_of_the_whole_sorted_list(
    world: Any, sort: str, q: str
) -> None:
    # A page sorted by name reads only the first units by name (LIMIT on the units alone):
    # every slice must equal the same slice of the list sorted over all the joined rows,
    # with units without an assessment among them.
    _units(world, 23, answered=2)
    for i in range(5):
        UnitFactory(name=f"Unit Sintetis {i:04d}b", code=f"NOA{i}", parent=world.instansi)
    whole = [
        (r.unit.pk, r.assessment.pk if r.assessment else None)
        for r in _overview(world, sort=sort, q=q).rows
    ]
    assert len(whole) == (28 if q else 30)
    for start, stop in ((0, 7), (7, 14), (20, 30), (27, 28)):
        rows = _overview(world, sort=sort, q=q).rows
        part = [(r.unit.pk, r.assessment.pk if r.assessment else None) for r in rows[start:stop]]
        assert part == whole[start:stop]
    assert _overview(world, sort=sort, q=q).rows[5].unit.pk == whole[5][0]


def test_overview_recomputes_a_summary_of_an_older_revision_and_counts_it(world: Any) -> None:
    answer_all(world.own, side="unit", rank=0, index=Decimal(4))
    c = world.client("pimpinan_instansi")
    assert "Unit Satu" in c.get("/instansi/?predikat=wbk").content.decode()
    stored = ScoreSummary.objects.filter(assessment=world.own, side="unit")
    stored.update(revision="0", wbk_pass=False, total="0", total_num=0)
    # The COUNT sees the old revision: the row is computed again before the rows are read.
    response = c.get("/instansi/?predikat=wbk")
    assert response.context["page_obj"].paginator.count == 1
    assert "Unit Satu" in response.content.decode()
    row = stored.get()
    assert row.revision == SUMMARY_REVISION and row.wbk_pass
    assert row.total == str(assessment_scores(assessment=world.own)["unit"].total)
