"""The workbook export's note and link columns (only this portal's URLs), and the import as plan
then apply: the plan writes nothing, apply writes exactly the plan, a stale answer stops it."""

from __future__ import annotations

import io
import re
from typing import Any

import pytest
from auditlog.models import LogEntry
from django.urls import reverse
from openpyxl import load_workbook

from scoring.engine.workbook import LINK_COL, NOTE_COL
from scoring.models import Answer, AssessmentEvent, Side
from scoring.reports.xlsx import lke_workbook_bytes
from scoring.transfer import workbook_plan as plans
from tests.conftest import World
from tests.factories import EvidenceFactory, EvidenceLinkFactory
from tests.scoring.services.test_answers import (
    ABCD_CODE,
    CHOICE_CODE,
    PERCENT_CODE,
    fill_answers,
    q,
    save,
)
from zi_portal.models import Assessment

pytestmark = pytest.mark.django_db

BASE = "https://zi.contoh.go.id"
URL = re.compile(r"https?://[^\s\"']+")


def workbook_with(assessment: Assessment, side: str = Side.UNIT, **cells: Any) -> bytes:
    """The exported workbook of one side with answer cells (column K, by code) changed."""
    wb = load_workbook(io.BytesIO(lke_workbook_bytes(assessment=assessment, side=side)))
    for code, value in cells.items():
        wb["LKE ZI"].cell(row=q(code.replace("_", ".")).lke_row, column=11).value = value
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def every_url(data: bytes) -> list[str]:
    wb = load_workbook(io.BytesIO(data))
    found: list[str] = []
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if cell.hyperlink is not None:
                    found.append(str(cell.hyperlink.target))
                if isinstance(cell.value, str):
                    found.extend(URL.findall(cell.value))
    return found


# --------------------------------------------------------------------------- export


def test_export_writes_the_notes_and_only_portal_links(world: World, settings: Any) -> None:
    settings.PORTAL_BASE_URL = BASE + "/"
    fill_answers(world.own, Side.UNIT)
    fill_answers(world.own, Side.TPI)
    note = '=HYPERLINK("https://jahat.example") SK tim ZI nomor 12'
    Answer.objects.filter(assessment=world.own, side=Side.UNIT, question__code=CHOICE_CODE).update(
        note=note
    )
    Answer.objects.filter(assessment=world.own, side=Side.TPI, question__code=CHOICE_CODE).update(
        note="Catatan TPI"
    )
    private = EvidenceFactory(assessment=world.own, questions=[CHOICE_CODE])
    public = EvidenceFactory(assessment=world.own, is_public=True, questions=[CHOICE_CODE])
    EvidenceFactory(assessment=world.own, questions=[CHOICE_CODE], deleted=True)
    web = EvidenceLinkFactory(
        assessment=world.own, url="https://drive.example/x", questions=[ABCD_CODE]
    )
    data = lke_workbook_bytes(assessment=world.own, side=Side.UNIT)

    urls = every_url(data)
    assert urls and all(u.startswith(BASE + "/") for u in urls), urls
    assert not any(web.url in u for u in urls)
    ws = load_workbook(io.BytesIO(data))["LKE ZI"]
    row = q(CHOICE_CODE).lke_row
    # Text, not a formula; the foreign URL typed in the note is replaced, the rest kept.
    assert ws.cell(row=row, column=NOTE_COL).value == note.replace(
        "https://jahat.example", "[tautan luar dihapus]"
    )
    assert ws.cell(row=row, column=NOTE_COL).data_type == "s"
    download = reverse(
        "evidence:download", args=[world.own.pk, private.pk, private.current_revision_id]
    )
    published = reverse("public:document", args=[world.own.unit.slug, public.pk])
    assert ws.cell(row=row, column=LINK_COL).value == f"{BASE}{download}\n{BASE}{published}"
    assert ws.cell(row=row, column=LINK_COL).hyperlink.target == BASE + download
    abcd = ws.cell(row=q(ABCD_CODE).lke_row, column=LINK_COL).value
    assert abcd == BASE + reverse("scoring:question", args=[world.own.pk, ABCD_CODE])
    assert ws["P2"].value == "Link Bukti Dukung"
    filled = {
        (c.column, c.row) for col in ("O", "P") for c in ws[col][2:] if c.value not in (None, "")
    }
    assert filled == {
        (NOTE_COL, row),
        (LINK_COL, row),
        (LINK_COL, q(ABCD_CODE).lke_row),
    }
    tpi = load_workbook(io.BytesIO(lke_workbook_bytes(assessment=world.own, side=Side.TPI)))
    assert tpi["LKE ZI"].cell(row=row, column=NOTE_COL).value == "Catatan TPI"
    assert tpi["LKE ZI"].cell(row=row, column=LINK_COL).value.startswith(BASE)


# --------------------------------------------------------------------------- plan and apply


def _plan(world: World, data: bytes, persona: str = "tim_kerja") -> plans.ImportPlan:
    return plans.plan_workbook_import(
        actor=world.users[persona], assessment=world.own, side=Side.UNIT, source=io.BytesIO(data)
    )


def test_plan_lists_two_changes_writes_nothing_and_apply_writes_exactly_them(
    world: World,
) -> None:
    fill_answers(world.own, Side.UNIT)
    data = workbook_with(world.own, **{CHOICE_CODE: "Tidak", ABCD_CODE: "C"})
    before = {a.pk: (a.version, a.choice, a.counts) for a in Answer.objects.all()}
    logs = LogEntry.objects.count()

    plan = _plan(world, data)
    assert [(c.code, c.before, c.after, c.version) for c in plan.changes] == [
        (CHOICE_CODE, "Ya", "Tidak", 1),
        (ABCD_CODE, "A", "C", 1),
    ]
    assert plan.can_apply and not plan.problems
    assert {a.pk: (a.version, a.choice, a.counts) for a in Answer.objects.all()} == before
    assert LogEntry.objects.count() == logs

    assert plans.apply_workbook_import(actor=world.users["tim_kerja"], plan=plan) == 2
    after = {a.pk: (a.version, a.choice, a.counts) for a in Answer.objects.all()}
    changed = {pk for pk in after if after[pk] != before[pk]}
    rows = Answer.objects.filter(pk__in=changed).select_related("question")
    assert {(a.question.code, a.choice, a.version) for a in rows} == {
        (CHOICE_CODE, "Tidak", 2),
        (ABCD_CODE, "C", 2),
    }
    entries = LogEntry.objects.get_for_objects(Answer.objects.all())
    assert entries.count() == 2 and {e.actor for e in entries} == {world.users["tim_kerja"]}
    event = AssessmentEvent.objects.get(assessment=world.own, action="workbook_import")
    assert event.actor == world.users["tim_kerja"] and "2" in event.note


def test_problems_are_listed_by_cell_and_block_the_apply(world: World, settings: Any) -> None:
    settings.LKE_COUNT_MAX = 100
    fill_answers(world.own, Side.UNIT)
    row = next(iter(q(PERCENT_CODE).inputs.all())).lke_row
    wb = load_workbook(io.BytesIO(workbook_with(world.own, **{CHOICE_CODE: "Mungkin"})))
    wb["LKE ZI"].cell(row=row, column=11).value = 101
    out = io.BytesIO()
    wb.save(out)
    plan = _plan(world, out.getvalue())
    cells = {p.cell for p in plan.problems}
    assert cells == {f"LKE ZI!K{q(CHOICE_CODE).lke_row}", f"LKE ZI!K{row}"}
    assert not plan.can_apply
    with pytest.raises(plans.WorkbookImportError):
        plans.apply_workbook_import(actor=world.users["tim_kerja"], plan=plan)


def test_a_stale_answer_stops_the_whole_apply(world: World) -> None:
    fill_answers(world.own, Side.UNIT)
    plan = _plan(world, workbook_with(world.own, **{CHOICE_CODE: "Tidak", ABCD_CODE: "C"}))
    save(world, "tim_kerja", ABCD_CODE, choice="B", expected_version=1)
    with pytest.raises(plans.WorkbookImportStale) as caught:
        plans.apply_workbook_import(actor=world.users["tim_kerja"], plan=plan)
    assert caught.value.codes == [ABCD_CODE]
    assert Answer.objects.get(question__code=CHOICE_CODE, side=Side.UNIT).choice == "Ya"
    assert not AssessmentEvent.objects.filter(action="workbook_import").exists()


def test_payload_round_trips_only_for_its_user_and_assessment(world: World) -> None:
    fill_answers(world.own, Side.UNIT)
    plan = _plan(world, workbook_with(world.own, **{PERCENT_CODE: None, CHOICE_CODE: "Tidak"}))
    user = world.users["tim_kerja"]
    payload = plans.plan_to_payload(plan, user_id=user.pk)
    back = plans.plan_from_payload(payload, assessment_id=world.own.pk, user_id=user.pk)
    assert back is not None
    assert [(c.code, c.version, c.choice) for c in back.changes] == [(CHOICE_CODE, 1, "Tidak")]
    assert plans.plan_from_payload(payload, assessment_id=world.own.pk, user_id=0) is None
    assert plans.plan_from_payload(payload, assessment_id=world.other.pk, user_id=user.pk) is None
    assert (
        plans.plan_from_payload(payload[:-2] + "xx", assessment_id=world.own.pk, user_id=user.pk)
        is None
    )
