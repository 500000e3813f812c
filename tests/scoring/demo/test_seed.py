"""seed_demo leaves a portal in which every persona can act: unit 1 evaluated "layak" after a
whole round with its report ready and proposed to TPN for WBK, unit 2 a short draft journey away
from submission, unit 3 in revision with two flags; every account signs in; running it twice
changes nothing."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.management import call_command

from evidence.models import Comment, Evidence, EvidenceAttachment, ReviewFlag
from scoring.demo.accounts import UNIT3_FLAGS
from scoring.demo.seed import demo_seed
from scoring.models import Answer, AssessmentEvent, ReportJob, Snapshot
from scoring.selectors.scores import assessment_scores
from zi_portal.models import Assessment, Cycle, Membership, ReviewerAssignment

pytestmark = pytest.mark.django_db


def _counts() -> dict[str, int]:
    models: list[Any] = [
        Answer,
        Evidence,
        EvidenceAttachment,
        Comment,
        Snapshot,
        ReviewFlag,
        ReportJob,
        AssessmentEvent,
        Membership,
        ReviewerAssignment,
        Cycle,
    ]
    counts = {m.__name__: m.objects.count() for m in models}
    counts["users"] = get_user_model().objects.count()
    return counts


def test_unit_1_is_evaluated_after_a_whole_round_with_its_report_ready(
    framework: Any, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        first = demo_seed()
    unit1 = first[0]
    unit1.refresh_from_db()
    assert mail.outbox == []  # seeding replays whole review rounds without mailing anyone
    assert (unit1.unit.name, unit1.status, unit1.recommendation) == (
        "Unit Layanan Terpadu",
        "proposed",
        "layak",
    )
    actions = list(
        AssessmentEvent.objects.filter(assessment=unit1)
        .order_by("pk")
        .exclude(action="review_started")
        .values_list("action", flat=True)
    )
    assert actions == [
        "sign_off",
        "submit",
        "return",
        "sign_off",
        "resubmit",
        "finalise",
        "tpn_proposed",
    ]
    kinds = list(
        Snapshot.objects.filter(assessment=unit1).order_by("pk").values_list("kind", flat=True)
    )
    assert kinds == ["submitted", "submitted", "evaluated"]
    evaluated = Snapshot.objects.get(assessment=unit1, kind="evaluated")
    assert evaluated.data["status"] == "evaluated"
    assert len(evaluated.data["answers"]["tpi"]) == len(evaluated.data["answers"]["unit"]) == 113

    flags = ReviewFlag.objects.filter(assessment=unit1).select_related("replied_by")
    assert sorted(f.question.code for f in flags) == ["A.I.3.ii.a", "A.I.4.ii.a"]
    for flag in flags:
        assert flag.outcome == "accepted" and flag.resolved_at is not None
        assert flag.reply and flag.replied_by is not None
        assert flag.replied_by.get_username() == "timkerja1"
        # The fix: a document uploaded for the flagged question while in revision.
        assert EvidenceAttachment.objects.filter(
            evidence__assessment=unit1, question=flag.question
        ).exists()

    scores = assessment_scores(assessment=unit1)
    assert scores["unit"].complete and scores["tpi"].complete
    assert Decimal(76) <= scores["unit"].total <= Decimal(80)
    assert Decimal(76) <= scores["tpi"].total <= Decimal(78)
    assert scores["tpi"].verdicts["WBK"].passed  # the TPI's "layak" agrees with its own score
    assert Evidence.objects.filter(assessment=unit1, kind="file").count() == 20
    assert Comment.objects.filter(assessment=unit1).count() == 5

    job = ReportJob.objects.get(assessment=unit1, kind="assessment_pdf")
    assert job.requested_by is not None
    assert (job.kind, job.status, job.requested_by.get_username()) == (
        "assessment_pdf",
        "done",
        "pimpinan1",
    )
    with job.file.open("rb") as fh:
        assert fh.read(5) == b"%PDF-"
    assert job.file.size > 10_000

    before = _counts()
    second = demo_seed()
    assert [a.pk for a in second] == [a.pk for a in first]
    assert _counts() == before


def test_unit_2_is_a_short_journey_from_submission(framework: Any) -> None:
    from scoring import rules
    from scoring.demo.accounts import UNIT2_LEFT
    from scoring.demo.answers import answer_kwargs, demo_answer_sets
    from scoring.framework import spec_for_framework
    from scoring.services import workflow
    from scoring.services.answers import answer_save
    from zi_portal.access import access_for

    unit2 = demo_seed()[1]
    unit2.refresh_from_db()
    users = {u.username: u for u in get_user_model().objects.all()}
    assert (unit2.unit.name, unit2.status) == ("Kantor Wilayah Timur", "draft")
    assert Membership.objects.filter(
        user=users["pimpinan2"], unit=unit2.unit, role="pimpinan_unit"
    ).exists()
    assert ReviewerAssignment.objects.filter(
        reviewer=users["tpi"], unit=unit2.unit, cycle=unit2.cycle
    ).exists()
    answered = set(
        Answer.objects.filter(assessment=unit2, side="unit").values_list(
            "question__code", flat=True
        )
    )
    spec = spec_for_framework(unit2.framework)
    assert set(spec.input_codes) - answered == set(UNIT2_LEFT)
    # Its three documents and the monev report of the last quarter (scoring/demo/monev.py).
    assert Evidence.objects.filter(assessment=unit2).count() == 4
    refusal = rules.submit_refusal(access=access_for(users["timkerja2"], unit2), assessment=unit2)
    assert refusal is not None and refusal.code == "signoff_missing"

    unit_answers, _tpi = demo_answer_sets(spec)
    questions = {q.code: q for q in unit2.framework.questions.filter(code__in=UNIT2_LEFT)}
    for code in UNIT2_LEFT:  # the printed list: timkerja2 answers what is left in Area I ...
        answer_save(
            actor=users["timkerja2"],
            assessment=unit2,
            question=questions[code],
            side="unit",
            expected_version=None,
            **answer_kwargs(code, unit_answers),
        )
    # ... pimpinan2 signs off and timkerja2 submits.
    workflow.assessment_sign_off(
        actor=users["pimpinan2"], assessment=unit2, expected_version=unit2.version
    )
    workflow.assessment_submit(
        actor=users["timkerja2"], assessment=unit2, expected_version=unit2.version
    )
    unit2.refresh_from_db()
    assert unit2.status == "submitted"
    assert assessment_scores(assessment=unit2)["unit"].complete


def test_unit_3_is_in_revision_with_two_flags_its_tim_kerja_can_fix(framework: Any) -> None:
    from scoring import rules
    from scoring.demo.documents import upload_pdf
    from scoring.services import workflow
    from scoring.services.flags import flag_reply
    from zi_portal.access import access_for

    unit3 = demo_seed()[2]
    unit3.refresh_from_db()
    users = {u.username: u for u in get_user_model().objects.all()}
    assert (unit3.unit.name, unit3.status) == ("Balai Diklat Keuangan", "revision")
    flags = list(ReviewFlag.objects.filter(assessment=unit3, resolved_at__isnull=True))
    assert sorted(f.question.code for f in flags) == sorted(UNIT3_FLAGS)
    assert all(f.note and f.created_by == users["tpi"] for f in flags)
    assert Membership.objects.filter(
        user=users["pimpinan3"], unit=unit3.unit, role="pimpinan_unit"
    ).exists()

    access = access_for(users["timkerja3"], unit3)
    editable = {
        q.code
        for q in unit3.framework.questions.all()
        if rules.answer_refusal(access=access, assessment=unit3, question=q, side="unit") is None
    }
    assert editable == set(UNIT3_FLAGS)

    for n, flag in enumerate(flags):
        upload_pdf(
            actor=users["timkerja3"],
            assessment=unit3,
            question=flag.question,
            title="Bukti perbaikan",
            name=f"perbaikan-{n}.pdf",
            number=90 + n,
        )
        flag_reply(
            actor=users["timkerja3"], assessment=unit3, flag=flag, reply="Bukti sudah diunggah."
        )
    workflow.assessment_sign_off(
        actor=users["pimpinan3"], assessment=unit3, expected_version=unit3.version
    )
    workflow.assessment_submit(
        actor=users["timkerja3"], assessment=unit3, expected_version=unit3.version
    )
    unit3.refresh_from_db()
    assert unit3.status == "submitted"
    assert AssessmentEvent.objects.filter(assessment=unit3, action="resubmit").count() == 1


# What each account's home page lists, as the accounts' personas say.
HOME_UNITS = {
    "timkerja1": {"Unit Layanan Terpadu"},
    "pimpinan1": {"Unit Layanan Terpadu"},
    "timkerja2": {"Kantor Wilayah Timur"},
    "koordinator2": {"Kantor Wilayah Timur"},
    "pimpinan2": {"Kantor Wilayah Timur"},
    "timkerja3": {"Balai Diklat Keuangan"},
    "pimpinan3": {"Balai Diklat Keuangan"},
    "tpi": {"Unit Layanan Terpadu", "Kantor Wilayah Timur", "Balai Diklat Keuangan"},
    "pimpinaninstansi": {"Unit Layanan Terpadu", "Kantor Wilayah Timur", "Balai Diklat Keuangan"},
    "admin": {"Unit Layanan Terpadu", "Kantor Wilayah Timur", "Balai Diklat Keuangan"},
    "outsider": set(),
}


def test_every_demo_account_signs_in_and_the_command_says_what_to_try(
    framework: Any, settings: Any, client: Any, capsys: Any
) -> None:
    import datetime

    from django.utils import timezone

    from scoring.demo.seed import DEMO_ACCOUNTS, DEMO_PASSWORD

    settings.DEBUG = True
    settings.AXES_ENABLED = False
    call_command("seed_demo")
    out = capsys.readouterr().out
    assert {a.username for a in DEMO_ACCOUNTS} == set(HOME_UNITS)
    for account in DEMO_ACCOUNTS:
        assert f"  {account.username:<18} {account.persona}" in out
        assert f"Coba: {account.try_first}" in out
    assert "jawab 5 pertanyaan yang tersisa di Area I" in out

    cycle = Cycle.objects.get()
    today = timezone.localdate()
    assert cycle.self_assessment_start < today < cycle.self_assessment_end
    assert cycle.review_start < today < cycle.review_end
    assert cycle.self_assessment_end - today >= datetime.timedelta(days=30)

    all_units = set().union(*HOME_UNITS.values())
    for username, units in HOME_UNITS.items():
        client.logout()
        assert client.login(username=username, password=DEMO_PASSWORD), username
        page = client.get("/")
        assert page.status_code == 200, username
        html = page.content.decode()
        assert {u for u in all_units if u in html} == units, username
        for assessment in Assessment.objects.filter(unit__name__in=units):
            assert client.get(f"/penilaian/{assessment.pk}/").status_code == 200, username

    # pimpinan1's first step: the evaluation report is on unit 1's dashboard, ready to download.
    client.logout()
    client.login(username="pimpinan1", password=DEMO_PASSWORD)
    job = ReportJob.objects.get(
        assessment__unit__code="ULT-01", status="done", kind="assessment_pdf"
    )
    dashboard = client.get(f"/penilaian/{job.assessment_id}/dasbor/").content.decode()
    download = f"/laporan/{job.pk}/unduh/"
    assert download in dashboard
    response = client.get(download)
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF-")
