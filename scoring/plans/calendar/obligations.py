"""Known yearly obligations of a ZI unit, kept as data (fixtures/zi-calendar-obligations.json).

Each obligation has an Indonesian and an English title, a month and day (or a span of days) and
its source (seed 001's calendar of the ZI year, the LHKPN and SAKIP regulations). The file is read
at run time like the prerequisite document (scoring/lifecycle/prerequisites.py), so `make run`
and every deployment carry it without a loading step; changing the file changes every calendar.
"""

from __future__ import annotations

import calendar
import datetime
import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from django.conf import settings
from django.utils.translation import get_language

OBLIGATIONS_FILE = "zi-calendar-obligations.json"


@dataclass(frozen=True)
class Obligation:
    code: str
    title_id: str
    title_en: str
    month: int
    day: int
    source: str
    end_month: int | None = None
    end_day: int | None = None

    def title(self) -> str:
        """The title in the active language."""
        return self.title_en if (get_language() or "id").startswith("en") else self.title_id

    def dates(self, year: int) -> tuple[datetime.date, datetime.date | None]:
        """The first day and, for a span, the last day in `year` (29 February in a leap year
        where the file says 28 and the span ends the month)."""
        start = _day(year, self.month, self.day)
        if self.end_month is None or self.end_day is None:
            return start, None
        return start, _day(year, self.end_month, self.end_day, month_end=True)


def _day(year: int, month: int, day: int, month_end: bool = False) -> datetime.date:
    last = calendar.monthrange(year, month)[1]
    if month_end and day >= 28:
        day = last
    return datetime.date(year, month, min(day, last))


def obligations_from_document(document: dict[str, object]) -> tuple[Obligation, ...]:
    rows = document.get("obligations")
    if not isinstance(rows, list):
        raise ValueError("obligations: a list is expected")
    out = []
    for row in rows:
        ob = Obligation(**row)
        # Every month/day must be a real date (in a leap year, so 29 February passes).
        datetime.date(2024, ob.month, ob.day)
        if ob.end_month is not None and ob.end_day is not None:
            datetime.date(2024, ob.end_month, ob.end_day)
        out.append(ob)
    return tuple(out)


@cache
def obligations() -> tuple[Obligation, ...]:
    path = Path(settings.BASE_DIR) / "fixtures" / OBLIGATIONS_FILE
    return obligations_from_document(json.loads(path.read_text(encoding="utf-8")))
