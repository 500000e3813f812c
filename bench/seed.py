"""Synthetic institution for `make bench`: many units, complete assessments, documents per question.

Units, assessments and accounts are written with bulk_create; the big tables (answers, documents,
their revisions and attachments: 5.1 million rows at 5,000 units) with PostgreSQL COPY through
`bench/pgcopy.py`, in the same transaction, with every constraint and foreign key checked. Documents
share a handful of stored files by sha256, as real uploads of the same template letter would;
every Evidence has its revision 1 and its attachment, exactly as evidence.services would leave
them. Stored score summaries, where the portal keeps them, are built at the end by the portal's
own rebuild path (`summaries_rebuild`).
"""

from __future__ import annotations

import hashlib
import random
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone

from areas.models import Framework, Question
from areas.services import framework_load, framework_read_fixture
from bench.pgcopy import Copier, bulk_load, reserve_ids, text
from evidence.models import Evidence, EvidenceAttachment, EvidenceRevision
from scoring.demo.seed import cycle_for_year
from scoring.models import Answer, Side
from zi_portal.models import Assessment, Membership, Role, Unit

PASSWORD = "bench-zi-2026"  # noqa: S105 - synthetic accounts of a throwaway bench database
BATCH = 5000
PHASES: dict[str, float] = {}
_started = 0.0


@dataclass
class Seeded:
    framework: Framework
    instansi: Unit
    small_instansi: Unit
    assessments: list[Assessment]  # the big institution's, complete
    small_assessments: list[Assessment]  # the small institution's, complete
    empty: Assessment  # a unit of the small institution with nothing answered or uploaded
    leader: Any  # pimpinan instansi of the big institution
    small_leader: Any
    members: list[tuple[str, int]] = field(default_factory=list)  # (username, assessment pk)
    small_members: list[tuple[str, int]] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)
    summaries: str = ""  # how the stored score summaries were built


def _pdf(i: int) -> bytes:
    body = f"Dokumen contoh nomor {i} untuk uji beban ZI Portal".encode()
    return b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n" + body + b"\n%%EOF\n"


def _answer_rows(
    assessment_id: int, questions: list[Question], rng: random.Random, now: Any
) -> Iterator[tuple[Any, ...]]:
    """(assessment, question, side, choice, counts, index_value, answered_at) of every question."""
    for q in questions:
        choice, counts, index_value = "", {}, None
        if q.answer_type == Question.AnswerType.PERSEN:
            counts = {i.key: rng.randint(1, 20) for i in q.inputs.all()}
        elif q.answer_type == Question.AnswerType.NILAI_0_4:
            index_value = Decimal(rng.randint(250, 400)) / 100
        else:
            labels = [o.label for o in q.options.all()]
            # Mostly the best answer, as a unit close to its predicate would have.
            choice = labels[0] if rng.random() < 0.7 else rng.choice(labels)
        yield (assessment_id, q.pk, Side.UNIT, choice, counts, index_value, now)


def _answers(assessments: list[Assessment], questions: list[Question],
             rng: random.Random) -> None:
    now = timezone.now()
    Copier(Answer, ["assessment_id", "question_id", "side", "choice", "counts", "index_value",
                    "answered_at"]).write(
        row for a in assessments for row in _answer_rows(a.pk, questions, rng, now))


def _documents(
    assessments: list[Assessment], questions: list[Question], docs_per_question: int,
    files: list[tuple[str, str, int]], now: Any,
) -> None:
    """Every assessment's documents, each with its revision 1 (current) and its attachment."""
    per = len(questions) * docs_per_question
    total = per * len(assessments)
    ev0 = reserve_ids(Evidence, total)
    rev0 = reserve_ids(EvidenceRevision, total)
    evidence = Copier(Evidence, ["id", "assessment_id", "title", "kind", "created_at",
                                 "current_revision_id"])
    revisions = Copier(EvidenceRevision, ["id", "evidence_id", "number", "file", "original_name",
                                          "size", "sha256", "content_type", "uploaded_at"])
    attachments = Copier(EvidenceAttachment, ["evidence_id", "question_id", "attached_at"])
    # Each document's line is its ids around text formatted once per question (or file).
    ts, kind, pdf = text(now), text(Evidence.Kind.FILE), "application/pdf"
    titles = [(q.pk, text(f"Dokumen {q.code} #{k + 1}")) for q in questions
              for k in range(docs_per_question)]
    stored = [(text(name), size, text(sha)) for name, sha, size in files]
    step = max(1, 100_000 // per)
    for start in range(0, len(assessments), step):
        chunk = assessments[start:start + step]
        first = start * per
        # The current revision is written after its document: the foreign key is checked when
        # bulk_load puts it back.
        evidence.write_lines(
            f"{ev0 + first + n * per + i}\t{a.pk}\t{title}\t{kind}\t{ts}\t"
            f"{rev0 + first + n * per + i}"
            for n, a in enumerate(chunk) for i, (_q, title) in enumerate(titles))
        revisions.write_lines(
            f"{rev0 + first + n * per + i}\t{ev0 + first + n * per + i}\t1\t"
            f"{stored[i % len(stored)][0]}\tdokumen-{i}.pdf\t{stored[i % len(stored)][1]}\t"
            f"{stored[i % len(stored)][2]}\t{pdf}\t{ts}"
            for n in range(len(chunk)) for i in range(per))
        attachments.write_lines(
            f"{ev0 + first + n * per + i}\t{q_pk}\t{ts}"
            for n in range(len(chunk)) for i, (q_pk, _t) in enumerate(titles))


def _bulk(model: Any, rows: list[Any]) -> list[Any]:
    return model.objects.bulk_create(rows, batch_size=BATCH)


def _institution(
    *, name: str, code: str, n_units: int, docs_per_question: int, framework: Framework,
    questions: list[Question], files: list[tuple[str, str, int]], rng: random.Random,
    user_prefix: str, n_members: int, password_hash: str,
) -> tuple[Unit, list[Assessment], Any, list[tuple[str, int]]]:
    User = get_user_model()
    cycle = cycle_for_year(timezone.localdate().year)
    instansi = Unit.objects.create(name=name, code=code, slug=code.lower())
    units = _bulk(Unit, [
        Unit(name=f"Unit Kerja {code} {i:04d}", code=f"{code}-{i:04d}",
             slug=f"{code.lower()}-{i:04d}", parent=instansi)
        for i in range(1, n_units + 1)
    ])
    assessments = _bulk(Assessment, [
        Assessment(unit=u, cycle=cycle, framework=framework) for u in units
    ])
    with _phase("answers"):
        _answers(assessments, questions, rng)
    with _phase("documents"):
        _documents(assessments, questions, docs_per_question, files, timezone.now())

    leader = User.objects.create(username=f"{user_prefix}-pimpinan", password=password_hash)
    Membership.objects.create(user=leader, unit=instansi, role=Role.PIMPINAN_INSTANSI)
    members = []
    for i, a in enumerate(assessments[:n_members], start=1):
        u = User.objects.create(username=f"{user_prefix}-tim{i:03d}", password=password_hash)
        Membership.objects.create(user=u, unit=a.unit, role=Role.TIM_KERJA)
        members.append((u.username, a.pk))
    return instansi, assessments, leader, members


@contextmanager
def _phase(name: str) -> Iterator[None]:
    t0 = time.monotonic()
    yield
    PHASES[name] = PHASES.get(name, 0) + round(time.monotonic() - t0, 1)


def seed(*, n_units: int = 500, docs_per_question: int = 3, n_members: int = 100,
         seed_value: int = 90) -> Seeded:
    """Seed a fresh (empty, migrated) database in one transaction; PHASES holds the seconds of
    each phase (the commit checks the deferred foreign keys of every row written)."""
    PHASES.clear()
    with _phase("commit"), transaction.atomic():
        out = _seed(n_units=n_units, docs_per_question=docs_per_question, n_members=n_members,
                    seed_value=seed_value)
        done = time.monotonic()
    PHASES["commit"] = max(0.0, round(PHASES["commit"] - (done - _started), 1))
    with _phase("summaries"):
        out.summaries = _summaries()
    return out


def _summaries() -> str:
    """The stored score summaries, by the portal's own rebuild path (`manage.py scores_verify
    --rebuild`); before that command existed, by the selector that fills missing ones."""
    from django.core.management import call_command, get_commands

    if "scores_verify" in get_commands():
        call_command("scores_verify", "--rebuild", verbosity=0)
        return "manage.py scores_verify --rebuild"
    from scoring.selectors.scores import score_summaries_for

    score_summaries_for(Assessment.objects.select_related("unit", "framework"))
    return "scoring.selectors.scores.score_summaries_for"


def _seed(*, n_units: int, docs_per_question: int, n_members: int, seed_value: int) -> Seeded:
    global _started
    _started = time.monotonic()
    rng = random.Random(seed_value)
    framework_load(data=framework_read_fixture())
    framework = Framework.objects.get(code="permenpanrb-90-2021")
    questions = list(
        Question.objects.filter(framework=framework).order_by("position")
        .prefetch_related("options", "inputs")
    )
    files = []
    for i in range(6):
        body = _pdf(i)
        name = default_storage.save(f"evidence/bench/contoh-{i}.pdf", ContentFile(body))
        files.append((name, hashlib.sha256(body).hexdigest(), len(body)))
    password_hash = make_password(PASSWORD)

    with bulk_load(Answer, Evidence, EvidenceRevision, EvidenceAttachment):
        instansi, assessments, leader, members = _institution(
            name="Kementerian Uji Beban", code="KUB", n_units=n_units,
            docs_per_question=docs_per_question, framework=framework, questions=questions,
            files=files, rng=rng, user_prefix="bench", n_members=n_members,
            password_hash=password_hash,
        )
        small, small_assessments, small_leader, small_members = _institution(
            name="Badan Kecil", code="BK", n_units=5, docs_per_question=docs_per_question,
            framework=framework, questions=questions, files=files, rng=rng,
            user_prefix="kecil", n_members=1, password_hash=password_hash,
        )
        t0 = time.monotonic()
    PHASES["indexes_and_keys"] = round(time.monotonic() - t0, 1)
    # One more unit of the small institution with nothing in it: the "no data" reference.
    empty_unit = Unit.objects.create(name="Unit Kosong", code="BK-KOSONG", slug="bk-kosong",
                                     parent=small)
    empty = Assessment.objects.create(unit=empty_unit, cycle=small_assessments[0].cycle,
                                      framework=framework)
    User = get_user_model()
    empty_member = User.objects.create(username="kecil-kosong", password=password_hash)
    Membership.objects.create(user=empty_member, unit=empty_unit, role=Role.TIM_KERJA)
    return Seeded(
        framework=framework, instansi=instansi, small_instansi=small,
        assessments=assessments, small_assessments=small_assessments, empty=empty,
        leader=leader, small_leader=small_leader, members=members, small_members=small_members,
        counts={
            "units": Unit.objects.filter(parent__isnull=False).count(),
            "answers": Answer.objects.count(),
            "evidence": Evidence.objects.count(),
            "revisions": EvidenceRevision.objects.count(),
            "attachments": EvidenceAttachment.objects.count(),
            "stored_files": len(files),
        },
    )
