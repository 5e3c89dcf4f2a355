"""In-process cache of the whole calendar, shared by every selector.

Why: a deadline scan computes ~100k deadlines; a query per call (let alone per day) would dominate.
The calendar is tiny (about 25 special days a year), so each process keeps all of it in memory.

How it stays correct across processes: every write bumps the single CalendarRevision row in the
same transaction. A process compares its cached revision with the database at most every
CHECK_SECONDS and reloads when they differ; a write in this process invalidates at once (and
again after commit). So another process sees a new arrangement within CHECK_SECONDS. We use a
database counter rather than max(loaded_at) because server clocks may differ and a deleted year
would not move a maximum. Tests call `invalidate()` because a rolled-back test transaction
never tells us that it undid a write.
"""

from __future__ import annotations

import datetime
import time
from bisect import bisect_right
from itertools import accumulate

CHECK_SECONDS = 2.0
_clock = time.monotonic


class Snapshot:
    """An immutable view of the calendar at one revision, with indexes for fast counting."""

    def __init__(self, revision: int, years: dict[int, bool], special: dict[datetime.date, bool]):
        self.revision = revision
        self.years = years  # year -> is_official, for every year with a CalendarYear row
        self.special = special  # date -> is a working day, only for deviations from Mon–Fri
        dates = sorted(special)
        self._ordinals = [day.toordinal() for day in dates]
        # Each special day shifts the plain Mon–Fri count by +1 (weekend workday) or -1 (weekday holiday).
        deltas = (int(special[day]) - int(day.weekday() < 5) for day in dates)
        self._shift = [0, *accumulate(deltas)]

    def is_official(self, year: int) -> bool:
        return self.years.get(year, False)

    def is_workday(self, day: datetime.date) -> bool:
        kind = self.special.get(day)
        return day.weekday() < 5 if kind is None else kind

    def workdays_through(self, ordinal: int) -> int:
        """Number of working days from 0001-01-01 up to and including the day with this ordinal."""
        plain = ordinal // 7 * 5 + min(ordinal % 7, 5)  # ordinal 1 (0001-01-01) is a Monday
        return plain + self._shift[bisect_right(self._ordinals, ordinal)]


_snapshot: Snapshot | None = None
_checked_at = float("-inf")


def current() -> Snapshot:
    """The calendar as this process should see it now; usually answered without a query."""
    global _snapshot, _checked_at
    snapshot, now = _snapshot, _clock()
    if snapshot is not None and now - _checked_at < CHECK_SECONDS:
        return snapshot
    revision = _database_revision()
    if snapshot is None or snapshot.revision != revision:
        snapshot = _load(revision)
    _snapshot, _checked_at = snapshot, now
    return snapshot


def invalidate() -> None:
    """Forget the cached calendar; the next read asks the database."""
    global _snapshot
    _snapshot = None


def _database_revision() -> int:
    from .models import CalendarRevision

    return CalendarRevision.objects.filter(pk=1).values_list("number", flat=True).first() or 0


def _load(revision: int) -> Snapshot:
    from .choices import DayKind
    from .models import CalendarYear, SpecialDay

    years = dict(CalendarYear.objects.values_list("year", "is_official"))
    special = {day: kind == DayKind.WORKDAY for day, kind in SpecialDay.objects.values_list("date", "kind")}
    return Snapshot(revision, years, special)
