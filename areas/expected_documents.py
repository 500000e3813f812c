"""Expected supporting documents (data dukung) per LKE question, loaded from fixtures/.

The fixture only seeds the lists: admins curate them afterwards in the Django admin. A plain
load therefore adds the fixture documents a question is missing and leaves every row an admin
edited or added alone; ``replace=True`` is the explicit way to resync the lists to the fixture.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction

from areas.models import ExpectedDocument, Framework, Question

DEFAULT_FIXTURE = (
    Path(settings.BASE_DIR) / "fixtures" / "expected-documents-permenpanrb-90-2021.json"
)
SOURCES = ("seed-002", "question")
TEXT_MAX = ExpectedDocument._meta.get_field("text").max_length or 400


def _norm(text: str) -> str:
    # An admin fixing capitals or spacing has not written a different document.
    return " ".join(text.split()).casefold()


def expected_documents_validate(data: dict[str, Any]) -> dict[str, Question]:
    """Check the fixture against the loaded framework; return its questions by code.

    Raises ValueError listing every problem, unknown question codes by name.
    """
    fw_code = data.get("framework")
    framework = Framework.objects.filter(code=fw_code).first()
    if framework is None:
        raise ValueError(f"Kerangka LKE '{fw_code}' belum dimuat; jalankan load_framework dulu.")
    entries = data.get("questions")
    if not isinstance(entries, dict) or not entries:
        raise ValueError("Fixture dokumen tidak memuat daftar 'questions'.")
    questions = {q.code: q for q in Question.objects.filter(framework=framework)}
    unknown = sorted(code for code in entries if code not in questions)
    problems: list[str] = []
    if unknown:
        problems.append(
            f"kode pertanyaan tidak dikenal pada kerangka {framework.code}: {', '.join(unknown)}"
        )
    for code, docs in entries.items():
        if not isinstance(docs, list) or not docs:
            problems.append(f"{code}: daftar dokumen kosong atau bukan daftar")
            continue
        seen: set[str] = set()
        for n, doc in enumerate(docs, start=1):
            text = doc.get("text", "") if isinstance(doc, dict) else ""
            if not isinstance(text, str) or not text.strip():
                problems.append(f"{code} dokumen {n}: teks kosong")
                continue
            if len(text.strip()) > TEXT_MAX:
                problems.append(f"{code} dokumen {n}: teks lebih dari {TEXT_MAX} karakter")
            if doc.get("source") not in SOURCES:
                problems.append(f"{code} dokumen {n}: sumber harus salah satu dari {SOURCES}")
            if _norm(text) in seen:
                problems.append(f"{code} dokumen {n}: teks ganda")
            seen.add(_norm(text))
    if problems:
        raise ValueError("Fixture dokumen yang diharapkan tidak valid:\n- " + "\n- ".join(problems))
    return {code: questions[code] for code in entries}


@transaction.atomic
def expected_documents_load(*, data: dict[str, Any], replace: bool = False) -> int:
    """Validate, then add the missing fixture documents; return the number of rows written.

    Without ``replace`` only rows are created, so a second load writes 0. A fixture document
    counts as present when a row of its question has the same text, or when the row at its
    position (order) matches no fixture text: that is a fixture row an admin has reworded, and
    recreating the original would show the document twice. Admin rows are never deleted.
    With ``replace`` each listed question ends up with exactly the fixture's documents in the
    fixture's order (rows created, reordered or deleted; unlisted questions are untouched).
    """
    questions = expected_documents_validate(data)
    existing: dict[int, list[ExpectedDocument]] = {}
    for row in ExpectedDocument.objects.filter(question__in=questions.values()).order_by("pk"):
        existing.setdefault(row.question_id, []).append(row)
    to_create: list[ExpectedDocument] = []
    written = 0
    for code, docs in data["questions"].items():
        question = questions[code]
        rows = existing.get(question.pk, [])
        wanted = [(order, doc["text"].strip()) for order, doc in enumerate(docs, start=1)]
        by_text: dict[str, ExpectedDocument] = {}
        for row in rows:
            by_text.setdefault(_norm(row.text), row)
        matched = {by_text[_norm(t)].pk for _, t in wanted if _norm(t) in by_text}
        if replace:
            written += _resync(rows, wanted, by_text, matched, question, to_create)
            continue
        reworded_slots = {r.order for r in rows if r.pk not in matched}
        for order, text in wanted:
            if _norm(text) not in by_text and order not in reworded_slots:
                to_create.append(ExpectedDocument(question=question, text=text, order=order))
    ExpectedDocument.objects.bulk_create(to_create)
    return written + len(to_create)


def _resync(
    rows: list[ExpectedDocument],
    wanted: list[tuple[int, str]],
    by_text: dict[str, ExpectedDocument],
    matched: set[int],
    question: Question,
    to_create: list[ExpectedDocument],
) -> int:
    written = 0
    for row in rows:
        if row.pk not in matched:
            row.delete()
            written += 1
    for order, text in wanted:
        kept = by_text.get(_norm(text))
        if kept is None:
            to_create.append(ExpectedDocument(question=question, text=text, order=order))
            continue
        dirty = [f for f, v in (("text", text), ("order", order)) if getattr(kept, f) != v]
        if dirty:
            kept.text, kept.order = text, order
            kept.save(update_fields=dirty)
            written += 1
    return written


def expected_documents_read_fixture(path: Path | None = None) -> dict[str, Any]:
    """Read the expected-documents fixture (the default one unless ``path`` is given)."""
    data: dict[str, Any] = json.loads((path or DEFAULT_FIXTURE).read_text(encoding="utf-8"))
    return data
