"""The rencana aksi pages: plan, form, detail and the item actions over HTTP (codes, rows,
audit), and "add to plan" from the dashboard's gap steps with the step's own points."""

from __future__ import annotations

from decimal import Decimal

import pytest
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from areas.models import Indicator, Question
from scoring.plans.from_gap import gap_step_for, step_points
from scoring.plans.models import PlanEvidence, PlanItem, PlanNote, Status
from scoring.plans.services import plan_item_create
from scoring.selectors.scores import assessment_scores
from tests.conftest import World
from tests.factories import EvidenceFactory

pytestmark = pytest.mark.django_db


def first_indicator(world: World, area_no: int = 1) -> Indicator:
    ind = (
        Indicator.objects.filter(part__area__framework=world.own.framework, part__area__no=area_no)
        .order_by("order", "pk")
        .first()
    )
    assert ind is not None
    return ind


def item(world: World, **kw: object) -> PlanItem:
    args: dict = {
        "actor": world.users["tim_kerja"],
        "assessment": world.own,
        "indicator": first_indicator(world),
        "step": "Menyusun SK tim",
    }
    args.update(kw)
    return plan_item_create(**args)


def test_plan_page_groups_per_area_with_open_points_and_filter(world: World) -> None:
    item(world, points=Decimal("0.5000"))
    item(world, points=Decimal("0.2500"), status=Status.IN_PROGRESS)
    item(world, points=Decimal("1.0000"), status=Status.DONE)
    item(world, indicator=first_indicator(world, 3), step="Area tiga", points=Decimal("0.1250"))
    client = world.client("pimpinan")
    r = client.get(reverse("plans:plan", args=[world.own.pk]))
    assert r.status_code == 200
    plan = r.context["plan"]
    by_no = {g.area.no: g for g in plan.areas}
    assert by_no[1].open_points == Decimal("0.7500") and by_no[1].open_count == 2
    assert by_no[3].open_points == Decimal("0.1250")
    assert plan.open_points == Decimal("0.8750")
    assert plan.counts[Status.DONE] == 1 and plan.total == 4
    assert "Tambah butir rencana" not in r.content.decode()  # pimpinan reads only
    r = client.get(reverse("plans:plan", args=[world.own.pk]), {"status": "done"})
    assert [i.status for i in r.context["plan"].items] == [Status.DONE]
    assert r.context["plan"].counts[Status.PLANNED] == 2


def test_create_edit_and_stale_edit_through_the_form(world: World) -> None:
    client = world.client("tim_kerja")
    ind = first_indicator(world)
    url = reverse("plans:item_create", args=[world.own.pk])
    assert client.get(url).status_code == 200
    r = client.post(
        url, {"indicator": ind.pk, "step": "Rapat", "status": "planned", "person_name": "Bu Sari"}
    )
    assert r.status_code == 302
    row = PlanItem.objects.get()
    assert (row.indicator, row.person_name, row.created_by) == (
        ind,
        "Bu Sari",
        world.users["tim_kerja"],
    )
    edit = reverse("plans:item_edit", args=[world.own.pk, row.pk])
    data = {"indicator": ind.pk, "step": "Rapat 2", "status": "in_progress", "version": 1}
    assert client.post(edit, data).status_code == 302
    r = client.post(edit, {**data, "step": "Rapat 3"})  # version 1 again: stale
    assert r.status_code == 409
    row.refresh_from_db()
    assert (row.step, row.status, row.version) == ("Rapat 2", Status.IN_PROGRESS, 2)
    r = client.post(url, {"indicator": ind.pk, "step": "x", "status": "cancelled"})
    assert r.status_code == 400 and PlanItem.objects.count() == 1


def test_item_actions_status_notes_evidence(world: World) -> None:
    row = item(world)
    ev = EvidenceFactory(assessment=world.own, title="SK Tim ZI")
    tk = world.client("tim_kerja")
    args = [world.own.pk, row.pk]
    r = tk.post(reverse("plans:item_status", args=args), {"status": "cancelled", "reason": ""})
    assert r.status_code == 302
    row.refresh_from_db()
    assert row.status == Status.PLANNED  # refused by the form: a reason is needed
    tk.post(reverse("plans:item_status", args=args), {"status": "cancelled", "reason": "Ganti"})
    row.refresh_from_db()
    assert (row.status, row.cancel_reason) == (Status.CANCELLED, "Ganti")
    tk.post(reverse("plans:item_status", args=args), {"status": "done"})
    assert (
        tk.post(reverse("plans:evidence_link", args=args), {"evidence": ev.pk}).status_code == 302
    )
    assert (
        tk.post(
            reverse("plans:note_add", args=args), {"kind": "progress", "text": "50%"}
        ).status_code
        == 302
    )
    r = world.client("tpi").post(
        reverse("plans:note_add", args=args), {"kind": "comment", "text": "Baik"}
    )
    assert r.status_code == 302
    r = tk.get(reverse("plans:item", args=args))
    body = r.content.decode()
    assert r.status_code == 200 and "SK Tim ZI" in body and "Baik" in body
    assert reverse("evidence:download", args=[world.own.pk, ev.pk, ev.current_revision_id]) in body
    r = tk.post(reverse("plans:evidence_unlink", args=[*args, ev.pk]))
    assert r.status_code == 302 and not PlanEvidence.objects.exists()
    # Every write left audit rows with the actor.
    ct = ContentType.objects.get_for_model(PlanItem)
    rows = LogEntry.objects.filter(content_type=ct, object_pk=str(row.pk))
    assert rows.count() == 3 and {e.actor for e in rows} == {world.users["tim_kerja"]}
    assert (
        LogEntry.objects.filter(content_type=ContentType.objects.get_for_model(PlanNote)).count()
        == 2
    )
    ev_rows = LogEntry.objects.filter(content_type=ContentType.objects.get_for_model(PlanEvidence))
    assert sorted(ev_rows.values_list("action", flat=True)) == [
        LogEntry.Action.CREATE,
        LogEntry.Action.DELETE,
    ]


def test_refusals_are_the_403_page_with_the_code(world: World) -> None:
    row = item(world)
    r = world.client("pimpinan").get(reverse("plans:item_create", args=[world.own.pk]))
    assert (r.status_code, r["X-Refusal-Code"]) == (403, "plan_not_member")
    r = world.client("tim_kerja_restricted").post(
        reverse("plans:item_status", args=[world.own.pk, row.pk]), {"status": "done"}
    )
    assert r.status_code == 302  # area 1 is one of theirs
    restricted_item = item(world, indicator=first_indicator(world, 4))
    r = world.client("tim_kerja_restricted").post(
        reverse("plans:item_status", args=[world.own.pk, restricted_item.pk]), {"status": "done"}
    )
    assert (r.status_code, r["X-Refusal-Code"]) == (403, "plan_area_not_yours")


def test_add_to_plan_from_a_gap_step_keeps_the_steps_points(world: World) -> None:
    gap = assessment_scores(assessment=world.own)["unit"].gap["WBK"]
    step = gap.steps[0]
    client = world.client("tim_kerja")
    dash = client.get(reverse("reports:dashboard", args=[world.own.pk])).content.decode()
    create = reverse("plans:item_create", args=[world.own.pk])
    link = f"{create}?predikat=WBK&amp;pertanyaan={step.question}"
    assert link in dash
    url = reverse("plans:item_create", args=[world.own.pk])
    r = client.get(url, {"predikat": "WBK", "pertanyaan": step.question})
    assert r.status_code == 200
    initial = r.context["form"].initial
    question = Question.objects.get(framework=world.own.framework, code=step.question)
    assert (initial["indicator"], initial["question"]) == (question.indicator_id, question.pk)
    assert initial["points"] == step_points(step.gain)
    data = {k: initial[k] for k in ("indicator", "question", "target_answer", "points", "step")}
    r = client.post(f"{url}?predikat=WBK&pertanyaan={step.question}", {**data, "status": "planned"})
    assert r.status_code == 302
    row = PlanItem.objects.get()
    assert isinstance(row.points, Decimal)
    assert row.points == step_points(step.gain)
    assert abs(row.points - step.gain) <= Decimal("0.00005")
    assert (row.indicator_id, row.question, row.target_answer) == (
        question.indicator_id,
        question,
        step.to,
    )
    assert gap_step_for(assessment=world.own, predicate="WBK", code="nope") is None


def test_the_dashboard_hides_add_to_plan_from_readers(world: World) -> None:
    r = world.client("pimpinan").get(reverse("reports:dashboard", args=[world.own.pk]))
    assert r.status_code == 200
    assert "Tambah ke rencana aksi" not in r.content.decode()
    assert reverse("plans:plan", args=[world.own.pk]) in r.content.decode()


def test_the_item_of_another_assessment_is_404(world: World) -> None:
    row = item(world)
    client = world.client("tim_kerja")
    assert client.get(reverse("plans:item", args=[world.sibling.pk, row.pk])).status_code == 404
    assert client.get(reverse("plans:plan", args=[world.other.pk])).status_code == 404


def test_a_restricted_member_sees_add_to_plan_only_on_steps_of_their_areas(world: World) -> None:
    from scoring.selectors.scores import spec_for

    spec = spec_for(world.own)
    steps = assessment_scores(assessment=world.own)["unit"].gap["WBK"].steps[:8]
    create = reverse("plans:item_create", args=[world.own.pk])
    dash = (
        world.client("tim_kerja_restricted")
        .get(reverse("reports:dashboard", args=[world.own.pk]))
        .content.decode()
    )
    shown = {
        s.question for s in steps if f"{create}?predikat=WBK&amp;pertanyaan={s.question}" in dash
    }
    mine = {s.question for s in steps if spec.questions[s.question].area_no in (1, 2)}
    assert shown == mine
    assert {spec.questions[s.question].area_no for s in steps} - {1, 2}, "no step outside I-II"
