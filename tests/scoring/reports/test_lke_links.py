"""Both workbooks of the TPN pack carry the notes and the portal links, and no other URL."""

from __future__ import annotations

import io
import zipfile
from typing import Any

import pytest
from openpyxl import load_workbook

from scoring.engine.workbook import LINK_COL, NOTE_COL
from scoring.models import Answer, ReportJob
from scoring.reports.services import report_request
from tests.factories import EvidenceFactory, EvidenceLinkFactory
from tests.scoring.reports.conftest import answer_all
from tests.scoring.services.test_answers import q
from tests.scoring.transfer.test_workbook_plan import BASE, every_url

pytestmark = pytest.mark.django_db
CODE = "A.I.1.i.a"


def test_tpn_pack_workbooks_hold_notes_and_only_portal_links(
    world: Any, django_capture_on_commit_callbacks: Any, settings: Any
) -> None:
    settings.PORTAL_BASE_URL = BASE
    answer_all(world.own, side="unit", rank=1)
    answer_all(world.own, side="tpi", rank=0)
    Answer.objects.filter(assessment=world.own, question__code=CODE, side="unit").update(
        note="Catatan unit"
    )
    Answer.objects.filter(assessment=world.own, question__code=CODE, side="tpi").update(
        note="Catatan TPI"
    )
    EvidenceFactory(assessment=world.own, questions=[CODE])
    EvidenceLinkFactory(assessment=world.own, questions=[CODE], url="https://drive.example/sop")
    with django_capture_on_commit_callbacks(execute=True):
        job = report_request(
            actor=world.users["pimpinan"], kind=ReportJob.Kind.TPN_PACK, assessment=world.own
        )
    job.refresh_from_db()
    assert job.status == ReportJob.Status.DONE, job.error
    zf = zipfile.ZipFile(io.BytesIO(job.file.read()))
    stem = f"LKE-ZI-{world.own.unit.code}-{world.own.cycle.year}"
    row = q(CODE).lke_row
    for name, note in ((f"{stem}.xlsx", "Catatan unit"), (f"{stem}-TPI.xlsx", "Catatan TPI")):
        data = zf.read(name)
        urls = every_url(data)
        assert urls and all(u.startswith(BASE + "/") for u in urls), (name, urls)
        ws = load_workbook(io.BytesIO(data))["LKE ZI"]
        assert ws.cell(row=row, column=NOTE_COL).value == note
        assert len(ws.cell(row=row, column=LINK_COL).value.split("\n")) == 2
