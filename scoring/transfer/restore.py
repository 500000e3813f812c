"""Restore of one assessment from a backup zip made by scoring.transfer.backup.

Every member's hash is verified before anything is written; an assessment that already exists
(same unit code, cycle year and framework) is never overwritten.
"""

from __future__ import annotations

import datetime
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
from django.db import models, transaction
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from areas.models import Framework, Question
from evidence.models import Evidence, EvidenceRevision
from scoring.models import AssessmentEvent
from scoring.predicates.models import Kind, Predicate
from scoring.summaries import summary_refresh
from scoring.transfer.backup import (
    ALL_MODELS,
    CHILD_MODELS,
    FORMAT,
    FORMAT_VERSION,
    BackupError,
    _chunks,
    _label,
    _sha256_stream,
)
from zi_portal.models import Assessment, Cycle, Unit


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
                _(
                    "Berkas %(name)s rusak: sha256 tidak cocok dengan manifest. Tidak ada yang "
                    "diimpor."
                )
                % {"name": arc}
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
        predicate="WBK" if data.get("holds_wbk") else "",
    )
    unit.full_clean()
    unit.save()
    if unit.holds_wbk:  # the history behind the copy: a predicate known only from the backup
        Predicate.objects.create(unit=unit, kind=Kind.WBK, before_portal=True)
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
            _(
                "Penilaian unit %(unit)s siklus %(year)s sudah ada di instalasi ini (#%(pk)s); "
                "impor kedua ditolak agar tidak ada data yang tertimpa."
            )
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
            for f in (
                "answered_by",
                "created_by",
                "author",
                "uploaded_by",
                "attached_by",
                "actor",
                "deleted_by",
                "resolved_by",
                "replied_by",
                "requested_by",
                "signed_off_by",
            ):
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
        Assessment,
        a_row,
        assessment=None,  # type: ignore[arg-type]
        users=users,
        questions=questions,
        id_maps=id_maps,
    )
    if not isinstance(assessment, Assessment):  # pragma: no cover - _deserialise builds model()
        raise TypeError(assessment)
    assessment.unit, assessment.cycle, assessment.framework = unit, cycle, framework
    assessment.save()

    storage_names: dict[str, str] = manifest.get("storage_names", {})
    result = ImportResult(
        assessment=assessment, created_unit=created_unit, created_cycle=created_cycle
    )
    pending_current: list[tuple[Evidence, int]] = []
    for model in CHILD_MODELS:
        label = _label(model)
        for r in rows.get(label, []):
            obj = _deserialise(
                model,
                r,
                assessment=assessment,
                users=users,
                questions=questions,
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
        new_pk = assessment.pk if model is Assessment else id_maps[model].get(int(h["object_pk"]))
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
    summary_refresh(assessment=assessment)
    return result
