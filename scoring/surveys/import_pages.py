"""The import page of a period: upload (CSV or Excel), mapping and preview, then apply.

The file's rows travel between the steps signed (django.core.signing), so the applied rows are
exactly the previewed ones; nothing is stored until the last step (imports.py: all or nothing).
"""

from __future__ import annotations

import csv
import io
import zipfile
from typing import Any

from django import forms
from django.core import signing
from django.http import HttpRequest
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from scoring.surveys.imports import PROFILE_FIELDS, ImportPlan, plan_import, read_csv
from scoring.surveys.instrument import instrument
from scoring.surveys.models import SurveyPeriod

SALT = "scoring.surveys.import"
MAX_BYTES = 5 * 1024 * 1024


class UploadForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("Berkas CSV atau Excel (.xlsx)"))


def read_table(data: bytes, name: str) -> tuple[list[str], list[list[str]]]:
    """Header and rows of a CSV or the first sheet of an .xlsx workbook, as text."""
    if name.lower().endswith(".xlsx"):
        from openpyxl import load_workbook

        sheet = load_workbook(io.BytesIO(data), read_only=True, data_only=True).worksheets[0]
        table = [
            ["" if v is None else str(v).strip() for v in row]
            for row in sheet.iter_rows(values_only=True)
        ]
        return (table[0], table[1:]) if table else ([], [])
    return read_csv(data)


def guess_mapping(period: SurveyPeriod, header: list[str]) -> dict[str, int]:
    """Items in order onto the last columns (Google Forms puts answers after the timestamp)."""
    keys = instrument(period.instrument_version).all_item_keys
    start = max(len(header) - len(keys), 0)
    return {k: start + i for i, k in enumerate(keys) if start + i < len(header)}


def _mapping_from(request: HttpRequest, width: int) -> dict[str, int]:
    out = {}
    for key in request.POST:
        raw = request.POST.get(key, "")
        if key.startswith("map_") and raw.isdigit() and int(raw) < width:
            out[key[4:]] = int(raw)
    return out


def import_context(
    request: HttpRequest, period: SurveyPeriod
) -> tuple[dict[str, Any], ImportPlan | None]:
    """The page's context for this step, and the plan when one was made."""
    ctx: dict[str, Any] = {"period": period, "unit": period.unit, "form": UploadForm()}
    if request.method != "POST":
        return ctx, None
    if "payload" in request.POST:
        try:
            data = signing.loads(request.POST["payload"], salt=SALT, max_age=3600)
        except signing.BadSignature:
            ctx["error"] = _("Data pratinjau tidak sah atau kedaluwarsa; unggah ulang berkasnya.")
            return ctx, None
        header, rows = data["header"], data["rows"]
        mapping = _mapping_from(request, len(header))
    else:
        form = UploadForm(request.POST, request.FILES)
        upload = request.FILES.get("file")
        if not form.is_valid() or upload is None or (upload.size or 0) > MAX_BYTES:
            ctx["error"] = _("Pilih berkas CSV atau .xlsx (paling besar 5 MB).")
            return ctx, None
        try:
            header, rows = read_table(upload.read(), upload.name or "")
        except (ValueError, csv.Error, zipfile.BadZipFile, OSError, KeyError, IndexError):
            ctx["error"] = _("Berkas tidak dapat dibaca sebagai CSV (UTF-8) atau .xlsx.")
            return ctx, None
        mapping = guess_mapping(period, header)
    plan = plan_import(period=period, rows=rows, mapping=mapping)
    inst = instrument(period.instrument_version)
    fields = [(i.key, i.label) for s in inst.surveys for i in s.items] + [
        (f, inst.profile_label(f)) for f in PROFILE_FIELDS
    ]
    ctx.update(
        payload=signing.dumps({"header": header, "rows": rows}, salt=SALT, compress=True),
        header=list(enumerate(header)),
        fields=[(key, label, mapping.get(key)) for key, label in fields],
        plan=plan,
        sample=rows[:5],
    )
    return ctx, plan
