"""Evidence validity ("masa berlaku"): the dates on upload and their edit, expired documents marked
on the panel, in the pack and the PDF context, missing for the counts, hidden from the public
page, and the reminders 30 and 7 days before the end date."""

from __future__ import annotations

import datetime as dt
import io
import json
import zipfile
from typing import Any, cast

import pytest
import time_machine
from auditlog.models import LogEntry
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse

from areas.models import Question
from evidence import services
from evidence.forms import UploadForm, ValidityForm
from evidence.models import Evidence, ValidityReminder
from evidence.public.selectors import published_evidence
from evidence.reminders import validity_reminders_send
from evidence.selectors import evidence_counts
from evidence.validity import is_expired, today_jakarta
from scoring.reports.context import _evidence_by_code
from scoring.reports.pack import write_pack
from tests.conftest import World
from tests.evidence.conftest import upload
from tests.factories import EvidenceFactory, pdf_bytes
from zi_portal.mail import muted

pytestmark = pytest.mark.django_db

# 08:00 in Jakarta on 1 March 2027 (UTC+7): the reminder run's "today".
NOW = dt.datetime(2027, 3, 1, 1, 0, tzinfo=dt.UTC)
TODAY = dt.date(2027, 3, 1)


@pytest.fixture(autouse=True)
def _locmem(settings: Any) -> None:
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.PORTAL_BASE_URL = "https://zi.example.go.id"


def doc(world: World, question: Question, until: dt.date | None, **kw: Any) -> Evidence:
    ev = EvidenceFactory(assessment=world.own, questions=[question], effective_until=until, **kw)
    return cast(Evidence, ev)


# --- form -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "ok"),
    [
        ({}, True),
        ({"effective_from": "2026-01-01", "effective_until": "2026-12-31"}, True),
        ({"effective_from": "2026-01-01", "effective_until": "2026-01-01"}, True),
        ({"effective_from": "01/02/2026", "effective_until": "31/12/2026"}, True),  # id locale
        ({"effective_from": "2026-06-01", "effective_until": "2026-05-31"}, False),
        ({"effective_until": "31-31-2026"}, False),
    ],
)
def test_validity_form_dates(data: dict[str, str], ok: bool) -> None:
    form = ValidityForm(data)
    assert form.is_valid() is ok, form.errors
    if ok and data.get("effective_from") == "01/02/2026":
        assert form.cleaned_data["effective_from"] == dt.date(2026, 2, 1)


def test_upload_form_has_the_dates_after_the_file() -> None:
    assert list(UploadForm().fields)[:4] == [
        "documents",
        "title",
        "effective_from",
        "effective_until",
    ]


def test_upload_stores_the_dates(world: World, q1: Question) -> None:
    url = reverse("evidence:upload", args=[world.own.pk, q1.code])
    data = {
        "documents": [upload("sk.pdf", pdf_bytes("sk"), "application/pdf")],
        "effective_from": "2026-01-01",
        "effective_until": "2026-12-31",
    }
    assert world.client("tim_kerja").post(url, data).status_code == 302
    ev = Evidence.objects.get(assessment=world.own)
    assert (ev.effective_from, ev.effective_until) == (dt.date(2026, 1, 1), dt.date(2026, 12, 31))


def test_upload_refuses_end_before_start(world: World, q1: Question) -> None:
    url = reverse("evidence:upload", args=[world.own.pk, q1.code])
    data = {
        "documents": [upload("sk.pdf", pdf_bytes("sk"), "application/pdf")],
        "effective_from": "2026-12-31",
        "effective_until": "2026-01-01",
    }
    resp = world.client("tim_kerja").post(url, data, follow=True)
    assert Evidence.objects.filter(assessment=world.own).count() == 0
    assert "tidak boleh sebelum" in resp.content.decode()
    with pytest.raises(ValidationError):
        services.evidence_upload(
            actor=world.users["tim_kerja"],
            assessment=world.own,
            question=q1,
            uploaded_file=upload("b.pdf", pdf_bytes("b"), "application/pdf"),
            effective_from=dt.date(2026, 2, 1),
            effective_until=dt.date(2026, 1, 1),
        )
    assert Evidence.objects.filter(assessment=world.own).count() == 0


# --- the validity edit -------------------------------------------------------------------------


def test_validity_edit_saves_and_is_audited(world: World, q1: Question) -> None:
    ev = doc(world, q1, None)
    url = reverse("evidence:validity", args=[world.own.pk, ev.pk])
    data = {"effective_from": "2026-01-01", "effective_until": "2026-06-30", "q": q1.code}
    assert world.client("tim_kerja").post(url, data).status_code == 302
    ev.refresh_from_db()
    assert ev.effective_until == dt.date(2026, 6, 30)
    entry = (
        LogEntry.objects.get_for_object(ev)
        .filter(action=LogEntry.Action.UPDATE)
        .latest("timestamp")
    )
    assert entry.actor == world.users["tim_kerja"]
    assert entry.changes_dict["effective_until"] == ["None", "2026-06-30"]
    assert entry.changes_dict["effective_from"] == ["None", "2026-01-01"]


def test_validity_edit_end_before_start_changes_nothing(world: World, q1: Question) -> None:
    ev = doc(world, q1, dt.date(2026, 6, 30))
    entries = LogEntry.objects.get_for_object(ev).count()
    url = reverse("evidence:validity", args=[world.own.pk, ev.pk])
    data = {"effective_from": "2026-07-01", "effective_until": "2026-06-30", "q": q1.code}
    resp = world.client("tim_kerja").post(url, data, follow=True)
    assert "tidak boleh sebelum" in resp.content.decode()
    ev.refresh_from_db()
    assert (ev.effective_from, ev.effective_until) == (None, dt.date(2026, 6, 30))
    assert LogEntry.objects.get_for_object(ev).count() == entries


def test_validity_edit_of_a_deleted_document_is_refused(world: World, q1: Question) -> None:
    ev = doc(world, q1, None, deleted_by=world.users["tim_kerja"])
    with pytest.raises(ValidationError):
        services.evidence_set_validity(
            actor=world.users["tim_kerja"],
            evidence=ev,
            effective_from=None,
            effective_until=dt.date(2026, 1, 1),
        )


# --- expired: panel, counts, pack, PDF, public ---------------------------------------------------


@time_machine.travel(NOW, tick=False)
def test_panel_tags_the_expired_document(world: World, q1: Question) -> None:
    doc(world, q1, TODAY - dt.timedelta(days=1), title="SK lama")
    doc(world, q1, TODAY, title="SK berlaku")  # valid through today
    html = world.client("tpi").get(reverse("evidence:panel", args=[world.own.pk, q1.code]))
    text = html.content.decode()
    assert html.status_code == 200
    assert text.count("Kedaluwarsa sejak") == 1
    assert "Kedaluwarsa sejak 28 Feb. 2027" in text
    assert "Berlaku sampai 1 Maret 2027" in text


@time_machine.travel(NOW, tick=False)
def test_expiry_follows_jakarta_not_utc() -> None:
    ev = Evidence(effective_until=dt.date(2027, 2, 28))
    # 1 March 01:00 UTC is 08:00 in Jakarta: the document ended yesterday there.
    assert today_jakarta() == TODAY
    assert is_expired(ev)
    with time_machine.travel(dt.datetime(2027, 2, 28, 16, 59, tzinfo=dt.UTC), tick=False):
        assert not is_expired(ev)  # 23:59 on 28 February in Jakarta


@time_machine.travel(NOW, tick=False)
def test_expired_document_counts_as_missing(world: World, q1: Question, q1b: Question) -> None:
    doc(world, q1, TODAY - dt.timedelta(days=1))
    doc(world, q1, None)
    doc(world, q1b, TODAY - dt.timedelta(days=10))
    counts = evidence_counts(assessment=world.own)
    assert counts.get(q1.pk) == 1
    assert q1b.pk not in counts


@time_machine.travel(NOW, tick=False)
def test_pack_marks_the_expired_document(world: World, q1: Question) -> None:
    old = doc(world, q1, TODAY - dt.timedelta(days=1), title="SK lama")
    cur = doc(world, q1, TODAY + dt.timedelta(days=100), title="SK baru")
    buf = io.BytesIO()
    write_pack(assessment=world.own, files=[], target=buf)
    with zipfile.ZipFile(buf) as zf:
        names = zf.namelist()
        manifest = json.loads(zf.read("manifest.json"))
    entries = {f["evidence_id"]: f for f in manifest["files"] if f["kind"] == "evidence"}
    assert entries[old.pk]["expired"] is True
    assert entries[old.pk]["effective_until"] == "2027-02-28"
    assert entries[old.pk]["path"].startswith("bukti-kedaluwarsa/")
    assert entries[cur.pk]["expired"] is False
    assert entries[cur.pk]["path"].startswith("bukti/")
    assert sorted(n.split("/")[0] for n in names if n != "manifest.json") == [
        "bukti",
        "bukti-kedaluwarsa",
    ]
    lines = _evidence_by_code(world.own)[q1.code]
    assert [(e.title, e.expired_since) for e in lines] == [
        ("SK lama", "Kedaluwarsa sejak 28 Feb. 2027"),
        ("SK baru", ""),
    ]


@time_machine.travel(NOW, tick=False)
def test_public_page_hides_the_expired_document(world: World, q1: Question) -> None:
    doc(world, q1, TODAY - dt.timedelta(days=1), is_public=True, title="SK lama")
    doc(world, q1, TODAY, is_public=True, title="SK berlaku")
    titles = sorted(published_evidence(unit=world.own.unit).values_list("title", flat=True))
    assert titles == ["SK berlaku"]


# --- reminders ---------------------------------------------------------------------------------


def sent_to() -> list[str]:
    return sorted(m.to[0] for m in mail.outbox)


@time_machine.travel(NOW, tick=False)
def test_reminders_at_exactly_30_and_7_days(world: World, q1: Question, q3: Question) -> None:
    d30 = doc(world, q1, TODAY + dt.timedelta(days=30), title="SK Tim")
    doc(world, q3, TODAY + dt.timedelta(days=7), title="SOP")
    for days in (29, 31, 8, 6, 0):
        doc(world, q1, TODAY + dt.timedelta(days=days), title=f"lain {days}")
    assert validity_reminders_send() == 3
    # q1 is in area 1: both tim kerja members; q3 (area 3): the restricted member is not told.
    assert sent_to() == [
        "tim_kerja@uji.local",
        "tim_kerja@uji.local",
        "tim_kerja_restricted@uji.local",
    ]
    subjects = sorted(m.subject for m in mail.outbox)
    assert subjects[0] == '[ZI Portal] Dokumen "SK Tim" habis masa berlakunya dalam 30 hari'
    assert subjects[-1] == '[ZI Portal] Dokumen "SOP" habis masa berlakunya dalam 7 hari'
    body = next(m.body for m in mail.outbox if "SK Tim" in m.subject)
    assert "berlaku sampai 31 Maret 2027" in body
    assert f"https://zi.example.go.id/penilaian/{world.own.pk}/pertanyaan/{q1.code}/" in body
    rows = ValidityReminder.objects.order_by("days_before")
    assert [(r.days_before, r.recipients) for r in rows] == [(7, 1), (30, 2)]
    assert rows.get(days_before=30).evidence == d30


@time_machine.travel(NOW, tick=False)
def test_reminders_are_not_sent_twice(world: World, q1: Question) -> None:
    ev = doc(world, q1, TODAY + dt.timedelta(days=30))
    assert validity_reminders_send() == 2
    assert validity_reminders_send() == 0
    assert len(mail.outbox) == 2
    # Twenty-three days later the 7-day reminder goes out once.
    with time_machine.travel(NOW + dt.timedelta(days=23), tick=False):
        assert validity_reminders_send() == 2
        assert validity_reminders_send() == 0
    assert len(mail.outbox) == 4
    assert ValidityReminder.objects.filter(evidence=ev).count() == 2


@time_machine.travel(NOW, tick=False)
def test_new_end_date_gets_its_own_reminders(world: World, q1: Question) -> None:
    ev = doc(world, q1, TODAY + dt.timedelta(days=30))
    assert validity_reminders_send() == 2
    services.evidence_set_validity(
        actor=world.users["tim_kerja"],
        evidence=ev,
        effective_from=None,
        effective_until=TODAY + dt.timedelta(days=365),
    )
    with time_machine.travel(NOW + dt.timedelta(days=335), tick=False):
        assert validity_reminders_send() == 2


@time_machine.travel(NOW, tick=False)
def test_no_reminders_for_deleted_documents_or_when_muted(world: World, q1: Question) -> None:
    doc(world, q1, TODAY + dt.timedelta(days=30), deleted_by=world.users["tim_kerja"])
    live = doc(world, q1, TODAY + dt.timedelta(days=7))
    with muted():
        assert validity_reminders_send() == 0
    assert mail.outbox == []
    assert not ValidityReminder.objects.exists()  # muted: nothing recorded, sent later
    assert validity_reminders_send() == 2
    assert list(ValidityReminder.objects.values_list("evidence_id", flat=True)) == [live.pk]


def test_the_beat_schedule_runs_the_task_daily(settings: Any) -> None:
    from evidence.tasks import validity_reminders_task

    entry = settings.CELERY_BEAT_SCHEDULE["evidence-validity-reminders"]
    assert entry["task"] == validity_reminders_task.name == "evidence.validity_reminders_send"


@time_machine.travel(NOW, tick=False)
def test_reminder_in_the_recipients_language(world: World, q3: Question) -> None:
    from zi_portal.models import NotificationPreference

    NotificationPreference.objects.create(user=world.users["tim_kerja"], language="en")
    doc(world, q3, TODAY + dt.timedelta(days=7), title="SOP")
    assert validity_reminders_send() == 1
    (message,) = mail.outbox
    assert message.subject == '[ZI Portal] Document "SOP" expires in 7 days'
    assert "After that date the document counts as missing." in message.body
    assert "Kedaluwarsa" not in message.body and "berlaku" not in message.body


@time_machine.travel(NOW, tick=False)
def test_panel_in_english(world: World, q1: Question) -> None:
    doc(world, q1, TODAY - dt.timedelta(days=1))
    c = world.client("tim_kerja")
    c.cookies["django_language"] = "en"
    text = c.get(reverse("evidence:panel", args=[world.own.pk, q1.code])).content.decode()
    assert "Expired since" in text
    assert "Save validity" in text
