"""Properties of the counting functions over 2003–2028 (official and provisional years)."""

import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sanxiang.workdays.selectors import add_calendar_days, add_workdays, is_workday, workdays_between

pytestmark = pytest.mark.django_db

days = st.dates(min_value=datetime.date(2003, 6, 1), max_value=datetime.date(2028, 6, 30))
counts = st.integers(min_value=0, max_value=400)
ONE_DAY = datetime.timedelta(days=1)


@given(start=days, n=st.integers(min_value=1, max_value=400))
def test_the_end_of_a_working_day_period_is_a_working_day(start, n):
    assert is_workday(add_workdays(start, n).date)


@given(start=days, n=counts)
def test_add_workdays_is_strictly_increasing_in_n(start, n):
    assert add_workdays(start, n).date < add_workdays(start, n + 1).date


@given(start=days, n=counts)
def test_between_undoes_add(start, n):
    end = add_workdays(start, n)
    assert workdays_between(start, end.date) == (n, end.provisional)


@given(a=days, span=st.integers(min_value=0, max_value=60))
def test_between_agrees_with_checking_each_day(a, span):
    b = a + datetime.timedelta(days=span)
    expected = sum(is_workday(a + datetime.timedelta(days=i)) for i in range(1, span + 1))
    assert workdays_between(a, b).count == expected


@given(start=days, n=st.integers(min_value=1, max_value=120))
def test_a_calendar_period_skips_only_rest_days(start, n):
    nominal = start + datetime.timedelta(days=n)
    end = add_calendar_days(start, n).date
    assert is_workday(end) and end >= nominal
    day = nominal
    while day < end:
        assert not is_workday(day)
        day += ONE_DAY
