"""Reads: is a day a working day, and when does a statutory period end.

Counting rules (docs/workdays.md): the day of the triggering event is not counted (民法典 Art. 201);
"N working days" (APL Art. 85, ACL Art. 69) ends on the N-th working day after it; a period in
calendar days or months whose last day is a rest day ends on the next working day (民法典 Art. 203).

Every answer says whether it is *provisional*: True when a day it consulted lies in a year whose
arrangement is not officially loaded, so weekends were the only rest days assumed.
"""

from __future__ import annotations

import calendar
import datetime
from functools import wraps
from typing import NamedTuple

from . import snapshot
from .models import CalendarYear, SpecialDay

ONE_DAY = datetime.timedelta(days=1)
_MAX_ORDINAL = datetime.date.max.toordinal()


class DateResult(NamedTuple):
    date: datetime.date
    provisional: bool


class CountResult(NamedTuple):
    count: int
    provisional: bool


def _in_date_range(func):
    """Turn date overflow (beyond 9999-12-31) into a ValueError with a Chinese message."""

    @wraps(func)
    def wrapper(*args, **kwargs):
        try:
            return func(*args, **kwargs)
        except OverflowError:
            raise ValueError("计算结果超出可支持的日期范围（9999-12-31）") from None

    return wrapper


def _check_count(n: int) -> None:
    if n < 0:
        raise ValueError(f"期间天数（月数）不能为负数：{n}")


def is_workday(day: datetime.date) -> bool:
    """Whether `day` is a working day (provisionally Mon–Fri if its year is not loaded)."""
    return snapshot.current().is_workday(day)


def is_statutory_holiday(day: datetime.date) -> bool:
    """Whether `day` is an official holiday falling on a weekday (ACL Art. 43 forbids execution then)."""
    return snapshot.current().special.get(day) is False


def is_provisional(day: datetime.date) -> bool:
    """Whether `day`'s year has no official arrangement loaded."""
    return not snapshot.current().is_official(day.year)


def provisional_years(first: datetime.date, last: datetime.date) -> list[int]:
    """The years between `first` and `last` (inclusive) without an official arrangement."""
    official = snapshot.current().is_official
    return [year for year in range(first.year, last.year + 1) if not official(year)]


def unloaded_years(years: list[int]) -> list[int]:
    """Those of `years` that have no CalendarYear row at all (not even a draft)."""
    loaded = snapshot.current().years
    return [year for year in years if year not in loaded]


def _any_provisional(snap: snapshot.Snapshot, first: datetime.date, last: datetime.date) -> bool:
    return any(not snap.is_official(year) for year in range(first.year, last.year + 1))


@_in_date_range
def add_workdays(start: datetime.date, n: int) -> DateResult:
    """The N-th working day after `start` (start itself never counts); n=0 gives `start` unchanged."""
    _check_count(n)
    if n == 0:
        return DateResult(start, False)
    snap = snapshot.current()
    through = snap.workdays_through
    target = through(start.toordinal()) + n
    # Binary search for the first day whose running count reaches the target: O(log n), no loop per day.
    low = start.toordinal() + n  # at most one working day per day
    high = min(low + n + 31, _MAX_ORDINAL)
    while low > _MAX_ORDINAL or through(high) < target:
        if high == _MAX_ORDINAL:
            raise OverflowError
        high = min(high + n + 31, _MAX_ORDINAL)
    while low < high:
        middle = (low + high) // 2
        if through(middle) >= target:
            high = middle
        else:
            low = middle + 1
    end = datetime.date.fromordinal(low)
    return DateResult(end, _any_provisional(snap, start + ONE_DAY, end))


def workdays_between(a: datetime.date, b: datetime.date) -> CountResult:
    """Working days after `a` up to and including `b`; 0 when b <= a."""
    if b <= a:
        return CountResult(0, False)
    snap = snapshot.current()
    count = snap.workdays_through(b.toordinal()) - snap.workdays_through(a.toordinal())
    return CountResult(count, _any_provisional(snap, a + ONE_DAY, b))


@_in_date_range
def add_calendar_days(start: datetime.date, n: int) -> DateResult:
    """End of an N-calendar-day period, rolled forward to a working day; n=0 gives `start`."""
    _check_count(n)
    if n == 0:
        return DateResult(start, False)
    return _roll_forward(start + datetime.timedelta(days=n))


@_in_date_range
def add_months(start: datetime.date, n: int) -> DateResult:
    """End of an N-month period: the same day N months on (or the month's last day), rolled forward."""
    _check_count(n)
    if n == 0:
        return DateResult(start, False)
    month_index = start.year * 12 + start.month - 1 + n
    year, month = divmod(month_index, 12)
    if year > datetime.MAXYEAR:
        raise OverflowError
    day = min(start.day, calendar.monthrange(year, month + 1)[1])
    return _roll_forward(datetime.date(year, month + 1, day))


def _roll_forward(last: datetime.date) -> DateResult:
    snap = snapshot.current()
    end = last
    while not snap.is_workday(end):
        end += ONE_DAY
    return DateResult(end, _any_provisional(snap, last, end))


def calendar_year(year: int) -> CalendarYear | None:
    """The loaded arrangement for `year`, if any."""
    return CalendarYear.objects.filter(year=year).first()


def special_days(year: int) -> list[SpecialDay]:
    """The year's holidays and make-up workdays in date order."""
    return list(SpecialDay.objects.filter(calendar_year__year=year).order_by("date"))
