import datetime

import pytest

from sanxiang.core import hooks
from sanxiang.workdays import CALENDAR_CHANGED, snapshot


@pytest.fixture(autouse=True)
def fresh_calendar_cache():
    """A rolled-back test transaction cannot tell the in-process cache that it undid a write."""
    snapshot.invalidate()
    yield
    snapshot.invalidate()


@pytest.fixture(autouse=True)
def calendar_changes(monkeypatch):
    """Records every CALENDAR_CHANGED call; also keeps other apps' handlers out of these tests."""
    calls: list[set[int]] = []
    monkeypatch.setitem(hooks._handlers, CALENDAR_CHANGED, [lambda years: calls.append(years)])
    return calls


def d(text: str) -> datetime.date:
    return datetime.date.fromisoformat(text)


# A made-up 2027 arrangement for import tests (2027-01-01 is a Friday, 2027-02-06 a Saturday).
ROWS_2027 = [
    (d("2027-01-01"), "holiday", "元旦"),
    (d("2027-02-08"), "holiday", "春节"),
    (d("2027-02-09"), "holiday", "春节"),
    (d("2027-02-20"), "workday", "春节"),
]
