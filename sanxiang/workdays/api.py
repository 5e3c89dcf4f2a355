"""Read-only API over the calendar; mounted by the API app at /api/v1/workdays.

Parameters are parsed by our own helpers (not ninja's types) so that bad input raises
InvalidInput, which the API app maps to the common {"error": {...}} shape.
"""

from __future__ import annotations

import datetime

from ninja import Router, Schema

from sanxiang.core.errors import InvalidInput

from . import inputs, selectors

# Public: the official calendar is not sensitive.
router = Router(tags=["工作日历"], auth=None)

_PERIODS = {"workdays": selectors.add_workdays, "calendar": selectors.add_calendar_days}


class DateOut(Schema):
    date: datetime.date
    provisional: bool


class CountOut(Schema):
    count: int
    provisional: bool


class WorkdayOut(Schema):
    date: datetime.date
    workday: bool
    provisional: bool


@router.get("/add", response=DateOut, summary="期限届满日")
def add(request, start: str = "", days: str = "", kind: str = "workdays"):
    """Last day of a period of `days` working days (kind=workdays) or calendar days (kind=calendar)
    starting after `start`; provisional=true when a year without an official arrangement was used."""
    if kind not in _PERIODS:
        message = f"期间类型“{kind}”无效，应为 workdays（工作日）或 calendar（自然日）"
        raise InvalidInput(message, fields={"kind": [message]})
    begin, n = inputs.parse_date(start, "start"), inputs.parse_days(days)
    try:
        return _PERIODS[kind](begin, n)._asdict()
    except ValueError as exc:
        raise InvalidInput(str(exc), fields={"days": [str(exc)]}) from None


@router.get("/between", response=CountOut, summary="两日之间的工作日数")
def between(request, start: str = "", end: str = ""):
    """Working days after `start` up to and including `end` (0 when end <= start)."""
    result = selectors.workdays_between(inputs.parse_date(start, "start"), inputs.parse_date(end, "end"))
    return result._asdict()


@router.get("/is-workday", response=WorkdayOut, summary="是否工作日")
def is_workday(request, date: str = ""):
    """Whether `date` is a working day under the loaded (or provisional) arrangement."""
    day = inputs.parse_date(date, "date")
    return {"date": day, "workday": selectors.is_workday(day), "provisional": selectors.is_provisional(day)}
