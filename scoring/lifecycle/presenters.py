"""Words for the prerequisite codes of scoring.engine.prerequisites (the engine returns codes)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from scoring.engine.prerequisites import PrereqResult
from scoring.presenters import number

KIND_LABELS = {
    "opini_bpk": gettext_lazy("Opini BPK atas laporan keuangan instansi"),
    "sakip_instansi": gettext_lazy("Predikat SAKIP instansi"),
    "spip_maturity": gettext_lazy("Tingkat maturitas SPIP instansi"),
    "rb_index": gettext_lazy("Indeks RB instansi (bila dipakai)"),
    "tlhp_percent": gettext_lazy("Penyelesaian TLHP APIP/BPK unit"),
    "lhkpn_percent": gettext_lazy("Kepatuhan LHKPN unit"),
    "lhkasn_percent": gettext_lazy("Kepatuhan LHKASN unit"),
    "pencanangan": gettext_lazy("Tanggal pencanangan pembangunan ZI"),
    "sakip_unit": gettext_lazy("Predikat SAKIP unit"),
    "wbk_held": gettext_lazy("Predikat Menuju WBK yang sudah diraih"),
}
STATUS_LABELS = {
    "met": gettext_lazy("terpenuhi"),
    "not_met": gettext_lazy("belum terpenuhi"),
    "missing": gettext_lazy("belum dicatat"),
    "not_used": gettext_lazy("tidak dipakai"),
}
STATUS_CSS = {"met": "ok", "not_met": "fail", "missing": "warn", "not_used": ""}


def kind_label(code: str) -> str:
    return str(KIND_LABELS.get(code, code))


def need_text(result: PrereqResult) -> str:
    v = result.needed
    if result.need == "at_least_percent":
        return _("minimal %(v)s %%") % {"v": v}
    if result.need == "at_least_months":
        return _("minimal %(v)s bulan sejak pencanangan") % {"v": v}
    if result.need == "holds_predicate":
        return _("sudah berpredikat Menuju %(v)s") % {"v": v}
    return _("minimal %(v)s") % {"v": v}


def value_text(kind: str, value: str | None) -> str | None:
    """A recorded value as the reader's locale writes it: the pencanangan date as a date, a
    decimal percentage with the language's separator; words (WTP, BB) as they are."""
    if value is None:
        return None
    if kind == "pencanangan":
        try:
            return date_format(datetime.date.fromisoformat(value), "j M Y")
        except ValueError:
            return value
    try:
        amount = Decimal(value)
    except InvalidOperation:
        return value
    return number(amount, 0 if amount == amount.to_integral_value() else 2)


@dataclass(frozen=True)
class PrereqRow:
    code: str
    label: str
    level: str
    status: str
    status_label: str
    css: str
    need: str
    value: str | None


def prereq_rows(results: tuple[PrereqResult, ...]) -> list[PrereqRow]:
    return [
        PrereqRow(
            code=r.kind,
            label=kind_label(r.kind),
            level=r.level,
            status=r.status,
            status_label=str(STATUS_LABELS[r.status]),
            css=STATUS_CSS[r.status],
            need=need_text(r),
            value=value_text(r.kind, r.value),
        )
        for r in results
    ]
