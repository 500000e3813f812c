"""The columns of a plan workbook (seed 004's NO, KOMPONEN, INDIKATOR, LANGKAH AKSI, KEWENANGAN,
then the portal's own) and how a cell's value is read: text, dates, status labels.

Headers are matched after normalisation, so "Langkah Aksi", "LANGKAH  AKSI" and "langkah-aksi"
are one column; English headers are accepted too. Dates are date cells, Excel serial numbers or
text as dd/mm/yyyy (also dd-mm-yyyy, dd.mm.yyyy and yyyy-mm-dd). A status is its Indonesian or
English label, its stored value or a common synonym.
"""

from __future__ import annotations

import datetime
import re
import unicodedata
from dataclasses import dataclass
from typing import Any

from django.utils import translation

from scoring.plans.models import Status


@dataclass(frozen=True)
class Column:
    key: str
    header: str  # the Indonesian header the export writes (also the name problems give)
    width: int
    aliases: tuple[str, ...] = ()


COLUMNS: tuple[Column, ...] = (
    Column("no", "NO", 6, ("no.", "nomor", "number")),
    Column("component", "KOMPONEN", 28, ("component",)),
    Column("indicator", "INDIKATOR", 40, ("indicator", "sub indikator")),
    Column("step", "LANGKAH AKSI", 48, ("rencana aksi", "kegiatan", "action step", "step")),
    Column(
        "authority",
        "KEWENANGAN (BERDASARKAN TUSI)",
        28,
        ("kewenangan", "kewenangan berdasarkan tusi", "authority"),
    ),
    Column("indicator_code", "KODE INDIKATOR", 14, ("indicator code",)),
    Column("question_code", "KODE PERTANYAAN", 16, ("question code",)),
    Column("output", "KELUARAN/TARGET", 30, ("keluaran", "target", "output", "output target")),
    Column("person", "PENANGGUNG JAWAB", 22, ("pj", "pic", "person in charge")),
    Column("start", "MULAI", 12, ("tanggal mulai", "start", "start date")),
    Column("due", "TENGGAT", 12, ("batas waktu", "tanggal selesai", "due", "due date")),
    Column("status", "STATUS", 14, ()),
    Column("note", "CATATAN", 36, ("keterangan", "note", "notes")),
)
BY_KEY = {c.key: c for c in COLUMNS}
# A row is the header row when it names at least these columns.
HEADER_KEYS = ("step",)
ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "v": 5, "vi": 6}

_TAG = re.compile(r"<[^>]{0,40}>")
_NON_WORD = re.compile(r"[\W_]+", re.UNICODE)


def normalise(text: Any) -> str:
    """Case, accents, markup (seed 004 carries <i>...</i>), punctuation and spacing folded away."""
    raw = unicodedata.normalize("NFKD", _TAG.sub(" ", str(text or "")))
    plain = "".join(ch for ch in raw if not unicodedata.combining(ch))
    return " ".join(_NON_WORD.sub(" ", plain.casefold()).split())


def header_key(text: Any) -> str | None:
    """The column a header cell names, or None."""
    name = normalise(text)
    if not name:
        return None
    for column in COLUMNS:
        if name in {normalise(column.header), *(normalise(a) for a in column.aliases)}:
            return column.key
    return None


def cell_text(value: Any) -> str:
    """A cell as text: numbers without a trailing .0, dates as dd/mm/yyyy, spacing trimmed."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, datetime.datetime):
        value = value.date()
    if isinstance(value, datetime.date):
        return value.strftime("%d/%m/%Y")
    return " ".join(str(value).split())


_DATE_TEXT = (
    (re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$"), ("d", "m", "y")),
    (re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$"), ("y", "m", "d")),
)
# Excel's serial day numbers of 1954..2119: a number in that range in a date column is a date
# cell whose format was lost.
_SERIAL_MIN, _SERIAL_MAX = 20000, 80000


class BadValue(ValueError):
    """A cell's value cannot be read; the message says what was expected."""


def cell_date(value: Any) -> datetime.date | None:
    """A date cell, an Excel serial number or dd/mm/yyyy text; None when blank."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, int | float) and _SERIAL_MIN <= value <= _SERIAL_MAX:
        return datetime.date(1899, 12, 30) + datetime.timedelta(days=int(value))
    text = str(value).strip()
    for pattern, order in _DATE_TEXT:
        m = pattern.match(text)
        if m:
            parts = dict(zip(order, (int(g) for g in m.groups()), strict=True))
            try:
                return datetime.date(parts["y"], parts["m"], parts["d"])
            except ValueError:
                break
    raise BadValue(text)


_STATUS_SYNONYMS = {
    "rencana": Status.PLANNED,
    "belum dimulai": Status.PLANNED,
    "belum mulai": Status.PLANNED,
    "not started": Status.PLANNED,
    "sedang berjalan": Status.IN_PROGRESS,
    "dalam proses": Status.IN_PROGRESS,
    "proses": Status.IN_PROGRESS,
    "ongoing": Status.IN_PROGRESS,
    "sudah selesai": Status.DONE,
    "completed": Status.DONE,
    "complete": Status.DONE,
    "overdue": Status.LATE,
    "batal": Status.CANCELLED,
    "canceled": Status.CANCELLED,
}


def status_names() -> dict[str, str]:
    """Every accepted spelling of a status (normalised) -> its stored value."""
    names = {normalise(k): str(v) for k, v in _STATUS_SYNONYMS.items()}
    for value, label in Status.choices:
        names[normalise(value)] = value
        for lang in ("id", "en"):
            with translation.override(lang):
                names[normalise(str(label))] = value
    return names


def cell_status(value: Any, names: dict[str, str]) -> str:
    """A status label in Indonesian or English (blank: planned)."""
    text = normalise(value)
    if not text:
        return str(Status.PLANNED)
    if text in names:
        return names[text]
    raise BadValue(cell_text(value))


def status_label(value: str) -> str:
    """The label of a stored status in the active language."""
    return str(Status(value).label)


def roman(no: int) -> str:
    return ["I", "II", "III", "IV", "V", "VI"][no - 1] if 1 <= no <= 6 else str(no)
