"""What a quarter's monev report says: done, late and open items per area at the quarter's end,
progress notes and evidence of the quarter (Asia/Jakarta), the score movement and its source."""

from __future__ import annotations

import datetime

import pytest

from scoring.models import Snapshot
from scoring.plans.models import PlanNote, Status
from scoring.plans.monev.models import MonevReport
from scoring.plans.monev.selectors import monev_content
from tests.conftest import World
from tests.factories import EvidenceFactory, SnapshotFactory
from tests.scoring.plans.monev.conftest import at, item

pytestmark = pytest.mark.django_db


def _plan(world: World) -> int:
    """A plan with items on both sides of the third quarter's edges; returns the year."""
    a = world.own
    y = a.cycle.year
    item(a, step="Selesai TW3", status=Status.DONE, created=at(y, 2, 1),
         due=datetime.date(y, 8, 31), done_at=at(y, 8, 15))  # fmt: skip
    item(a, step="Selesai TW2", status=Status.DONE, created=at(y, 2, 1),
         due=datetime.date(y, 6, 30), done_at=at(y, 6, 20))  # fmt: skip
    item(a, step="Terlambat", status=Status.IN_PROGRESS, created=at(y, 2, 1),
         due=datetime.date(y, 9, 1))  # fmt: skip
    item(a, step="Jatuh tempo hari terakhir", status=Status.LATE, created=at(y, 2, 1),
         due=datetime.date(y, 9, 30))  # fmt: skip
    item(a, step="Terbuka", created=at(y, 3, 1), due=datetime.date(y, 12, 1))
    item(a, step="Tanpa tenggat", created=at(y, 3, 1))
    item(a, step="Batal", status=Status.CANCELLED, created=at(y, 3, 1), cancel_reason="x")
    # Area III: finished after the quarter ended, so late at its end.
    item(a, area=3, step="Selesai Oktober", status=Status.DONE, created=at(y, 4, 1),
         due=datetime.date(y, 9, 20), done_at=at(y, 10, 5))  # fmt: skip
    # Created after the quarter: not in it.
    item(a, area=3, step="Baru Oktober", created=at(y, 10, 10), due=datetime.date(y, 11, 1))
    # Typed in later, but planned to start inside the quarter: in it.
    item(a, area=3, step="Dimulai Agustus", created=at(y, 11, 2), due=datetime.date(y, 12, 1),
         start_date=datetime.date(y, 8, 1))  # fmt: skip
    return y


def test_items_per_area_at_the_quarters_end(world: World) -> None:
    y = _plan(world)
    data = monev_content(assessment=world.own, quarter=3, now=at(y, 11, 30))
    area1, area3 = data["areas"][0], data["areas"][2]
    assert area1["counts"]["done"] == 2  # done before the end, this quarter or earlier
    assert [i["step"] for i in area1["late"]] == ["Terlambat", "Jatuh tempo hari terakhir"]
    assert sorted(i["step"] for i in area1["open"]) == ["Tanpa tenggat", "Terbuka"]
    assert [i["step"] for i in area3["late"]] == ["Selesai Oktober"]
    assert [i["step"] for i in area3["open"]] == ["Dimulai Agustus"]
    assert area3["counts"] == {"done": 0, "late": 1, "open": 1, "notes": 0, "evidence": 0}
    assert data["totals"] == {
        "done": 2, "late": 3, "open": 3, "notes": 0, "cancelled": 1, "evidence": 0,
    }  # fmt: skip
    assert (data["first_day"], data["last_day"], data["cutoff"], data["complete"]) == (
        f"{y}-07-01",
        f"{y}-09-30",
        f"{y}-09-30",
        True,
    )
    assert [a["no"] for a in data["areas"]] == [1, 2, 3, 4, 5, 6]


def test_a_running_quarter_is_cut_at_now(world: World) -> None:
    y = _plan(world)
    data = monev_content(assessment=world.own, quarter=4, now=at(y, 11, 5))
    area3 = data["areas"][2]
    # "Baru Oktober" was due on 1 November and is not done on the 5th: late.
    assert [i["step"] for i in area3["late"]] == ["Baru Oktober"]
    assert [i["step"] for i in area3["done"]] == ["Selesai Oktober"]
    assert (data["cutoff"], data["complete"]) == (f"{y}-11-05", False)


def test_progress_notes_of_the_quarter_only(world: World) -> None:
    y = world.own.cycle.year
    it = item(world.own, created=at(y, 2, 1))
    author = world.users["tim_kerja"]
    for kind, when, text in [
        (PlanNote.Kind.PROGRESS, at(y, 7, 1, 0, 5), "awal TW3"),
        (PlanNote.Kind.PROGRESS, at(y, 6, 30, 23, 55), "akhir TW2"),
        (PlanNote.Kind.COMMENT, at(y, 8, 1), "komentar pimpinan"),
        (PlanNote.Kind.PROGRESS, at(y, 10, 1, 0, 0), "awal TW4"),
    ]:
        PlanNote.objects.create(item=it, kind=kind, text=text, author=author, created_at=when)
    data = monev_content(assessment=world.own, quarter=3, now=at(y, 11, 30))
    notes = data["areas"][0]["notes"]
    assert [n["text"] for n in notes] == ["awal TW3"]
    assert notes[0]["author"] == author.get_full_name() and notes[0]["at"] == f"{y}-07-01"


def test_evidence_added_in_the_quarter_in_jakarta_time(world: World) -> None:
    y = world.own.cycle.year
    a = world.own
    # 00:30 on 1 July in Jakarta is still 30 June in UTC: inside the third quarter.
    EvidenceFactory(assessment=a, title="Awal Juli", created_at=at(y, 7, 1, 0, 30),
                    questions=["A.I.1.i.a", "A.I.3.i.a"])  # fmt: skip
    EvidenceFactory(assessment=a, title="Akhir Juni", created_at=at(y, 6, 30, 23, 30),
                    questions=["A.I.1.i.a"])  # fmt: skip
    EvidenceFactory(assessment=a, title="Oktober", created_at=at(y, 10, 1, 0, 10),
                    questions=["A.I.1.i.a"])  # fmt: skip
    EvidenceFactory(assessment=a, title="Dihapus", created_at=at(y, 8, 1), deleted=True,
                    questions=["A.I.1.i.a"])  # fmt: skip
    EvidenceFactory(assessment=a, title="Tanpa pertanyaan", created_at=at(y, 8, 2))
    data = monev_content(assessment=a, quarter=3, now=at(y, 11, 30))
    assert [e["title"] for e in data["areas"][0]["evidence"]] == ["Awal Juli"]
    assert data["areas"][0]["evidence"][0]["questions"] == ["A.I.1.i.a"]
    assert [e["title"] for e in data["areas"][2]["evidence"]] == ["Awal Juli"]
    assert [e["title"] for e in data["unattached_evidence"]] == ["Tanpa pertanyaan"]
    assert data["totals"]["evidence"] == 2  # documents, not attachments


def test_score_start_from_the_last_snapshot_before_the_quarter(world: World) -> None:
    y = world.own.cycle.year
    scores = {"unit": {"pengungkit": 30.5, "total": 42.25}}
    SnapshotFactory(assessment=world.own, data={"scores": scores}, created_at=at(y, 6, 1))
    later = {"unit": {"pengungkit": 99.0, "total": 99.0}}
    SnapshotFactory(assessment=world.own, kind=Snapshot.Kind.EVALUATED,
                    data={"scores": later}, created_at=at(y, 7, 2))  # fmt: skip
    score = monev_content(assessment=world.own, quarter=3, now=at(y, 11, 30))["score"]
    assert score["start"] == {
        "source": "snapshot", "kind": "submitted", "at": f"{y}-06-01",
        "pengungkit": 30.5, "total": 42.25,
    }  # fmt: skip
    # No answers yet: the unit side scores 0 now.
    assert (score["now"]["pengungkit"], score["now"]["total"]) == (0.0, 0.0)
    assert score["delta"] == {"pengungkit": -30.5, "total": -42.25}


def test_score_start_from_an_earlier_monev_report_else_not_recorded(world: World) -> None:
    y = world.own.cycle.year
    first = monev_content(assessment=world.own, quarter=2, now=at(y, 7, 3))
    assert first["score"]["start"] == {"source": "none"} and first["score"]["delta"] is None
    MonevReport.objects.create(
        assessment=world.own, quarter=2, data=first, generated_at=at(y, 7, 3)
    )
    score = monev_content(assessment=world.own, quarter=4, now=at(y, 11, 30))["score"]
    assert (score["start"]["source"], score["start"]["quarter"]) == ("monev", 2)
    assert score["delta"] == {"pengungkit": 0.0, "total": 0.0}
