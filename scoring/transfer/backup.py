"""Backup and restore of one assessment as a self-checking zip, for moving it between installations.

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

import datetime
import hashlib
import json
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from auditlog.context import disable_auditlog
from auditlog.models import LogEntry
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.files import File
from django.core.files.storage import default_storage
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, transaction
from django.utils import timezone
from django.utils.dateparse import parse_datetime
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


# --- import --------------------------------------------------------------------------------------


@dataclass
class ImportResult:
    assessment: Assessment
    created_unit: bool = False
    created_cycle: bool = False
    counts: dict[str, int] = field(default_factory=dict)
    files: int = 0


def _read_verified(zf: zipfile.ZipFile) -> tuple[dict[str, Any], dict[str, Any]]:
    """Manifest and data, after checking every member against the manifest's sha256 and size."""
    try:
        manifest = json.loads(zf.read("manifest.json"))
    except (KeyError, ValueError) as exc:
        raise BackupError(_("Arsip tidak berisi manifest.json yang sah.")) from exc
    if manifest.get("format") != FORMAT or manifest.get("format_version") != FORMAT_VERSION:
        raise BackupError(_("Format arsip tidak dikenal; hanya ekspor ZI Portal versi 1."))
    files: dict[str, dict[str, Any]] = manifest.get("files", {})
    members = {i.filename for i in zf.infolist() if not i.is_dir()} - {"manifest.json"}
    if members != set(files):
        extra = sorted(members - set(files))
        missing = sorted(set(files) - members)
        raise BackupError(
            _("Isi arsip tidak sesuai manifest (tidak tercatat: %(extra)s; hilang: %(missing)s).")
            % {"extra": ", ".join(extra) or "-", "missing": ", ".join(missing) or "-"}
        )
    for arc, meta in files.items():
        with zf.open(arc) as fh:
            digest, size = _sha256_stream(_chunks(fh))
        if digest != meta.get("sha256") or size != meta.get("size"):
            raise BackupError(
                _("Berkas %(name)s rusak: sha256 tidak cocok dengan manifest. Tidak ada yang "
                  "diimpor.") % {"name": arc}
            )
    data = json.loads(zf.read("data.json"))
    return manifest, data


def _unit_for(data: dict[str, Any] | None, parent: Unit | None) -> tuple[Unit | None, bool]:
    if data is None:
        return None, False
    unit = Unit.objects.filter(code=data["code"]).first()
    if unit is not None:
        return unit, False
    slug = data["slug"]
    n = 2
    while Unit.objects.filter(slug=slug).exists():
        slug = f"{data['slug'][:70]}-{n}"
        n += 1
    unit = Unit(
        code=data["code"],
        name=data["name"],
        slug=slug,
        parent=parent,
        holds_wbk=data.get("holds_wbk", False),
    )
    unit.full_clean()
    unit.save()
    return unit, True


def _deserialise(
    model: type[models.Model],
    row: dict[str, Any],
    *,
    assessment: Assessment,
    users: dict[str, Any],
    questions: dict[str, Question],
    id_maps: dict[type[models.Model], dict[int, int]],
) -> models.Model:
    obj = model()
    for f in model._meta.concrete_fields:
        if f.primary_key:
            continue
        if isinstance(f, models.ForeignKey):
            target = f.related_model
            if target is Assessment:
                setattr(obj, f.attname, assessment.pk)
                continue
            value = row.get(f.name)
            if value is None:
                setattr(obj, f.attname, None)
            elif target is get_user_model():
                user = users.get(value)
                setattr(obj, f.attname, user.pk if user else None)
            elif target is Question:
                setattr(obj, f.attname, questions[value].pk)
            elif target is Unit:
                setattr(obj, f.attname, Unit.objects.get(code=value).pk)
            elif target is Cycle:
                setattr(obj, f.attname, Cycle.objects.get(year=value).pk)
            elif target is Framework:
                setattr(obj, f.attname, Framework.objects.get(code=value).pk)
            elif target is Evidence or target is EvidenceRevision:
                # current_revision points forward; it is set once the revisions exist.
                setattr(obj, f.attname, id_maps[target].get(value))  # type: ignore[index]
        elif isinstance(f, models.FileField):
            continue  # attached by the caller once the file is in storage
        elif f.name in row:
            setattr(obj, f.attname, f.to_python(row[f.name]))
    return obj


@contextmanager
def _cleanup_on_error(saved: list[str]) -> Iterator[None]:
    """Files written during a failed import are removed, so nothing is left half-imported."""
    try:
        yield
    except BaseException:
        for name in saved:
            default_storage.delete(name)
        raise


def import_assessment(*, source: Path | IO[bytes], actor: Any = None) -> ImportResult:
    """Recreate an exported assessment here; raises BackupError without writing on any problem."""
    try:
        zf = zipfile.ZipFile(source)
    except (zipfile.BadZipFile, OSError) as exc:
        raise BackupError(_("Berkas bukan arsip zip yang sah.")) from exc
    with zf:
        manifest, data = _read_verified(zf)
        saved: list[str] = []
        with _cleanup_on_error(saved), transaction.atomic(), disable_auditlog():
            return _import_rows(zf, manifest, data, saved, actor)


def _import_rows(
    zf: zipfile.ZipFile,
    manifest: dict[str, Any],
    data: dict[str, Any],
    saved: list[str],
    actor: Any,
) -> ImportResult:
    head = data["assessment"]
    framework = Framework.objects.filter(code=head["framework"]).first()
    if framework is None:
        raise BackupError(
            _("Kerangka %(code)s belum dimuat di instalasi ini.") % {"code": head["framework"]}
        )
    rows: dict[str, list[dict[str, Any]]] = data["rows"]
    codes = {
        r["question"]
        for lbl, rs in rows.items()
        for r in rs
        if "question" in r and r["question"] is not None
    }
    questions = {q.code: q for q in Question.objects.filter(framework=framework, code__in=codes)}
    unknown = sorted(codes - set(questions))
    if unknown:
        raise BackupError(
            _("Kode pertanyaan tidak dikenal di kerangka ini: %(codes)s.")
            % {"codes": ", ".join(unknown)}
        )

    existing = Assessment.objects.filter(
        unit__code=head["unit"]["code"], cycle__year=head["cycle"]["year"], framework=framework
    ).first()
    if existing is not None:
        raise BackupError(
            _("Penilaian unit %(unit)s siklus %(year)s sudah ada di instalasi ini (#%(pk)s); "
              "impor kedua ditolak agar tidak ada data yang tertimpa.")
            % {"unit": head["unit"]["code"], "year": head["cycle"]["year"], "pk": existing.pk}
        )

    parent, _created_parent = _unit_for(head.get("parent"), None)
    unit, created_unit = _unit_for(head["unit"], parent)
    if unit is None:
        raise BackupError(_("Arsip tidak menyebut unit penilaian."))
    cyc = head["cycle"]
    cycle, created_cycle = Cycle.objects.get_or_create(
        year=cyc["year"],
        defaults={
            k: (datetime.date.fromisoformat(v) if k != "name" else v)
            for k, v in cyc.items()
            if k != "year"
        },
    )

    usernames: set[str] = set()
    for rs in [*rows.values(), [head["row"]]]:
        for r in rs:
            for f in ("answered_by", "created_by", "author", "uploaded_by", "attached_by",
                      "actor", "deleted_by", "resolved_by", "requested_by", "signed_off_by"):
                if isinstance(r.get(f), str):
                    usernames.add(r[f])
    usernames |= {h["actor"] for h in data.get("history", []) if h.get("actor")}
    users = {
        u.get_username(): u
        for u in get_user_model()._default_manager.filter(username__in=usernames)
    }
    id_maps: dict[type[models.Model], dict[int, int]] = {m: {} for m in CHILD_MODELS}

    a_row = {k: v for k, v in head["row"].items() if k not in ("unit", "cycle", "framework")}
    assessment = _deserialise(
        Assessment, a_row, assessment=None, users=users, questions=questions,  # type: ignore[arg-type]
        id_maps=id_maps,
    )
    if not isinstance(assessment, Assessment):  # pragma: no cover - _deserialise builds model()
        raise TypeError(assessment)
    assessment.unit, assessment.cycle, assessment.framework = unit, cycle, framework
    assessment.save()

    storage_names: dict[str, str] = manifest.get("storage_names", {})
    result = ImportResult(assessment=assessment, created_unit=created_unit,
                          created_cycle=created_cycle)
    pending_current: list[tuple[Evidence, int]] = []
    for model in CHILD_MODELS:
        label = _label(model)
        for r in rows.get(label, []):
            obj = _deserialise(
                model, r, assessment=assessment, users=users, questions=questions,
                id_maps=id_maps,
            )
            if isinstance(obj, Evidence):
                obj.current_revision_id = None
                if r.get("current_revision"):
                    pending_current.append((obj, r["current_revision"]))
            if isinstance(obj, EvidenceRevision) and r.get("file"):
                arc = storage_names[r["file"]]
                info = zf.getinfo(arc)
                with zf.open(arc) as fh:
                    content = File(fh, name=Path(r["file"]).name)
                    content.size = info.file_size  # spare File from seeking a zip stream
                    obj.file.save(Path(r["file"]).name, content, save=False)
                saved.append(obj.file.name)
                result.files += 1
            obj.save(force_insert=True)
            id_maps[model][r["id"]] = obj.pk
        result.counts[label] = len(rows.get(label, []))
    for ev, old_rev in pending_current:
        ev.current_revision_id = id_maps[EvidenceRevision][old_rev]
        ev.save(update_fields=["current_revision"])

    model_by_label = {_label(m): m for m in ALL_MODELS}
    entries = []
    for h in data.get("history", []):
        model = model_by_label[h["model"]]
        new_pk = (
            assessment.pk if model is Assessment else id_maps[model].get(int(h["object_pk"]))
        )
        if new_pk is None:
            continue
        actor_user = users.get(h["actor"]) if h.get("actor") else None
        entries.append(
            LogEntry(
                content_type=ContentType.objects.get_for_model(model),
                object_pk=str(new_pk),
                object_id=new_pk,
                object_repr=h["object_repr"],
                serialized_data=h.get("serialized_data"),
                action=h["action"],
                changes_text=h.get("changes_text") or "",
                changes=h.get("changes"),
                actor=actor_user,
                actor_email=h.get("actor_email"),
                cid=h.get("cid"),
                remote_addr=h.get("remote_addr"),
                timestamp=parse_datetime(h["timestamp"]),
                additional_data=h.get("additional_data"),
            )
        )
    LogEntry.objects.bulk_create(entries)
    result.counts["auditlog.logentry"] = len(entries)
    AssessmentEvent.objects.create(
        assessment=assessment,
        actor=actor,
        action="imported",
        from_status="",
        to_status=assessment.status,
        note=_("Dipulihkan dari arsip ekspor penilaian #%(pk)s (%(at)s).")
        % {"pk": manifest["assessment"]["id"], "at": manifest.get("exported_at", "")},
    )
    return result
