"""Read the arrangements shipped in the `chinesecalendar` package (module `chinese_calendar`).

Only used to seed our own table (migration 0002, `sanxiang workdays load-package`); at run time
the calendar is always read from the database.
"""

from __future__ import annotations

import datetime
from importlib.metadata import version

import chinese_calendar

from .choices import HOLIDAY_NAMES, DayKind

# Wide enough to cover any future release; the package raises NotImplementedError outside its data.
_PROBE_YEARS = range(1990, 2101)


def package_version() -> str:
    return version("chinesecalendar")


def package_years() -> list[int]:
    """The years the installed package has data for (2004–2026 in chinesecalendar 1.11)."""
    years = []
    for year in _PROBE_YEARS:
        try:
            chinese_calendar.is_workday(datetime.date(year, 7, 1))
        except NotImplementedError:
            continue
        years.append(year)
    return years


def package_rows(year: int) -> list[tuple[datetime.date, str, str]]:
    """The year's deviations from Mon–Fri as (date, kind, Chinese holiday name)."""
    rows = []
    day = datetime.date(year, 1, 1)
    while day.year == year:
        is_rest, holiday = chinese_calendar.get_holiday_detail(day)
        if is_rest == (day.weekday() < 5):
            kind = DayKind.HOLIDAY if is_rest else DayKind.WORKDAY
            rows.append((day, kind.value, _chinese_name(holiday)))
        day += datetime.timedelta(days=1)
    return rows


def _chinese_name(holiday: str | None) -> str:
    if not holiday:
        return ""
    try:
        return HOLIDAY_NAMES.get(chinese_calendar.Holiday(holiday).name, holiday)
    except ValueError:
        return holiday
