"""The calendar page of an assessment (/penilaian/<pk>/kalender/): a list per month without
JavaScript, late items highlighted, both languages, and the feed address page."""

from __future__ import annotations

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from scoring.plans.calendar.obligations import Obligation, obligations, obligations_from_document
from scoring.plans.calendar.selectors import Kind, calendar_for_assessment, calendar_months
from scoring.plans.models import Status
from tests.conftest import World
from tests.scoring.plans.calendar.helpers import plan_item
from zi_portal.models import Phase, WindowExtension

pytestmark = pytest.mark.django_db


def test_page_lists_events_per_month_with_late_items_marked(world: World) -> None:
    year = world.own.cycle.year
    late = plan_item(world.own, datetime.date(year, 2, 10), step="Pakta integritas")
    done = plan_item(world.own, datetime.date(year, 2, 12), step="SK", status=Status.DONE)
    plan_item(world.own, datetime.date(year, 2, 14), step="Batal", status=Status.CANCELLED)
    plan_item(world.other, datetime.date(year, 2, 10), step="Rahasia unit lain")

    html = world.client("tim_kerja").get(reverse("plans-calendar:page", args=[world.own.pk]))
    body = html.content.decode()

    assert html.status_code == 200
    assert "<table" not in body  # a list per month, no seven-column grid
    section = body.split(f'id="bulan-{year}-02"')[1].split("</section>")[0]
    assert "Februari" in body
    assert "Pakta integritas" in section and "SK" in section
    assert "Batal</a>" not in body and "Rahasia unit lain" not in body
    late_li = re.search(r'<li class="cal-event cal-plan cal-late"[^>]*>(.*?)</li>', section, re.S)
    assert late_li is not None and "Terlambat" in late_li.group(1)
    assert late.status == Status.PLANNED and done.status == Status.DONE
    march = body.split(f'id="bulan-{year}-03"')[1].split("</section>")[0]
    assert "Batas penyampaian LHKPN periodik" in march and "31 Maret" in march


def test_page_in_english(world: World) -> None:
    year = world.own.cycle.year
    plan_item(world.own, datetime.date(year, 3, 5), step="Pakta integritas")
    client = world.client("pimpinan")
    client.cookies["django_language"] = "en"
    body = client.get(reverse("plans-calendar:page", args=[world.own.pk])).content.decode()
    assert "ZI calendar" in body
    assert "March 2026" in body or f"March {world.own.cycle.year}" in body
    assert "31 March" in body and "31 Maret" not in body
    assert "Deadline of the periodic LHKPN wealth report" in body
    assert "Kalender ZI" not in body


def test_a_window_extension_moves_the_phase_end(world: World) -> None:
    a = world.own
    new_end = a.cycle.self_assessment_end + datetime.timedelta(days=20)
    WindowExtension.objects.create(
        cycle=a.cycle, unit=a.unit, phase=Phase.SELF_ASSESSMENT, new_end=new_end, reason="x"
    )
    events = calendar_for_assessment(user=world.users["tim_kerja"], assessment=a)
    [phase] = [e for e in events if e.kind == Kind.PHASE and "self_assessment" in e.uid]
    assert phase.end == new_end and "diperpanjang" in phase.title


def test_months_are_in_order_and_the_current_one_is_marked(world: World) -> None:
    today = timezone.localdate()
    plan_item(world.own, today, step="Hari ini")
    events = calendar_for_assessment(user=world.users["tim_kerja"], assessment=world.own)
    months = calendar_months(events, today=today)
    assert [m.first for m in months] == sorted(m.first for m in months)
    [current] = [m for m in months if m.is_current]
    assert current.first == today.replace(day=1)
    assert any(e.title.endswith("Hari ini") for e in current.events)


def test_feed_address_page_shows_the_address_once(world: World) -> None:
    client = world.client("tim_kerja")
    page = reverse("plans-calendar:feeds")
    created = client.post(page, {"name": "Ponsel"})
    body = created.content.decode()
    url = re.search(r"<code class=\"token-secret\" data-feed-url>([^<]+)</code>", body)
    assert created.status_code == 201 and url is not None
    assert url.group(1).endswith(".ics") and "/kalender/" in url.group(1)
    assert "webcal://" in body
    again = client.get(page).content.decode()
    token = url.group(1).rsplit("/", 1)[1].removesuffix(".ics")
    assert token not in again and "Ponsel" in again
    profile = client.get(reverse("profile")).content.decode()
    assert reverse("plans-calendar:feeds") in profile


def test_every_obligation_has_both_titles_a_real_date_and_a_source() -> None:
    obs = obligations()
    assert {"lhkpn", "tpn_proposal", "zi_proposal_tpi"} <= {o.code for o in obs}
    for ob in obs:
        assert ob.title_id and ob.title_en and ob.source
        start, end = ob.dates(2027)
        assert end is None or end >= start
    lhkpn = next(o for o in obs if o.code == "lhkpn")
    assert lhkpn.dates(2027) == (datetime.date(2027, 3, 31), None)
    bimtek = next(o for o in obs if o.code == "zi_bimtek")
    assert bimtek.dates(2028)[1] == datetime.date(2028, 2, 29)


def test_a_bad_obligation_date_is_refused() -> None:
    with pytest.raises(ValueError):
        obligations_from_document(
            {
                "obligations": [
                    {
                        "code": "x",
                        "title_id": "x",
                        "title_en": "x",
                        "month": 2,
                        "day": 30,
                        "source": "x",
                    }
                ]
            }
        )
    assert Obligation("a", "b", "c", 1, 1, "d").dates(2026) == (datetime.date(2026, 1, 1), None)


def test_monev_quarters_show_the_reports_state_and_plan_items_link_to_their_page(
    world: World,
) -> None:
    from scoring.plans.monev.models import MonevReport

    a = world.own
    MonevReport.objects.create(
        assessment=a,
        quarter=1,
        status=MonevReport.Status.SIGNED_OFF,
        generated_at=timezone.now(),
        signed_off_at=timezone.now(),
        signed_off_by=world.users["pimpinan"],
    )
    item = plan_item(a, datetime.date(a.cycle.year, 5, 2))
    events = calendar_for_assessment(
        user=world.users["tpi"], assessment=a, today=datetime.date(a.cycle.year, 11, 30)
    )
    monev = {e.uid: e for e in events if e.kind == Kind.MONEV}
    q1 = monev[f"monev-{a.pk}-{a.cycle.year}-1"]
    q4 = monev[f"monev-{a.pk}-{a.cycle.year}-4"]
    assert q1.start == datetime.date(a.cycle.year, 3, 31) and not q1.is_open
    assert q1.detail == "Disetujui pimpinan"
    assert q4.start == datetime.date(a.cycle.year, 12, 31) and q4.is_open
    [plan] = [e for e in events if e.kind == Kind.PLAN]
    assert plan.url == reverse("plans:item", args=[a.pk, item.pk])
    assert plan.is_late and plan.is_open


def test_the_plan_page_links_to_the_calendar(world: World) -> None:
    body = world.client("pimpinan").get(reverse("plans:plan", args=[world.own.pk]))
    assert reverse("plans-calendar:page", args=[world.own.pk]) in body.content.decode()
