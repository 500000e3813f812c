"""The plan in Excel through the pages: export, round trip, preview, all-or-nothing apply, audit."""

from __future__ import annotations

import datetime
import io

import pytest
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from areas.models import Indicator, Question
from scoring.plans.models import PlanItem, PlanNote, Status
from scoring.plans.services import plan_item_create, plan_note_add
from scoring.plans.transfer.export import plan_workbook_bytes
from scoring.plans.transfer.imports import plan_import, plan_import_apply
from tests.conftest import World
from tests.scoring.plans.transfer_workbooks import SEED_ROWS, expected_codes, row, seed_workbook
from zi_portal.models import Assessment

pytestmark = pytest.mark.django_db

FIELDS = (
    "indicator_id",
    "question_id",
    "step",
    "output",
    "authority",
    "person_id",
    "person_name",
    "start_date",
    "due_date",
    "status",
    "cancel_reason",
)


def _upload(data: bytes, name: str = "rencana.xlsx") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="application/octet-stream")


def _url(name: str, world: World) -> str:
    return reverse(f"plan_transfer:{name}", args=[world.own.pk])


def _preview(client: Client, world: World, data: bytes):  # type: ignore[no-untyped-def]
    return client.post(_url("import", world), {"workbook": _upload(data)})


def _payload(response) -> str:  # type: ignore[no-untyped-def]
    return response.context["payload"]


def _existing_plan(world: World) -> list[PlanItem]:
    actor = world.users["tim_kerja"]
    own = world.own
    ind = Indicator.objects.get(part__area__framework=own.framework, code="A.I.1.ii")
    q = Question.objects.get(framework=own.framework, code="A.I.1.ii.b")
    sdm = Indicator.objects.get(part__area__framework=own.framework, code="A.I.3.ii")
    pw = Indicator.objects.get(part__area__framework=own.framework, code="A.I.5.iv")
    items = [
        plan_item_create(
            actor=actor,
            assessment=own,
            indicator=ind,
            step="Menyusun dokumen rencana pembangunan ZI\nbaris kedua",
            output="Dokumen rencana ZI",
            authority="Instansi yang berwenang mengelola ZI",
            person=actor,
            start_date=datetime.date(2026, 1, 10),
            due_date=datetime.date(2026, 2, 28),
            status=Status.DONE,
        ),
        plan_item_create(
            actor=actor,
            assessment=own,
            indicator=ind,
            question=q,
            step="=Sosialisasi rencana ZI ke seluruh pegawai",  # text, never a formula
            person_name="Pak Joko",
            due_date=datetime.date(2026, 3, 15),
            status=Status.IN_PROGRESS,
        ),
        plan_item_create(
            actor=actor,
            assessment=own,
            indicator=ind,
            question=q,
            step="Unggah bahan sosialisasi ke website",
        ),
        plan_item_create(
            actor=actor,
            assessment=own,
            indicator=sdm,
            step="Analisa kebutuhan pegawai di setiap bagian",
            status=Status.LATE,
            due_date=datetime.date(2026, 4, 30),
        ),
        plan_item_create(
            actor=actor,
            assessment=own,
            indicator=pw,
            step="Membuat pedoman WBS",
            status=Status.CANCELLED,
            cancel_reason="Pedoman disusun oleh Biro HUMAS",
        ),
    ]
    plan_note_add(actor=actor, item=items[1], kind=PlanNote.Kind.PROGRESS, text="Sudah dua bagian")
    return items


def _rows(items: list[PlanItem]) -> list[tuple[object, ...]]:
    return sorted((tuple(getattr(i, f) for f in FIELDS) for i in items), key=repr)


def test_export_layout_area_headers_and_indonesian_headers(world: World) -> None:
    _existing_plan(world)
    response = world.client("pimpinan").get(_url("export", world))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "attachment;" in response["Content-Disposition"]
    ws = load_workbook(io.BytesIO(response.content)).active
    assert ws is not None
    values = [[c.value for c in r] for r in ws.iter_rows()]
    header = values[3]
    assert header[:5] == [
        "NO",
        "KOMPONEN",
        "INDIKATOR",
        "LANGKAH AKSI",
        "KEWENANGAN (BERDASARKAN TUSI)",
    ]
    assert header[5:] == [
        "KODE INDIKATOR",
        "KODE PERTANYAAN",
        "KELUARAN/TARGET",
        "PENANGGUNG JAWAB",
        "MULAI",
        "TENGGAT",
        "STATUS",
        "CATATAN",
    ]
    area_rows = [(r[0], r[1]) for r in values[4:] if r[0] in ("I", "II", "III", "IV", "V", "VI")]
    assert area_rows == [
        ("I", "MANAJEMEN PERUBAHAN"),
        ("III", "PENATAAN SISTEM MANAJEMEN SDM APARATUR"),
        ("V", "PENGUATAN PENGAWASAN"),
    ]
    first = values[5]
    assert first[:2] == [1, "Rencana Pembangunan Zona Integritas"]
    assert first[11] == "Selesai" and first[9].date() == datetime.date(2026, 1, 10)
    # The indicator's NO and KOMPONEN are merged down over its three rows, seed-style.
    assert "A6:A8" in {str(m) for m in ws.merged_cells.ranges}
    assert ws["D7"].data_type == "s" and ws["D7"].value.startswith("=")
    assert values[6][12] == "Sudah dua bagian"  # the latest progress note
    assert values[-1][12] == "Pedoman disusun oleh Biro HUMAS"  # a cancelled item's reason


def test_export_in_english_uses_english_status_labels(world: World) -> None:
    _existing_plan(world)
    client = world.client("tim_kerja")
    client.cookies.load({"django_language": "en"})
    response = client.get(_url("export", world))
    ws = load_workbook(io.BytesIO(response.content)).active
    assert ws is not None
    statuses = {r[11] for r in ws.iter_rows(min_row=5, values_only=True)} - {None}
    assert statuses == {"Done", "In progress", "Planned", "Late", "Cancelled"}


@pytest.mark.parametrize("keep_codes", [True, False])
def test_export_then_import_round_trips(world: World, keep_codes: bool) -> None:
    originals = _existing_plan(world)
    data = plan_workbook_bytes(assessment=world.own)
    if not keep_codes:  # only the seed's own columns: found again by names and question texts
        wb = load_workbook(io.BytesIO(data))
        ws = wb.active
        assert ws is not None
        for r in range(5, ws.max_row + 1):
            ws.cell(row=r, column=6).value = None
            ws.cell(row=r, column=7).value = None
        out = io.BytesIO()
        wb.save(out)
        data = out.getvalue()
    actor = world.users["tim_kerja"]
    # The same steps are not imported twice: into the plan that holds them, every row is a problem.
    again = plan_import(actor=actor, assessment=world.own, source=data)
    assert again.items == () and {p.column for p in again.problems} == {"LANGKAH AKSI"}
    assert len(again.problems) == len(originals)
    expected = _rows(originals)
    PlanItem.objects.filter(assessment=world.own).delete()
    plan = plan_import(actor=actor, assessment=world.own, source=data)
    assert plan.problems == ()
    created = plan_import_apply(actor=actor, assessment=world.own, plan=plan)
    assert _rows(created) == expected
    notes = PlanNote.objects.filter(item__in=created, kind="progress").values_list(
        "text", flat=True
    )
    assert list(notes) == ["Sudah dua bagian"]


def test_seed_workbook_preview_then_import_creates_exactly_the_rows(world: World) -> None:
    client = world.client("tim_kerja")
    response = _preview(client, world, seed_workbook())
    assert response.status_code == 200
    assert b'id="plan-import-items"' in response.content
    assert b'id="plan-import-problems"' not in response.content
    assert PlanItem.objects.count() == 0  # the preview writes nothing
    response = client.post(_url("apply", world), {"plan": _payload(response)})
    assert response.status_code == 302
    items = list(PlanItem.objects.filter(assessment=world.own).order_by("pk"))
    assert [i.indicator.code for i in items] == expected_codes()
    assert [i.step for i in items][:3] == [
        "Penetapan SK dan Menyusun SOP pemilihan tim kerja ZI",
        "Pemilihan calon anggota Tim Kerja ZI sesuai prosedur pembentukan Tim ZI",
        "Terbentuknya Tim Kerja ZI",
    ]
    assert items[0].person == world.users["tim_kerja"] and items[0].done_at is not None
    assert items[1].person_name == "Bu Rina (Kasubbag TU)"
    assert items[1].notes.get().kind == PlanNote.Kind.PROGRESS
    # Every created item has its audit row with the importer as the actor.
    ct = ContentType.objects.get_for_model(PlanItem)
    logged = LogEntry.objects.filter(
        content_type=ct, action=LogEntry.Action.CREATE, actor=world.users["tim_kerja"]
    )
    assert sorted(int(e.object_pk) for e in logged) == [i.pk for i in items]


def test_one_bad_row_writes_nothing_and_names_the_row(world: World) -> None:
    rows = [r for r, _code in SEED_ROWS]
    rows.insert(3, row(step="Rapat tim kerja", due="31/02/2026"))  # sheet row 9
    client = world.client("tim_kerja")
    response = _preview(client, world, seed_workbook(rows))
    assert response.status_code == 200
    assert response.context["payload"] == ""
    assert b'id="plan-import-apply"' not in response.content
    assert b'id="plan-import-refused"' in response.content
    [problem] = response.context["plan"].problems
    assert (problem.row, problem.column, problem.cell) == (9, "TENGGAT", "K9")
    assert b'<tr data-row="9"><td data-label="Baris">9</td><td data-label="Kolom">TENGGAT' in (
        response.content
    )
    assert "semua atau tidak sama sekali" in response.content.decode()
    assert PlanItem.objects.count() == 0


def test_problems_read_in_english(world: World) -> None:
    client = world.client("tim_kerja")
    client.cookies.load({"django_language": "en"})
    response = _preview(client, world, seed_workbook([row(None, "Tidak ada", None, "Langkah")]))
    text = response.content.decode()
    assert "Nothing will be saved" in text
    assert "does not match the name of any indicator" in text


def test_tampered_or_foreign_payload_writes_nothing(world: World) -> None:
    response = _preview(world.client("tim_kerja"), world, seed_workbook())
    payload = _payload(response)
    assert (
        world.client("tim_kerja")
        .post(_url("apply", world), {"plan": payload[:-2] + "xx"})
        .status_code
        == 400
    )
    # Another editor of the plan cannot apply a preview made for someone else.
    other = world.client("tim_kerja_restricted").post(_url("apply", world), {"plan": payload})
    assert other.status_code == 400
    assert PlanItem.objects.count() == 0


def test_upload_must_be_an_xlsx(world: World) -> None:
    client = world.client("tim_kerja")
    response = client.post(_url("import", world), {"workbook": _upload(b"a,b\n", "plan.csv")})
    assert response.status_code == 400
    assert response.context["form"].errors["workbook"]
    response = client.post(_url("import", world), {"workbook": _upload(b"%PDF-1.4\n", "x.xlsx")})
    assert response.status_code == 400


def test_import_page_in_both_languages(world: World) -> None:
    client = world.client("tim_kerja")
    assert "Impor rencana aksi dari Excel" in client.get(_url("import", world)).content.decode()
    client.cookies.load({"django_language": "en"})
    assert "Import the action plan from Excel" in client.get(_url("import", world)).content.decode()


@pytest.mark.parametrize(("persona", "links"), [("tim_kerja", 2), ("pimpinan", 1), ("tpi", 1)])
def test_plan_page_links_to_excel(world: World, persona: str, links: int) -> None:
    page = world.client(persona).get(reverse("plans:plan", args=[world.own.pk])).content.decode()
    assert _url("export", world) in page
    assert (_url("import", world) in page) == (links == 2)


def test_preview_in_english_leaves_no_indonesian_words(world: World) -> None:
    rows = [r for r, _code in SEED_ROWS] + [row(None, "Tidak ada", None, "Langkah")]
    client = world.client("tim_kerja")
    client.cookies.load({"django_language": "en"})
    text = _preview(client, world, seed_workbook(rows)).content.decode()
    for english in ("Problems by row", "Row", "Column", "Person in charge", "Due", "Planned"):
        assert english in text
    for indonesian in (
        "akan dibuat",
        "Masalah per baris",
        "Belum ada yang disimpan",
        "Penanggung jawab",
        "Tenggat",
        "tidak cocok",
        "Unggah lembar kerja lain",
        "Kembali ke rencana aksi",
        "Direncanakan",
        "Selesai",
        "tanpa masalah",
    ):
        assert indonesian not in text, indonesian


def test_a_closed_assessment_exports_but_does_not_import(world: World) -> None:
    world.own.status = Assessment.Status.CLOSED
    world.own.save(update_fields=["status"])
    client = world.client("tim_kerja")
    assert client.get(_url("export", world)).status_code == 200
    response = client.get(_url("import", world))
    assert response.status_code == 403
    assert response["X-Refusal-Code"] == "plan_closed"


def test_applying_the_same_preview_twice_writes_once(world: World) -> None:
    client = world.client("tim_kerja")
    signed = _payload(_preview(client, world, seed_workbook()))
    assert client.post(_url("apply", world), {"plan": signed}).status_code == 302
    count = PlanItem.objects.count()
    response = client.post(_url("apply", world), {"plan": signed})
    assert response.status_code == 409
    assert "sudah ada di rencana aksi" in response.content.decode()
    assert PlanItem.objects.count() == count == len(expected_codes())
