"""The in-process calendar cache: no query per day, and other processes' writes are picked up."""

import datetime

import pytest

from sanxiang.workdays import snapshot
from sanxiang.workdays.models import CalendarRevision, CalendarYear, SpecialDay
from sanxiang.workdays.selectors import add_workdays, is_workday, workdays_between

from .conftest import d

pytestmark = pytest.mark.django_db


def test_a_scan_of_many_deadlines_runs_without_queries_once_the_cache_is_warm(django_assert_num_queries):
    is_workday(d("2026-01-05"))
    start = d("2004-01-01")
    with django_assert_num_queries(0):
        for offset in range(0, 8000, 3):
            day = start + datetime.timedelta(days=offset)
            add_workdays(day, 20)
            workdays_between(day, day + datetime.timedelta(days=400))
        assert add_workdays(start, 5000).date > d("2023-01-01")


def test_a_write_by_another_process_is_seen_after_the_check_interval(monkeypatch):
    now = [1000.0]
    monkeypatch.setattr(snapshot, "_clock", lambda: now[0])
    assert is_workday(d("2026-03-02"))

    # Another process adds a day and bumps the revision; it cannot reach our memory.
    SpecialDay.objects.create(
        calendar_year=CalendarYear.objects.get(year=2026), date=d("2026-03-02"), kind="holiday"
    )
    CalendarRevision.objects.filter(pk=1).update(number=99)
    assert is_workday(d("2026-03-02"))  # still cached

    now[0] += snapshot.CHECK_SECONDS
    assert not is_workday(d("2026-03-02"))


def test_an_unchanged_revision_costs_one_small_query(monkeypatch, django_assert_num_queries):
    now = [1000.0]
    monkeypatch.setattr(snapshot, "_clock", lambda: now[0])
    is_workday(d("2026-03-02"))
    now[0] += snapshot.CHECK_SECONDS
    with django_assert_num_queries(1):
        is_workday(d("2026-03-02"))
