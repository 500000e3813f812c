"""A quarter's monev report as files for the report jobs: a PDF and an Excel workbook.

Rendered by scoring/reports/services.py (kinds MONEV_PDF and MONEV_XLSX, the report's id in the
job's params) from the report's stored snapshot (MonevReport.data, see
scoring/plans/monev/selectors.py: monev_content), in the language of the page the report was
asked from; build the context inside that language (numbers and labels are formatted here).
"""

from __future__ import annotations

import datetime
import io
from typing import Any

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from scoring.plans.models import Status
from scoring.plans.monev.models import MonevReport
from scoring.plans.monev.quarters import ROMAN
from scoring.presenters import number

__all__ = ["bucket_labels", "monev_filename", "monev_report_context", "monev_xlsx_bytes"]


def bucket_labels() -> dict[str, str]:
    return {"done": _("Selesai"), "late": _("Terlambat"), "open": _("Belum selesai")}


def _date(iso: str) -> datetime.date | None:
    return datetime.date.fromisoformat(iso) if iso else None


def monev_filename(report: MonevReport, ext: str) -> str:
    data = report.data
    return f"Monev-{data['unit_code']}-{data['year']}-TW{data['quarter']}.{ext}"


NONE = "\u2013"  # an en dash: no value


def _score_view(score: dict[str, Any]) -> dict[str, Any]:
    start = score["start"]
    if start["source"] == "snapshot":
        source = _("snapshot penilaian per %(date)s") % {"date": start["at"]}
    elif start["source"] == "monev":
        source = _("laporan monev triwulan %(no)s (dibuat %(date)s)") % {
            "no": ROMAN[start["quarter"]],
            "date": start["at"],
        }
    else:
        source = _("tidak ada catatan nilai dari sebelum triwulan ini")
    delta = score.get("delta")

    def signed(value: float) -> str:
        return ("+" if value > 0 else "") + number(value)

    return {
        "now_pengungkit": number(score["now"]["pengungkit"]),
        "now_total": number(score["now"]["total"]),
        "start_pengungkit": number(start["pengungkit"]) if "pengungkit" in start else NONE,
        "start_total": number(start["total"]) if "total" in start else NONE,
        "delta_pengungkit": signed(delta["pengungkit"]) if delta else NONE,
        "delta_total": signed(delta["total"]) if delta else NONE,
        "source": source,
    }


def monev_report_context(report: MonevReport) -> dict[str, Any]:
    """Everything the PDF shows, from the stored snapshot."""
    data = report.data
    statuses = dict(Status.choices)
    labels = bucket_labels()
    areas = []
    for area in data["areas"]:
        buckets = [
            {
                "key": key,
                "label": labels[key],
                "items": [
                    {**item, "status_label": statuses.get(item["status"], item["status"])}
                    for item in area[key]
                ],
            }
            for key in ("done", "late", "open")
        ]
        areas.append({**area, "buckets": buckets})
    return {
        "report": report,
        "data": data,
        "roman": ROMAN[data["quarter"]],
        "first_day": _date(data["first_day"]),
        "last_day": _date(data["last_day"]),
        "cutoff": _date(data["cutoff"]),
        "areas": areas,
        "labels": labels,
        "score": _score_view(data["score"]),
    }


def monev_xlsx_bytes(report: MonevReport) -> bytes:
    """A workbook: the summary per area, the items, the progress notes, the evidence."""
    data = report.data
    labels = bucket_labels()
    statuses = dict(Status.choices)
    bold = Font(bold=True)
    book = Workbook()
    summary = book.active
    assert summary is not None  # noqa: S101 - a new workbook has an active sheet
    summary.title = _("Ringkasan")
    summary.append(
        [
            _("Laporan monev triwulan %(no)s %(unit)s %(year)s")
            % {"no": ROMAN[data["quarter"]], "unit": data["unit"], "year": data["year"]}
        ]
    )
    summary["A1"].font = bold
    summary.append([_("Periode"), data["first_day"], data["last_day"]])
    summary.append([_("Keadaan per"), data["cutoff"]])
    summary.append([])
    header = [_("Area"), labels["done"], labels["late"], labels["open"]]
    summary.append([*header, _("Catatan kemajuan"), _("Bukti baru")])
    for area in data["areas"]:
        c = area["counts"]
        summary.append([area["name"], c["done"], c["late"], c["open"], c["notes"], c["evidence"]])
    t = data["totals"]
    summary.append([_("Jumlah"), t["done"], t["late"], t["open"], t["notes"], t["evidence"]])
    summary.append([_("Dibatalkan"), t["cancelled"]])
    summary.append([])
    score = data["score"]
    start = score["start"]
    summary.append([_("Nilai"), _("Awal triwulan"), _("Saat laporan dibuat"), _("Perubahan")])
    for key, label in (("pengungkit", _("Pengungkit")), ("total", _("Total"))):
        delta = score["delta"][key] if score.get("delta") else None
        summary.append([label, start.get(key), score["now"][key], delta])
    summary.append([_("Sumber nilai awal"), _score_view(score)["source"]])
    summary.column_dimensions["A"].width = 48

    items = book.create_sheet(_("Rencana aksi"))
    items.append(
        [_("Area"), _("Keadaan"), _("Indikator"), _("Langkah aksi"), _("Keluaran / target"),
         _("Penanggung jawab"), _("Tenggat"), _("Selesai"), _("Status saat ini")]
    )  # fmt: skip
    for area in data["areas"]:
        for key in ("done", "late", "open"):
            for item in area[key]:
                items.append(
                    [area["no"], labels[key], item["indicator"], item["step"], item["output"],
                     item["person"], item["due"], item["done"],
                     str(statuses.get(item["status"], item["status"]))]
                )  # fmt: skip
    notes = book.create_sheet(_("Catatan kemajuan"))
    notes.append(
        [_("Area"), _("Indikator"), _("Langkah aksi"), _("Catatan"), _("Oleh"), _("Tanggal")]
    )
    for area in data["areas"]:
        for note in area["notes"]:
            notes.append(
                [area["no"], note["indicator"], note["item"], note["text"], note["author"],
                 note["at"]]
            )  # fmt: skip
    evidence = book.create_sheet(_("Bukti baru"))
    evidence.append([_("Area"), _("Judul"), _("Pertanyaan"), _("Ditambahkan")])
    for area in data["areas"]:
        for ev in area["evidence"]:
            evidence.append([area["no"], ev["title"], ", ".join(ev["questions"]), ev["at"]])
    for ev in data["unattached_evidence"]:
        evidence.append(["", ev["title"], ", ".join(ev["questions"]), ev["at"]])
    for sheet in (summary, items, notes, evidence):
        for cell in sheet[1]:
            cell.font = bold
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
