"""The TPN submission pack: one zip with the LKE workbook, the report, the evidence and a manifest.

Evidence files are named by LKE code (A.I.1.i.a-SK-Tim-Kerja.pdf). A document attached to several
questions is stored once per question, so each code's folder is complete on its own; the manifest
marks the copies with the same evidence id and sha256. Files are streamed from storage into the
zip in chunks (evidence may be 50 MB each) and hashed on the way, so manifest.json lists the
sha256 of exactly the bytes in the zip, next to the sha256 recorded at upload.
"""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import IO, Any

from django.utils import timezone

from evidence.models import Evidence, EvidenceAttachment
from evidence.validity import is_expired, today_jakarta
from zi_portal.models import Assessment

__all__ = ["PackFile", "evidence_filename", "write_pack"]

CHUNK = 1024 * 1024
EVIDENCE_DIR = "bukti"
# Documents past their end date (evidence/validity.py): kept apart and marked in the manifest, so
# the TPN sees them for what they are and bukti/ holds only documents that still count.
EXPIRED_DIR = "bukti-kedaluwarsa"
EXTENSIONS = {
    "application/pdf": ".pdf",
    "image/png": ".png",
    "image/jpeg": ".jpg",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": ".docx",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": ".xlsx",
    "application/vnd.openxmlformats-officedocument.presentationml.presentation": ".pptx",
}


@dataclass(frozen=True)
class PackFile:
    """A generated file of the pack (workbook, report) given as bytes."""

    name: str
    data: bytes
    kind: str


def _slug(text: str, limit: int = 60) -> str:
    # Keep the case (SK-Tim-Kerja reads better than sk-tim-kerja) but only portable characters.
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    words = re.findall(r"[A-Za-z0-9]+", ascii_text)
    return "-".join(words)[:limit].strip("-") or "dokumen"


def evidence_filename(code: str, title: str, original_name: str, content_type: str) -> str:
    """A-code-Title-Words.ext, the extension taken from the uploaded name or its content type."""
    ext = PurePosixPath(original_name).suffix.lower()
    if not re.fullmatch(r"\.[a-z0-9]{1,5}", ext):
        ext = EXTENSIONS.get(content_type, ".bin")
    return f"{code}-{_slug(title)}{ext}"


def _unique(name: str, taken: set[str]) -> str:
    stem, dot, ext = name.rpartition(".")
    candidate, n = name, 2
    while candidate in taken:
        candidate = f"{stem}-{n}{dot}{ext}"
        n += 1
    taken.add(candidate)
    return candidate


def write_pack(
    *,
    assessment: Assessment,
    files: list[PackFile],
    target: IO[bytes],
    progress: Callable[[int], None] | None = None,
) -> dict[str, Any]:
    """Write the zip to `target`; return the manifest (also stored in the zip as manifest.json)."""
    manifest: dict[str, Any] = {
        "unit": assessment.unit.name,
        "unit_code": assessment.unit.code,
        "year": assessment.cycle.year,
        "framework": assessment.framework.code,
        "status": assessment.status,
        "generated_at": timezone.localtime().isoformat(),
        "note": (
            "sha256 setiap berkas dalam zip ini; manifest.json sendiri tidak tercantum. "
            "Dokumen yang melampiri beberapa pertanyaan disimpan di bawah setiap kode "
            "(evidence_id dan sha256 yang sama)."
        ),
        "files": [],
        "links": [],
    }
    taken: set[str] = set()
    attachments = list(
        EvidenceAttachment.objects.filter(
            evidence__assessment=assessment, evidence__deleted_at__isnull=True
        )
        .select_related("question", "evidence", "evidence__current_revision")
        .order_by("question__position", "evidence__created_at", "evidence__pk")
    )
    codes_by_evidence: dict[int, list[str]] = {}
    for att in attachments:
        codes_by_evidence.setdefault(att.evidence_id, []).append(att.question.code)
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for f in files:
            name = _unique(f.name, taken)
            zf.writestr(name, f.data)
            manifest["files"].append(
                {
                    "path": name,
                    "kind": f.kind,
                    "size": len(f.data),
                    "sha256": hashlib.sha256(f.data).hexdigest(),
                }
            )
        today = today_jakarta()
        for i, att in enumerate(attachments, start=1):
            ev: Evidence = att.evidence
            code = att.question.code
            expired = is_expired(ev, today)
            validity = {
                "effective_until": ev.effective_until.isoformat() if ev.effective_until else None,
                "expired": expired,
            }
            if ev.kind == Evidence.Kind.LINK:
                manifest["links"].append(
                    {
                        "question": code,
                        "evidence_id": ev.pk,
                        "title": ev.title,
                        "url": ev.url,
                        **validity,
                    }
                )
                continue
            rev = ev.current_revision
            if rev is None or not rev.file:
                continue
            name = _unique(
                f"{EXPIRED_DIR if expired else EVIDENCE_DIR}/"
                + evidence_filename(code, ev.title, rev.original_name, rev.content_type),
                taken,
            )
            digest = hashlib.sha256()
            size = 0
            with rev.file.open("rb") as src, zf.open(name, "w", force_zip64=True) as dst:
                while chunk := src.read(CHUNK):
                    digest.update(chunk)
                    dst.write(chunk)
                    size += len(chunk)
            sha = digest.hexdigest()
            manifest["files"].append(
                {
                    "path": name,
                    "kind": "evidence",
                    "question": code,
                    "also_attached_to": [c for c in codes_by_evidence[ev.pk] if c != code],
                    "evidence_id": ev.pk,
                    "title": ev.title,
                    "revision": rev.number,
                    "original_name": rev.original_name,
                    "size": size,
                    "sha256": sha,
                    "sha256_recorded": rev.sha256,
                    "sha256_matches_upload": (not rev.sha256) or rev.sha256 == sha,
                    **validity,
                }
            )
            if progress:
                progress(i * 100 // max(1, len(attachments)))
        zf.writestr("manifest.json", json.dumps(manifest, ensure_ascii=False, indent=2))
    return manifest
