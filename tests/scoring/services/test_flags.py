"""A review flag's life: written and withdrawn in review, returned, replied to in revision,
left open by the resubmission, accepted by the TPI; each refusal by its code."""

from __future__ import annotations

from typing import Any

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import ValidationError

from evidence.models import ReviewFlag
from scoring import rules as scoring_rules
from scoring.services import flags as flag_services
from scoring.services import workflow
from tests.conftest import World
from tests.factories import ReviewFlagFactory
from tests.scoring.selectors.test_changes import sign_off_and_submit
from tests.scoring.services.test_answers import AREA3_CODE, CHOICE_CODE, q, save
from zi_portal.refusals import Refused

pytestmark = pytest.mark.django_db


def flagged_and_returned(world: World, code: str = CHOICE_CODE) -> ReviewFlag:
    save(world, "tim_kerja", code, choice="Tidak")
    sign_off_and_submit(world)
    a = world.own
    flag = workflow.question_flag(
        actor=world.users["tpi"], assessment=a, question=q(code), note="x"
    )
    workflow.assessment_return(actor=world.users["tpi"], assessment=a, expected_version=a.version)
    flag.refresh_from_db()
    return flag


def reply(world: World, flag: ReviewFlag, who: str = "tim_kerja", text: str = "Sudah") -> Any:
    return flag_services.flag_reply(
        actor=world.users[who], assessment=world.own, flag=flag, reply=text
    )


def accept(world: World, flag: ReviewFlag, who: str = "tpi") -> ReviewFlag:
    return flag_services.flag_accept(actor=world.users[who], assessment=world.own, flag=flag)


def test_return_stamps_the_flags_it_sends(world: World) -> None:
    flag = flagged_and_returned(world)
    assert flag.returned_at is not None and flag.resolved_at is None
    assert world.own.status == "revision"


def test_reply_in_revision_then_resubmission_leaves_the_flag_open(world: World) -> None:
    flag = flagged_and_returned(world)
    done = reply(world, flag, text="  SK baru diunggah  ")
    assert (done.reply, done.replied_by) == ("SK baru diunggah", world.users["tim_kerja"])
    save(world, "tim_kerja", CHOICE_CODE, choice="Ya", expected_version=1)
    sign_off_and_submit(world)
    flag.refresh_from_db()
    assert flag.resolved_at is None and flag.outcome == "" and flag.reply == "SK baru diunggah"
    # Returned with an open flag again, the unit may change the question and reply once more.
    a = world.own
    workflow.assessment_return(actor=world.users["tpi"], assessment=a, expected_version=a.version)
    assert reply(world, flag, text="Lampiran ditambah").reply == "Lampiran ditambah"


@pytest.mark.parametrize(
    ("who", "code"),
    [("tpi", "not_tim_kerja"), ("pimpinan", "not_tim_kerja")],
)
def test_only_the_tim_kerja_replies(world: World, who: str, code: str) -> None:
    flag = flagged_and_returned(world)
    with pytest.raises(Refused) as exc:
        reply(world, flag, who=who)
    assert exc.value.code == code


def test_reply_refusals_by_code(world: World) -> None:
    flag = flagged_and_returned(world, AREA3_CODE)
    with pytest.raises(Refused) as exc:
        reply(world, flag, who="tim_kerja_restricted")
    assert exc.value.code == "area_not_assigned"
    with pytest.raises(ValidationError):
        reply(world, flag, text="   ")
    reply(world, flag)
    save(world, "tim_kerja", AREA3_CODE, choice="Ya", expected_version=1)
    sign_off_and_submit(world)
    with pytest.raises(Refused) as exc:
        reply(world, flag)
    assert exc.value.code == "unit_side_locked"  # submitted: the unit waits for the TPI
    accept(world, flag)
    # A new flag on the same question reopens it; the accepted one takes no more replies.
    a = world.own
    workflow.question_flag(actor=world.users["tpi"], assessment=a, question=q(AREA3_CODE), note="y")
    workflow.assessment_return(actor=world.users["tpi"], assessment=a, expected_version=a.version)
    with pytest.raises(Refused) as exc:
        reply(world, flag)
    assert exc.value.code == "flag_closed"


def _access(world: World, who: str) -> Any:
    from zi_portal.access import access_for

    return access_for(world.users[who], world.own)


def test_accept_closes_only_a_returned_flag_and_only_by_the_tpi(world: World) -> None:
    flag = flagged_and_returned(world)
    save(world, "tim_kerja", CHOICE_CODE, choice="Ya", expected_version=1)
    sign_off_and_submit(world)
    with pytest.raises(Refused) as exc:
        accept(world, flag, who="tim_kerja")
    assert exc.value.code == "not_tpi"
    fresh = workflow.question_flag(
        actor=world.users["tpi"], assessment=world.own, question=q("A.II.2.i.a"), note="baru"
    )
    with pytest.raises(Refused) as exc:
        accept(world, fresh)
    assert exc.value.code == "flag_not_returned"
    done = accept(world, flag)
    assert (done.outcome, done.resolved_by) == ("accepted", world.users["tpi"])
    assert world.own.status == "in_review"  # the first TPI action after the resubmission
    with pytest.raises(Refused) as exc:
        accept(world, flag)
    assert exc.value.code == "flag_closed"
    entry = LogEntry.objects.get_for_object(flag).latest("timestamp")
    assert entry.actor == world.users["tpi"]
    assert entry.changes_dict["outcome"] == ["", "accepted"]


def test_withdraw_before_the_return_only(world: World) -> None:
    save(world, "tim_kerja", CHOICE_CODE, choice="Tidak")
    sign_off_and_submit(world)
    a, tpi = world.own, world.users["tpi"]
    flag = workflow.question_flag(actor=tpi, assessment=a, question=q(CHOICE_CODE), note="x")
    done = workflow.question_flag_withdraw(actor=tpi, assessment=a, flag=flag)
    assert (done.outcome, done.resolved_by) == ("withdrawn", tpi)
    again = workflow.question_flag(actor=tpi, assessment=a, question=q(CHOICE_CODE), note="y")
    workflow.assessment_return(actor=tpi, assessment=a, expected_version=a.version)
    with pytest.raises(Refused) as exc:
        workflow.question_flag_withdraw(actor=tpi, assessment=a, flag=again)
    assert exc.value.code == "tpi_side_locked"
    save(world, "tim_kerja", CHOICE_CODE, choice="Ya", expected_version=1)
    sign_off_and_submit(world)
    with pytest.raises(Refused) as exc:
        workflow.question_flag_withdraw(actor=tpi, assessment=a, flag=again)
    assert exc.value.code == "flag_already_returned"


def test_finalise_refuses_only_unsent_flags(world: World) -> None:
    flag = flagged_and_returned(world)
    save(world, "tim_kerja", CHOICE_CODE, choice="Ya", expected_version=1)
    sign_off_and_submit(world)
    access = _access(world, "tpi")
    assert scoring_rules.finalise_refusal(access=access, assessment=world.own) is None
    ReviewFlagFactory(assessment=world.own, code="A.II.2.i.a")
    refusal = scoring_rules.finalise_refusal(access=access, assessment=world.own)
    assert refusal is not None and refusal.code == "open_flags"
    assert flag.pk in {f.pk for f in ReviewFlag.objects.filter(resolved_at__isnull=True)}
