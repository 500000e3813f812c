"""Backup and restore of one assessment: export_assessment / import_assessment round trips."""

from __future__ import annotations

import hashlib
import io
import json
import random
import zipfile
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from auditlog.models import LogEntry
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command

from areas.models import Question
from evidence.models import Comment, Evidence, EvidenceAttachment, EvidenceRevision, ReviewFlag
from scoring.models import Answer, AssessmentEvent, Side, Snapshot
from scoring.selectors.scores import assessment_scores
from scoring.transfer.backup import BackupError, export_assessment
from scoring.transfer.restore import import_assessment
from tests.conftest import World
from tests.factories import (
    AssessmentEventFactory,
    CommentFactory,
    EvidenceAttachmentFactory,
    EvidenceFactory,
    EvidenceLinkFactory,
    EvidenceRevisionFactory,
    ReviewFlagFactory,
    SnapshotFactory,
    UserFactory,
)
from zi_portal.models import Assessment, Cycle, Unit


def fill_answers(assessment: Assessment, *, side: str, seed: int) -> None:
    """Every question answered on ``side`` with varied (seeded) values."""
    rng = random.Random(seed)
    rows = []
    for q in Question.objects.filter(framework=assessment.framework).prefetch_related(
        "options", "inputs"
    ):
        a = Answer(assessment=assessment, question=q, side=side, note=f"catatan {q.code}")
        if q.answer_type == Question.AnswerType.PERSEN:
            a.counts = {i.key: rng.randint(0, 9) for i in q.inputs.all()}
        elif q.answer_type == Question.AnswerType.NILAI_0_4:
            a.index_value = Decimal(rng.randint(200, 400)) / 100
        else:
            a.choice = rng.choice([o.label for o in q.options.all()])
        rows.append(a)
    Answer.objects.bulk_create(rows)


def add_evidence(assessment: Assessment, user: Any) -> None:
    q1, q2 = Question.objects.filter(framework=assessment.framework).order_by("position")[:2]
    shared_body = b"%PDF-1.4 dokumen bersama\n" * 50
    own_body = b"%PDF-1.4 dokumen sendiri\n" * 70
    ev = EvidenceFactory(
        assessment=assessment,
        title="SK Tim ZI",
        created_by=user,
        content=shared_body,
        revision__original_name="sk.pdf",
        questions=[q1],
    )
    EvidenceRevisionFactory(evidence=ev, content=own_body, original_name="sk-revisi.pdf")
    # A second document with the first file's content (same content uploaded twice).
    EvidenceFactory(
        assessment=assessment,
        title="Notulen",
        content=shared_body,
        revision__original_name="notulen.pdf",
    )
    link = EvidenceLinkFactory(
        assessment=assessment, title="Situs", url="https://contoh.go.id/zi", is_public=True
    )
    EvidenceAttachmentFactory(evidence=ev, question=q2)
    EvidenceAttachmentFactory(evidence=link, question=q2)
    CommentFactory(assessment=assessment, question=q1, author=user, body="Mohon SK terbaru")
    ReviewFlagFactory(
        assessment=assessment,
        question=q2,
        note="Perlu perbaikan",
        created_by=user,
        reply="SK diunggah",
        replied_by=UserFactory(username="penjawab"),  # named by no other row
    )
    SnapshotFactory(assessment=assessment, data={"total": "55.58"}, created_by=user)
    AssessmentEventFactory(
        assessment=assessment,
        actor=user,
        action="submit",
        from_status="draft",
        to_status="submitted",
    )
    answer = Answer.objects.filter(assessment=assessment, question=q1, side=Side.UNIT).get()
    LogEntry.objects.log_create(answer, action=LogEntry.Action.UPDATE, actor=user,
                                changes={"choice": ["B", "A"]})
    LogEntry.objects.log_create(assessment, action=LogEntry.Action.UPDATE, actor=user,
                                changes={"status": ["draft", "submitted"]})


def file_hashes(assessment: Assessment) -> list[tuple[str, int, str]]:
    out = []
    for rev in EvidenceRevision.objects.filter(evidence__assessment=assessment).select_related(
        "evidence"
    ).order_by("evidence__title", "number"):
        with default_storage.open(rev.file.name, "rb") as fh:
            actual = hashlib.sha256(fh.read()).hexdigest()
        out.append((rev.evidence.title, rev.number, actual))
    return out


def scores(assessment: Assessment) -> dict[str, Any]:
    return {side: r.to_dict() for side, r in assessment_scores(assessment=assessment).items()}


@pytest.fixture
def full(world: World) -> Assessment:
    a = world.own
    fill_answers(a, side=Side.UNIT, seed=1)
    fill_answers(a, side=Side.TPI, seed=2)
    add_evidence(a, world.users["tim_kerja"])
    return a


def test_round_trip_gives_identical_scores_files_and_history(
    full: Assessment, tmp_path: Path
) -> None:
    before_scores = scores(full)
    before_files = file_hashes(full)
    assert before_scores["unit"]["total"] != before_scores["tpi"]["total"]
    assert len(before_files) == 3
    archive = tmp_path / "penilaian.zip"
    call_command("export_assessment", "--id", str(full.pk), "--output", str(archive),
                 stdout=io.StringIO())
    with zipfile.ZipFile(archive) as zf:
        manifest = json.loads(zf.read("manifest.json"))
        history = json.loads(zf.read("data.json"))["history"]
        # The shared file is stored once; every member is listed with its hash.
        assert sorted(manifest["files"]) == sorted(
            ["data.json", *{f"files/{h}" for _t, _n, h in before_files}]
        )
        for arc, meta in manifest["files"].items():
            assert hashlib.sha256(zf.read(arc)).hexdigest() == meta["sha256"]
    unit_code, year = full.unit.code, full.cycle.year
    original_pk = full.pk
    Assessment.objects.filter(pk=full.pk).delete()
    assert not Answer.objects.filter(assessment_id=original_pk).exists()

    old_entries = list(LogEntry.objects.values_list("pk", flat=True))
    out = io.StringIO()
    call_command("import_assessment", "--input", str(archive), stdout=out)
    restored = Assessment.objects.get(unit__code=unit_code, cycle__year=year)
    assert restored.pk != original_pk
    assert scores(restored) == before_scores
    assert file_hashes(restored) == before_files
    assert Answer.objects.filter(assessment=restored).count() == 2 * Question.objects.filter(
        framework=restored.framework
    ).count()
    assert Answer.objects.get(
        assessment=restored, question__code=Question.objects.order_by("position")[0].code,
        side=Side.UNIT,
    ).answered_by is None  # the source never set it; nothing invented
    ev = Evidence.objects.get(assessment=restored, title="SK Tim ZI")
    assert ev.current_revision is not None and ev.current_revision.number == 2
    assert ev.created_by is not None and ev.created_by.username == "tim_kerja"
    assert sorted(ev.attachments.values_list("question__position", flat=True)) == [
        q.position for q in Question.objects.order_by("position")[:2]
    ]
    assert Comment.objects.get(assessment=restored).body == "Mohon SK terbaru"
    flag = ReviewFlag.objects.get(assessment=restored)
    assert flag.reply == "SK diunggah" and flag.replied_by is not None
    assert flag.replied_by.username == "penjawab"
    assert Snapshot.objects.get(assessment=restored).data == {"total": "55.58"}
    assert list(
        AssessmentEvent.objects.filter(assessment=restored).order_by("created_at")
        .values_list("action", flat=True)
    ) == ["submit", "imported"]
    new_entries = LogEntry.objects.exclude(pk__in=old_entries)
    # Every exported history entry comes back (and none is invented by the import itself).
    assert new_entries.count() == len(history) >= 2
    answer_entry = new_entries.get(changes={"choice": ["B", "A"]})
    restored_answer = Answer.objects.get(pk=answer_entry.object_pk)
    assert restored_answer.assessment_id == restored.pk
    assert answer_entry.actor is not None and answer_entry.actor.username == "tim_kerja"
    assert new_entries.get(changes={"status": ["draft", "submitted"]}).object_pk == str(
        restored.pk
    )
    assert f"#{restored.pk}" in out.getvalue()


def test_import_into_another_installation_creates_unit_and_cycle(
    full: Assessment, tmp_path: Path
) -> None:
    archive = tmp_path / "a.zip"
    export_assessment(assessment=full, output=archive)
    before = scores(full)
    code, year = full.unit.code, full.cycle.year
    # Make this database look like another installation: the unit and the cycle do not exist.
    Unit.objects.filter(pk=full.unit_id).update(code=f"{code}-LAMA", slug="unit-lama")
    Cycle.objects.filter(pk=full.cycle_id).update(year=1999)
    result = import_assessment(source=archive)
    assert result.created_unit and result.created_cycle
    assert result.assessment.unit.code == code
    assert result.assessment.unit.parent is not None
    assert result.assessment.unit.parent.code == full.unit.parent.code
    assert result.assessment.cycle.year == year
    assert scores(result.assessment) == before


def test_second_import_is_refused_with_a_clear_message(full: Assessment, tmp_path: Path) -> None:
    archive = tmp_path / "a.zip"
    export_assessment(assessment=full, output=archive)
    n = Assessment.objects.count()
    with pytest.raises(CommandError, match="sudah ada di instalasi ini"):
        call_command("import_assessment", "--input", str(archive))
    assert Assessment.objects.count() == n


def test_tampered_file_is_refused_before_anything_is_written(
    full: Assessment, tmp_path: Path
) -> None:
    archive = tmp_path / "a.zip"
    export_assessment(assessment=full, output=archive)
    tampered = tmp_path / "b.zip"
    with zipfile.ZipFile(archive) as src, zipfile.ZipFile(tampered, "w") as dst:
        for info in src.infolist():
            body = src.read(info)
            if info.filename.startswith("files/"):
                body = body.replace(b"dokumen", b"DOKUMEN")
            dst.writestr(info, body)
    Assessment.objects.filter(pk=full.pk).delete()
    media = Path(default_storage.location)  # type: ignore[attr-defined]
    files_before = sorted(p for p in media.rglob("*") if p.is_file())
    with pytest.raises(BackupError, match="sha256 tidak cocok"):
        import_assessment(source=tampered)
    assert not Assessment.objects.filter(unit=full.unit).exists()
    assert sorted(p for p in media.rglob("*") if p.is_file()) == files_before


def test_failure_during_import_removes_written_files(
    full: Assessment, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    archive = tmp_path / "a.zip"
    export_assessment(assessment=full, output=archive)
    Assessment.objects.filter(pk=full.pk).delete()
    media = Path(default_storage.location)  # type: ignore[attr-defined]
    files_before = sorted(p for p in media.rglob("*") if p.is_file())

    def boom(*args: Any, **kwargs: Any) -> None:
        raise RuntimeError("basis data terputus")

    monkeypatch.setattr(EvidenceAttachment, "save", boom)
    with pytest.raises(RuntimeError):
        import_assessment(source=archive)
    assert sorted(p for p in media.rglob("*") if p.is_file()) == files_before
    assert not Assessment.objects.filter(unit=full.unit).exists()
