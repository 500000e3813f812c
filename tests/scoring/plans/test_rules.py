"""The rencana aksi rules called directly: who reads, edits and comments, with the codes; and the
plan selector's points and counts (scoring/plans/rules.py, selectors.py)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from areas.models import Indicator
from scoring.plans.models import Status
from scoring.plans.rules import plan_comment_refusal, plan_edit_refusal, plan_read_refusal
from scoring.plans.selectors import open_points_by_area, plan_for
from scoring.plans.services import plan_item_create
from tests.conftest import World
from zi_portal.models import Assessment
from zi_portal.refusals import Refused

pytestmark = pytest.mark.django_db


def ind(world: World, area_no: int) -> Indicator:
    found = Indicator.objects.filter(
        part__area__framework=world.own.framework, part__area__no=area_no
    ).first()
    assert found is not None
    return found


def code(refusal: object) -> str | None:
    return getattr(refusal, "code", None)


@pytest.mark.parametrize(
    ("persona", "read", "edit_area1", "edit_area5"),
    [
        ("tim_kerja", None, None, None),
        ("tim_kerja_restricted", None, None, "plan_area_not_yours"),
        ("pimpinan", None, "plan_not_member", "plan_not_member"),
        ("tpi", None, "plan_not_member", "plan_not_member"),
        ("pimpinan_instansi", None, "plan_not_member", "plan_not_member"),
        ("admin", None, "plan_not_member", "plan_not_member"),
        ("outsider", "plan_no_access", "plan_not_member", "plan_not_member"),
    ],
)
def test_read_and_edit_codes(
    world: World, persona: str, read: str | None, edit_area1: str | None, edit_area5: str | None
) -> None:
    user = world.users[persona]
    assert code(plan_read_refusal(user, world.own)) == read
    assert code(plan_edit_refusal(user, world.own, ind(world, 1))) == edit_area1
    assert code(plan_edit_refusal(user, world.own, ind(world, 5))) == edit_area5


def test_comment_codes_and_closed(world: World) -> None:
    item = plan_item_create(
        actor=world.users["tim_kerja"], assessment=world.own, indicator=ind(world, 5), step="x"
    )
    assert plan_comment_refusal(world.users["pimpinan"], item) is None
    assert code(plan_comment_refusal(world.users["outsider"], item)) == "plan_comment_denied"
    assert code(plan_comment_refusal(world.users["pimpinan"], item, "progress")) == (
        "plan_not_member"
    )
    assert code(plan_comment_refusal(world.users["tim_kerja"], item, "bogus")) == (
        "plan_note_kind_invalid"
    )
    world.own.status = Assessment.Status.CLOSED
    item.assessment = world.own
    assert code(plan_edit_refusal(world.users["tim_kerja"], world.own, ind(world, 1))) == (
        "plan_closed"
    )
    assert code(plan_comment_refusal(world.users["pimpinan"], item)) == "plan_closed"


def test_indicator_of_another_framework_is_refused(world: World) -> None:
    other_fw_indicator = Indicator.objects.exclude(
        part__area__framework=world.own.framework
    ).first()
    if other_fw_indicator is None:
        pytest.skip("one framework loaded")
    refusal = plan_edit_refusal(world.users["tim_kerja"], world.own, other_fw_indicator)
    assert code(refusal) == "plan_indicator_foreign"


def test_selector_points_per_area_count_open_items_only(world: World) -> None:
    tk = world.users["tim_kerja"]
    for status, points, area in [
        (Status.PLANNED, "0.1000", 1),
        (Status.IN_PROGRESS, "0.2000", 1),
        (Status.LATE, "0.3000", 2),
        (Status.DONE, "5.0000", 1),
        (Status.PLANNED, None, 2),
    ]:
        plan_item_create(
            actor=tk,
            assessment=world.own,
            indicator=ind(world, area),
            step="x",
            status=status,
            points=Decimal(points) if points else None,
        )
    plan_item_create(
        actor=tk,
        assessment=world.own,
        indicator=ind(world, 1),
        step="y",
        status=Status.CANCELLED,
        cancel_reason="r",
        points=Decimal("9"),
    )
    view = plan_for(user=world.users["tpi"], assessment=world.own)
    by_no = {a.area.no: a for a in view.areas}
    assert by_no[1].open_points == Decimal("0.3000") and by_no[1].open_count == 2
    assert by_no[2].open_points == Decimal("0.3000") and by_no[2].open_count == 2
    assert view.open_points == Decimal("0.6000")
    assert view.counts == {
        "planned": 2,
        "in_progress": 1,
        "done": 1,
        "late": 1,
        "cancelled": 1,
    }
    assert open_points_by_area(world.own) == {1: Decimal("0.3000"), 2: Decimal("0.3000")}
    assert not view.can_edit
    with pytest.raises(Refused) as exc:
        plan_for(user=world.users["outsider"], assessment=world.own)
    assert exc.value.code == "plan_no_access"
