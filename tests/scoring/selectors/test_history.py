"""The Riwayat tabs: auditlog entries and workflow events merged, in Indonesian, with actors."""

from __future__ import annotations

import html
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation

from evidence import services as evidence_services
from scoring.reports.selectors.dashboard import dashboard_activity
from scoring.selectors import history
from scoring.services import workflow
from tests.conftest import World
from tests.evidence.conftest import upload
from tests.factories import CommentFactory, pdf_bytes
from tests.scoring.services.test_answers import (
    ABCD_CODE,
    CHOICE_CODE,
    INDEX_CODE,
    PERCENT_CODE,
    q,
    save,
)

pytestmark = pytest.mark.django_db


def test_question_history_lists_answer_changes_with_actor(world: World) -> None:
    save(world, "tim_kerja", ABCD_CODE, choice="B")
    save(world, "tim_kerja_restricted", ABCD_CODE, choice="A", expected_version=1)
    save(world, "tim_kerja", CHOICE_CODE, choice="Ya")  # another question: not listed
    entries = history.history_for_question(world.own, q(ABCD_CODE))
    assert [e.action for e in entries] == ["diubah", "dibuat"]
    newest = entries[0]
    assert newest.who == world.users["tim_kerja_restricted"].get_full_name()
    assert newest.what == f"Jawaban Unit (penilaian mandiri) {ABCD_CODE}"
    assert ("jawaban", "B", "A") in [(c.field, c.old, c.new) for c in newest.changes]
    assert ("versi", "1", "2") in [(c.field, c.old, c.new) for c in newest.changes]


def test_assessment_history_merges_events_flags_and_comments(world: World) -> None:
    save(world, "tim_kerja", CHOICE_CODE, choice="Ya")
    workflow.assessment_sign_off(
        actor=world.users["pimpinan"], assessment=world.own, expected_version=1
    )
    workflow.assessment_submit(
        actor=world.users["tim_kerja"], assessment=world.own, expected_version=2
    )
    workflow.question_flag(
        actor=world.users["tpi"], assessment=world.own, question=q(CHOICE_CODE), note="Lengkapi SK"
    )
    CommentFactory(
        assessment=world.own, code=CHOICE_CODE, body="Mohon dicek", author=world.users["tpi"]
    )
    entries = history.history_for_assessment(world.own)
    whats = [e.what for e in entries]
    assert "Diajukan ke TPI" in whats and "Disetujui pimpinan unit" in whats
    assert "Evaluasi TPI dimulai" in whats
    submit = next(e for e in entries if e.what == "Diajukan ke TPI")
    assert submit.who == world.users["tim_kerja"].get_full_name()
    assert [(c.field, c.old, c.new) for c in submit.changes] == [
        ("status", "Draf", "Diajukan ke TPI")
    ]
    assert any(e.what.startswith("Jawaban Unit") for e in entries)
    times = [e.when for e in entries]
    assert times == sorted(times, reverse=True)


@pytest.mark.parametrize("name", ["assessment_history", "question_history"])
def test_history_pages_render_entries(world: World, name: str) -> None:
    save(world, "tim_kerja", CHOICE_CODE, choice="Ya")
    args: list[int | str] = [world.own.pk]
    if name == "question_history":
        args.append(CHOICE_CODE)
    body = world.client("pimpinan").get(reverse(f"scoring:{name}", args=args)).content.decode()
    assert f"Jawaban Unit (penilaian mandiri) {CHOICE_CODE}" in body
    assert world.users["tim_kerja"].get_full_name() in body


# --------------------------------------------------------------------------- human language


def _upload(world: World, code: str, name: str = "Notulen.pdf") -> None:
    evidence_services.evidence_upload(
        actor=world.users["tim_kerja"],
        assessment=world.own,
        question=q(code),
        uploaded_file=upload(name, pdf_bytes()),
    )


def test_one_upload_is_one_entry_in_words_in_both_languages(world: World) -> None:
    _upload(world, CHOICE_CODE)
    entries = history.history_for_question(world.own, q(CHOICE_CODE))
    assert len(entries) == 1
    (entry,) = entries
    assert entry.who == world.users["tim_kerja"].get_full_name()
    assert entry.what == f"Mengunggah 'Notulen.pdf' (v1) untuk {CHOICE_CODE}"
    assert entry.changes == []
    with translation.override("en"):
        (entry,) = history.history_for_question(world.own, q(CHOICE_CODE))
        assert entry.what == f"Uploaded 'Notulen.pdf' (v1) for {CHOICE_CODE}"
    # The assessment's tab and the dashboard say the same, once.
    whole = [e.what for e in history.history_for_assessment(world.own)]
    assert whole == [f"Mengunggah 'Notulen.pdf' (v1) untuk {CHOICE_CODE}"]
    url = reverse("scoring:question_history", args=[world.own.pk, CHOICE_CODE])
    client = world.client("pimpinan")
    body = client.get(url).content.decode()
    assert body.count("Notulen.pdf") == 1 and "EvidenceAttachment" not in body
    client.cookies["django_language"] = "en"
    body = html.unescape(client.get(url).content.decode())
    assert f"Uploaded 'Notulen.pdf' (v1) for {CHOICE_CODE}" in body


def test_count_answers_show_labels_and_values_not_json(world: World) -> None:
    question = q(PERCENT_CODE)
    keys = [i.key for i in question.inputs.all()]
    labels = {i.key: i.label for i in question.inputs.all()}
    save(world, "tim_kerja", PERCENT_CODE, counts=dict.fromkeys(keys, 35))
    (entry,) = history.history_for_question(world.own, question)
    (change,) = [c for c in entry.changes if c.field == "jumlah"]
    assert "{" not in change.new and not any(k in change.new for k in keys)
    assert all(f"{labels[k]}: 35" in change.new for k in keys)


def test_decimal_index_follows_the_locale(world: World) -> None:
    save(world, "tim_kerja", INDEX_CODE, index_value=Decimal("3.62"))
    (entry,) = history.history_for_question(world.own, q(INDEX_CODE))
    assert ("nilai indeks", "-", "3,62") in [(c.field, c.old, c.new) for c in entry.changes]
    with translation.override("en"):
        (entry,) = history.history_for_question(world.own, q(INDEX_CODE))
        assert ("index value", "-", "3.62") in [(c.field, c.old, c.new) for c in entry.changes]


def test_workflow_events_are_named_in_words_on_the_dashboard(world: World) -> None:
    save(world, "tim_kerja", CHOICE_CODE, choice="Ya")
    workflow.assessment_sign_off(
        actor=world.users["pimpinan"], assessment=world.own, expected_version=1
    )
    workflow.assessment_submit(
        actor=world.users["tim_kerja"], assessment=world.own, expected_version=2
    )
    texts = [r.text for r in dashboard_activity(assessment=world.own)]
    joined = " | ".join(texts)
    assert "Diajukan ke TPI" in joined and "Disetujui pimpinan unit" in joined
    for code in ("sign_off", "submit", "->", "→ submitted", "(draft"):
        assert code not in joined
    with translation.override("en"):
        joined = " | ".join(r.text for r in dashboard_activity(assessment=world.own))
        assert "Submitted to TPI" in joined


def test_a_replacement_is_its_own_entry_with_its_revision_number(world: World) -> None:
    ev = evidence_services.evidence_upload(
        actor=world.users["tim_kerja"],
        assessment=world.own,
        question=q(CHOICE_CODE),
        uploaded_file=upload("Notulen.pdf", pdf_bytes()),
    )
    evidence_services.evidence_replace(
        actor=world.users["tim_kerja"],
        evidence=ev,
        uploaded_file=upload("Baru.pdf", pdf_bytes("dua")),
    )
    whats = [e.what for e in history.history_for_question(world.own, q(CHOICE_CODE))]
    assert whats == [
        "Mengganti 'Notulen.pdf' dengan 'Baru.pdf' (v2)",
        f"Mengunggah 'Notulen.pdf' (v1) untuk {CHOICE_CODE}",
    ]
