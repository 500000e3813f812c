"""Synthetic institution for `make bench`: many units, complete assessments, documents per question.

Rows are written with bulk_create (a realistic volume in about a minute). Documents share a handful
of stored files by sha256, as real uploads of the same template letter would; every Evidence has
its revision 1 and its attachment, exactly as evidence.services would leave them.
"""

from __future__ import annotations

import hashlib
import random
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection, transaction
from django.utils import timezone

from areas.models import Framework, Question
from areas.services import framework_load, framework_read_fixture
from evidence.models import Evidence, EvidenceAttachment, EvidenceRevision
from scoring.demo.seed import cycle_for_year
from scoring.models import Answer, Side
from zi_portal.models import Assessment, Membership, Role, Unit

PASSWORD = "bench-zi-2026"  # noqa: S105 - synthetic accounts of a throwaway bench database
BATCH = 5000


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
    counts: dict[str, int] = field(default_factory=dict)


def _pdf(i: int) -> bytes:
    body = f"Dokumen contoh nomor {i} untuk uji beban ZI Portal".encode()
    return b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n" + body + b"\n%%EOF\n"


def _answers(assessment_id: int, questions: list[Question], rng: random.Random) -> list[Answer]:
    now = timezone.now()
    out = []
    for q in questions:
        a = Answer(assessment_id=assessment_id, question_id=q.pk, side=Side.UNIT, answered_at=now)
        if q.answer_type == Question.AnswerType.PERSEN:
            keys = [i.key for i in q.inputs.all()]
            a.counts = {k: rng.randint(1, 20) for k in keys}
        elif q.answer_type == Question.AnswerType.NILAI_0_4:
            a.index_value = Decimal(rng.randint(250, 400)) / 100
        else:
            labels = [o.label for o in q.options.all()]
            # Mostly the best answer, as a unit close to its predicate would have.
            a.choice = labels[0] if rng.random() < 0.7 else rng.choice(labels)
        out.append(a)
    return out


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
    answers: list[Answer] = []
    for a in assessments:
        answers.extend(_answers(a.pk, questions, rng))
        if len(answers) >= BATCH:
            _bulk(Answer, answers)
            answers = []
    _bulk(Answer, answers)

    now = timezone.now()
    for a in assessments:
        evs = _bulk(Evidence, [
            Evidence(assessment=a, title=f"Dokumen {q.code} #{k + 1}", kind=Evidence.Kind.FILE,
                     created_at=now)
            for q in questions for k in range(docs_per_question)
        ])
        revs = []
        atts = []
        for idx, ev in enumerate(evs):
            name, sha, size = files[idx % len(files)]
            revs.append(EvidenceRevision(
                evidence=ev, number=1, file=name, original_name=f"dokumen-{idx}.pdf", size=size,
                sha256=sha, content_type="application/pdf", uploaded_at=now))
            question = questions[idx // docs_per_question]
            atts.append(EvidenceAttachment(evidence=ev, question=question, attached_at=now))
        _bulk(EvidenceRevision, revs)
        _bulk(EvidenceAttachment, atts)
    with connection.cursor() as cur:
        cur.execute(
            f"UPDATE {Evidence._meta.db_table} e SET current_revision_id = r.id "  # noqa: S608
            f"FROM {EvidenceRevision._meta.db_table} r "
            "WHERE r.evidence_id = e.id AND e.current_revision_id IS NULL"
        )

    leader = User.objects.create(username=f"{user_prefix}-pimpinan", password=password_hash)
    Membership.objects.create(user=leader, unit=instansi, role=Role.PIMPINAN_INSTANSI)
    members = []
    for i, a in enumerate(assessments[:n_members], start=1):
        u = User.objects.create(username=f"{user_prefix}-tim{i:03d}", password=password_hash)
        Membership.objects.create(user=u, unit=a.unit, role=Role.TIM_KERJA)
        members.append((u.username, a.pk))
    return instansi, assessments, leader, members


@transaction.atomic
def seed(*, n_units: int = 500, docs_per_question: int = 3, n_members: int = 50,
         seed_value: int = 90) -> Seeded:
    """Seed a fresh (empty, migrated) database."""
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

    instansi, assessments, leader, members = _institution(
        name="Kementerian Uji Beban", code="KUB", n_units=n_units,
        docs_per_question=docs_per_question, framework=framework, questions=questions,
        files=files, rng=rng, user_prefix="bench", n_members=n_members,
        password_hash=password_hash,
    )
    small, small_assessments, small_leader, _m = _institution(
        name="Badan Kecil", code="BK", n_units=5, docs_per_question=docs_per_question,
        framework=framework, questions=questions, files=files, rng=rng, user_prefix="kecil",
        n_members=1, password_hash=password_hash,
    )
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
        leader=leader, small_leader=small_leader, members=members,
        counts={
            "units": Unit.objects.filter(parent__isnull=False).count(),
            "answers": Answer.objects.count(),
            "evidence": Evidence.objects.count(),
            "revisions": EvidenceRevision.objects.count(),
            "attachments": EvidenceAttachment.objects.count(),
            "stored_files": len(files),
        },
    )
