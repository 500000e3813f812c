"""The official workbook in the browser: upload, preview (nothing written), apply exactly the
previewed changes; problems by cell; refusals with their codes; outsiders get 404."""

from __future__ import annotations

from typing import Any

import pytest
from auditlog.models import LogEntry
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from scoring.models import Answer, AssessmentEvent, Side
from tests.conftest import World
from tests.factories import ReviewFlagFactory, pdf_bytes
from tests.scoring.services.test_answers import (
    ABCD_CODE,
    CHOICE_CODE,
    fill_answers,
    q,
    set_status,
)
from tests.scoring.transfer.test_workbook_plan import workbook_with
from tests.scoring.views.test_refusal_views import refusal_code

pytestmark = pytest.mark.django_db

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def upload(
    world: World, persona: str, data: bytes, side: str = Side.UNIT, name: str = "lke.xlsx"
) -> Any:
    url = reverse("scoring:workbook_import", args=[world.own.pk])
    return world.client(persona).post(
        url, {"side": side, "workbook": SimpleUploadedFile(name, data, content_type=XLSX)}
    )


def snapshot() -> dict[int, tuple[int, str, Any]]:
    return {a.pk: (a.version, a.choice, a.counts) for a in Answer.objects.all()}


def test_round_trip_previews_and_applies_exactly_the_two_changed_cells(world: World) -> None:
    fill_answers(world.own, Side.UNIT)
    data = workbook_with(world.own, **{CHOICE_CODE: "Tidak", ABCD_CODE: "C"})
    before = snapshot()

    preview = upload(world, "tim_kerja", data)
    assert preview.status_code == 200
    plan = preview.context["plan"]
    assert [(c.code, c.before, c.after) for c in plan.changes] == [
        (CHOICE_CODE, "Ya", "Tidak"),
        (ABCD_CODE, "A", "C"),
    ]
    body = preview.content.decode()
    assert "Terapkan 2 perubahan" in body and 'id="workbook-problems"' not in body
    assert snapshot() == before  # the preview wrote nothing

    client = world.client("tim_kerja")
    url = reverse("scoring:workbook_apply", args=[world.own.pk])
    done = client.post(url, {"plan": preview.context["payload"]}, follow=True)
    assert done.redirect_chain[-1][0] == reverse("scoring:assessment_history", args=[world.own.pk])
    assert "2 jawaban diperbarui" in done.content.decode()
    after = snapshot()
    changed = {pk: after[pk] for pk in after if after[pk] != before[pk]}
    rows = Answer.objects.filter(pk__in=changed).select_related("question")
    assert {(a.question.code, a.choice, a.version) for a in rows} == {
        (CHOICE_CODE, "Tidak", 2),
        (ABCD_CODE, "C", 2),
    }
    entries = LogEntry.objects.get_for_objects(Answer.objects.all())
    assert entries.count() == 2 and {e.actor for e in entries} == {world.users["tim_kerja"]}
    assert (
        AssessmentEvent.objects.filter(assessment=world.own, action="workbook_import").count() == 1
    )
    # The same payload again: the versions moved on, so nothing more is written (409).
    again = client.post(url, {"plan": preview.context["payload"]})
    assert again.status_code == 409 and snapshot() == after


def test_problem_cells_are_listed_and_there_is_no_apply_button(world: World) -> None:
    fill_answers(world.own, Side.UNIT)
    data = workbook_with(world.own, **{CHOICE_CODE: "Mungkin", ABCD_CODE: "C"})
    response = upload(world, "tim_kerja", data)
    body = response.content.decode()
    assert response.status_code == 200
    assert f"LKE ZI!K{q(CHOICE_CODE).lke_row}" in body and 'id="workbook-problems"' in body
    assert 'id="workbook-apply"' not in body and not response.context["payload"]


def test_the_link_shows_only_for_whoever_may_import(world: World) -> None:
    page = reverse("scoring:assessment", args=[world.own.pk])
    assert 'id="workbook-import-link"' in world.client("tim_kerja").get(page).content.decode()
    assert 'id="workbook-import-link"' not in world.client("pimpinan").get(page).content.decode()
    assert (
        world.client("tim_kerja")
        .get(reverse("scoring:workbook_import", args=[world.own.pk]))
        .status_code
        == 200
    )


def test_locked_side_tpi_on_the_unit_side_and_outsider(world: World) -> None:
    fill_answers(world.own, Side.UNIT)
    data = workbook_with(world.own, **{CHOICE_CODE: "Tidak"})
    assert refusal_code(upload(world, "tpi", data, side=Side.UNIT)) == "actor_may_not_write_side"
    set_status(world.own, "submitted")
    assert refusal_code(upload(world, "tim_kerja", data)) == "assessment_locked_for_side"
    form = reverse("scoring:workbook_import", args=[world.own.pk])
    assert refusal_code(world.client("tim_kerja").get(form)) == "assessment_locked_for_side"
    tpi = upload(world, "tpi", data, side=Side.TPI)  # the TPI side of a submitted assessment
    assert tpi.status_code == 200 and tpi.context["plan"].side == Side.TPI
    assert world.client("outsider").get(form).status_code == 404
    assert upload(world, "outsider", data).status_code == 404
    assert not Answer.objects.filter(side=Side.TPI).exists()


def test_only_a_clean_xlsx_is_read_and_a_forged_payload_is_refused(world: World) -> None:
    assert upload(world, "tim_kerja", pdf_bytes(), name="lke.xlsx").status_code == 400
    assert upload(world, "tim_kerja", b"PK\x03\x04macro", name="lke.xlsm").status_code == 400
    url = reverse("scoring:workbook_apply", args=[world.own.pk])
    forged = world.client("tim_kerja").post(url, {"plan": "eyJhIjoxfQ:forged:sig"})
    assert forged.status_code == 400 and not Answer.objects.exists()


def test_in_revision_only_flagged_questions_may_change(world: World) -> None:
    fill_answers(world.own, Side.UNIT)
    set_status(world.own, "revision")
    ReviewFlagFactory(assessment=world.own, code=ABCD_CODE, note="perbaiki")
    both = upload(
        world, "tim_kerja", workbook_with(world.own, **{CHOICE_CODE: "Tidak", ABCD_CODE: "C"})
    )
    problems = both.context["plan"].problems
    assert [(p.cell, p.code, p.locked) for p in problems] == [
        (f"LKE ZI!K{q(CHOICE_CODE).lke_row}", CHOICE_CODE, True)
    ]
    assert 'id="workbook-apply"' not in both.content.decode()
    flagged = upload(world, "tim_kerja", workbook_with(world.own, **{ABCD_CODE: "C"}))
    url = reverse("scoring:workbook_apply", args=[world.own.pk])
    done = world.client("tim_kerja").post(url, {"plan": flagged.context["payload"]})
    assert done.status_code == 302
    assert Answer.objects.get(question__code=ABCD_CODE, side=Side.UNIT).choice == "C"
