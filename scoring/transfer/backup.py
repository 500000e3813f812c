"""Backup of one assessment as a self-checking zip, for moving it between installations.

The archive holds ``manifest.json`` (what was exported, and the sha256 and size of every other
member), ``data.json`` (the rows: both sides' answers, comments, review flags, snapshots, workflow
events, evidence with revisions and attachments, and the auditlog history of those objects) and
``files/<sha256>`` (each evidence file once, however many revisions share it).

Rows are serialised field by field from the models' own metadata, so a field added later travels
without touching this module; foreign keys travel as natural keys (user -> username, question ->
official LKE code, unit -> code) because database ids mean nothing in another installation.
Import verifies every member's hash before anything is written and refuses to import over an
assessment that already exists (same unit code, cycle year and framework).
"""

from __future__ import annotations

import hashlib
import json
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from auditlog.models import LogEntry
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.files.storage import default_storage
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext as _

from areas.models import Framework, Question
from evidence.models import Comment, Evidence, EvidenceAttachment, EvidenceRevision, ReviewFlag
from scoring.models import Answer, AssessmentEvent, Snapshot
from zi_portal.models import Assessment, Cycle, Unit

FORMAT = "zi-portal-assessment"
FORMAT_VERSION = 1
CHUNK = 1024 * 1024

# Child tables of an assessment, in an order that lets import resolve every reference.
CHILD_MODELS: tuple[type[models.Model], ...] = (
    Answer,
    Comment,
    ReviewFlag,
    Snapshot,
    AssessmentEvent,
    Evidence,
    EvidenceRevision,
    EvidenceAttachment,
)
ALL_MODELS: tuple[type[models.Model], ...] = (Assessment, *CHILD_MODELS)


class BackupError(Exception):
    """An archive that cannot be imported; the message is for the operator, in Indonesian."""


def _label(model: type[models.Model]) -> str:
    return model._meta.label_lower


# --- serialisation -------------------------------------------------------------------------------


def _serialise(obj: models.Model) -> dict[str, Any]:
    """One row as plain JSON-able data with natural keys for its references."""
    user_model = get_user_model()
    out: dict[str, Any] = {"id": obj.pk}
    for f in obj._meta.concrete_fields:
        if f.primary_key:
            continue
        if isinstance(f, models.ForeignKey):
            target = f.related_model
            raw = getattr(obj, f.attname)
            if target is Assessment:
                continue  # always the exported assessment
            if raw is None:
                out[f.name] = None
            elif target is user_model:
                out[f.name] = getattr(obj, f.name).get_username()
            elif target is Question or target is Unit:
                out[f.name] = getattr(obj, f.name).code
            elif target is Cycle:
                out[f.name] = getattr(obj, f.name).year
            elif target is Framework:
                out[f.name] = getattr(obj, f.name).code
            elif target in (Evidence, EvidenceRevision):
                out[f.name] = raw  # an id inside this archive, mapped on import
            elif target is Answer:
                out[f.name] = None  # carried_from: the previous cycle's answer is not archived
            else:
                raise BackupError(
                    _("Kolom %(field)s merujuk ke %(target)s yang tidak dapat dicadangkan.")
                    % {"field": f"{_label(type(obj))}.{f.name}", "target": target}
                )
        elif isinstance(f, models.FileField):
            out[f.name] = getattr(obj, f.attname).name or ""
        else:
            out[f.name] = f.value_from_object(obj)
    return out


def _assessment_header(a: Assessment) -> dict[str, Any]:
    unit = a.unit
    parent = unit.parent
    c = a.cycle

    def unit_data(u: Unit) -> dict[str, Any]:
        return {"code": u.code, "name": u.name, "slug": u.slug, "holds_wbk": u.holds_wbk}

    return {
        "id": a.pk,
        "framework": a.framework.code,
        "unit": unit_data(unit),
        "parent": unit_data(parent) if parent else None,
        "cycle": {
            "year": c.year,
            "name": c.name,
            "self_assessment_start": c.self_assessment_start,
            "self_assessment_end": c.self_assessment_end,
            "review_start": c.review_start,
            "review_end": c.review_end,
            "submission_deadline": c.submission_deadline,
        },
        "row": _serialise(a),
    }


def _history(rows: dict[str, list[dict[str, Any]]], assessment: Assessment) -> list[dict[str, Any]]:
    """The auditlog entries of the assessment and of every exported row."""
    wanted: dict[int, tuple[str, set[str]]] = {}
    for model in ALL_MODELS:
        ct = ContentType.objects.get_for_model(model)
        ids = (
            {str(assessment.pk)}
            if model is Assessment
            else {str(r["id"]) for r in rows[_label(model)]}
        )
        if ids:
            wanted[ct.pk] = (_label(model), ids)
    out: list[dict[str, Any]] = []
    q = models.Q()
    for ct_id, (_lbl, ids) in wanted.items():
        q |= models.Q(content_type_id=ct_id, object_pk__in=ids)
    if not wanted:
        return out
    for e in LogEntry.objects.filter(q).select_related("actor").order_by("timestamp", "pk"):
        out.append(
            {
                "model": wanted[e.content_type_id][0],
                "object_pk": e.object_pk,
                "object_repr": e.object_repr,
                "serialized_data": e.serialized_data,
                "action": e.action,
                "changes_text": e.changes_text,
                "changes": e.changes,
                "actor": e.actor.get_username() if e.actor else None,
                "actor_email": e.actor_email,
                "cid": e.cid,
                "remote_addr": e.remote_addr,
                "timestamp": e.timestamp,
                "additional_data": e.additional_data,
            }
        )
    return out


def _chunks(fh: IO[bytes]) -> Iterator[bytes]:
    while chunk := fh.read(CHUNK):
        yield chunk


def _sha256_stream(chunks: Iterator[bytes]) -> tuple[str, int]:
    h = hashlib.sha256()
    size = 0
    for chunk in chunks:
        h.update(chunk)
        size += len(chunk)
    return h.hexdigest(), size


def export_assessment(*, assessment: Assessment, output: Path | IO[bytes]) -> dict[str, Any]:
    """Write ``assessment`` to a zip at ``output``; returns the manifest that was written.

    Files are streamed from storage into the archive (never read whole into memory).
    """
    rows: dict[str, list[dict[str, Any]]] = {}
    filters: dict[type[models.Model], dict[str, Any]] = {
        EvidenceRevision: {"evidence__assessment": assessment},
        EvidenceAttachment: {"evidence__assessment": assessment},
    }
    for model in CHILD_MODELS:
        qs = model._default_manager.filter(**filters.get(model, {"assessment": assessment}))
        rows[_label(model)] = [_serialise(o) for o in qs.order_by("pk")]
    data = {
        "assessment": _assessment_header(assessment),
        "rows": rows,
        "history": _history(rows, assessment),
    }
    data_bytes = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=1).encode()

    files: dict[str, dict[str, Any]] = {}
    with zipfile.ZipFile(output, "w", compression=zipfile.ZIP_DEFLATED, allowZip64=True) as zf:
        zf.writestr("data.json", data_bytes)
        files["data.json"] = {
            "sha256": hashlib.sha256(data_bytes).hexdigest(),
            "size": len(data_bytes),
        }
        stored: dict[str, str] = {}  # storage name -> arcname, so shared files are copied once
        for rev in rows[_label(EvidenceRevision)]:
            name = rev["file"]
            if not name or name in stored:
                continue
            arc = f"files/{rev['sha256'] or name.replace('/', '_')}"
            if arc in files:
                stored[name] = arc
                continue
            h = hashlib.sha256()
            size = 0
            src = default_storage.open(name, "rb")
            with src, zf.open(arc, "w", force_zip64=True) as dst:
                while chunk := src.read(CHUNK):
                    h.update(chunk)
                    size += len(chunk)
                    dst.write(chunk)
            files[arc] = {"sha256": h.hexdigest(), "size": size}
            stored[name] = arc
        manifest = {
            "format": FORMAT,
            "format_version": FORMAT_VERSION,
            "exported_at": timezone.now(),
            "assessment": {
                "id": assessment.pk,
                "unit": assessment.unit.code,
                "cycle": assessment.cycle.year,
                "framework": assessment.framework.code,
            },
            "storage_names": stored,
            "files": files,
        }
        zf.writestr(
            "manifest.json",
            json.dumps(manifest, cls=DjangoJSONEncoder, ensure_ascii=False, indent=1),
        )
    return json.loads(json.dumps(manifest, cls=DjangoJSONEncoder))
