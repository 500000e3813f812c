"""The quarters (triwulan) of a cycle's year, in Asia/Jakarta."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from zoneinfo import ZoneInfo

JAKARTA = ZoneInfo("Asia/Jakarta")
ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}


@dataclass(frozen=True)
class Quarter:
    year: int
    no: int

    @property
    def first_day(self) -> datetime.date:
        return datetime.date(self.year, 3 * self.no - 2, 1)

    @property
    def last_day(self) -> datetime.date:
        if self.no == 4:
            return datetime.date(self.year, 12, 31)
        return datetime.date(self.year, 3 * self.no + 1, 1) - datetime.timedelta(days=1)

    @property
    def start(self) -> datetime.datetime:
        """The first moment of the quarter (Jakarta), inclusive."""
        return datetime.datetime.combine(self.first_day, datetime.time.min, tzinfo=JAKARTA)

    @property
    def end(self) -> datetime.datetime:
        """The first moment after the quarter (Jakarta), exclusive."""
        next_day = self.last_day + datetime.timedelta(days=1)
        return datetime.datetime.combine(next_day, datetime.time.min, tzinfo=JAKARTA)

    @property
    def roman(self) -> str:
        return ROMAN[self.no]

    def started(self, today: datetime.date) -> bool:
        return self.first_day <= today

    def complete(self, today: datetime.date) -> bool:
        return self.last_day < today


def quarters_of(year: int) -> list[Quarter]:
    return [Quarter(year, no) for no in (1, 2, 3, 4)]


def last_complete_quarter(year: int, today: datetime.date) -> Quarter | None:
    """The latest quarter of `year` that ended before `today`, or None."""
    done = [q for q in quarters_of(year) if q.complete(today)]
    return done[-1] if done else None
