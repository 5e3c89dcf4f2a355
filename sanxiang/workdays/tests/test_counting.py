"""Counting rules against the official 2025 and 2026 arrangements."""

import pytest

from sanxiang.workdays.selectors import (
    add_calendar_days,
    add_months,
    add_workdays,
    is_provisional,
    is_workday,
    workdays_between,
)

from .conftest import d

pytestmark = pytest.mark.django_db


def test_the_event_day_is_not_counted():
    assert add_workdays(d("2026-03-02"), 1).date == d("2026-03-03")


def test_seven_working_days_after_30_september_2026_skip_national_day_and_count_the_makeup_saturday():
    # 10-01..10-07 off; 10-08 (1), 10-09 (2), Sat 10-10 make-up workday (3), 10-12 .. 10-15 (4..7).
    assert add_workdays(d("2026-09-30"), 7) == (d("2026-10-15"), False)


def test_a_period_starting_on_a_rest_day_counts_from_the_next_working_day():
    assert add_workdays(d("2026-03-07"), 1).date == d("2026-03-09")
    assert add_workdays(d("2025-01-27"), 2).date == d("2025-02-06")


def test_zero_working_days_is_the_start_itself_even_on_a_rest_day():
    assert add_workdays(d("2026-10-03"), 0) == (d("2026-10-03"), False)


def test_negative_periods_are_refused():
    for func in (add_workdays, add_calendar_days, add_months):
        with pytest.raises(ValueError):
            func(d("2026-01-05"), -1)


def test_a_calendar_period_ending_on_a_holiday_ends_on_the_next_working_day():
    assert add_calendar_days(d("2026-09-18"), 15) == (d("2026-10-08"), False)


def test_a_calendar_period_ending_on_a_working_day_is_not_moved():
    assert add_calendar_days(d("2026-03-01"), 15).date == d("2026-03-16")
    # 2026-02-28 is a Saturday but a make-up workday.
    assert add_calendar_days(d("2026-02-13"), 15).date == d("2026-02-28")


def test_a_month_period_ends_on_the_same_day_of_month_or_the_last_day_of_a_shorter_month():
    assert add_months(d("2025-08-31"), 1).date == d("2025-09-30")
    assert add_months(d("2024-02-29"), 12).date == d("2025-02-28")
    assert add_months(d("2026-01-31"), 1).date == d("2026-02-28")  # make-up Saturday: not moved


def test_a_month_period_ending_in_the_national_day_holiday_rolls_forward():
    assert add_months(d("2026-04-01"), 6) == (d("2026-10-08"), False)
    assert add_months(d("2025-07-04"), 3).date == d("2025-10-09")


def test_workdays_between_counts_after_a_up_to_and_including_b():
    assert workdays_between(d("2026-09-30"), d("2026-10-15")) == (7, False)
    assert workdays_between(d("2026-03-02"), d("2026-03-03")).count == 1
    assert workdays_between(d("2026-03-03"), d("2026-03-03")).count == 0
    assert workdays_between(d("2026-03-09"), d("2026-03-02")).count == 0


def test_a_year_has_the_statutory_number_of_working_days():
    assert workdays_between(d("2024-12-31"), d("2025-12-31")).count == 248
    assert workdays_between(d("2025-12-31"), d("2026-12-31")).count == 248


def test_years_without_official_data_count_weekends_only_and_say_so():
    assert is_provisional(d("2027-01-01"))
    assert not is_provisional(d("2026-12-31"))
    assert is_workday(d("2027-01-01"))  # a Friday; the real 元旦 is not known yet
    assert add_workdays(d("2026-12-30"), 5) == (d("2027-01-06"), True)
    assert add_workdays(d("2026-12-01"), 5).provisional is False
    assert workdays_between(d("2026-12-30"), d("2027-01-04")) == (3, True)
    assert add_calendar_days(d("2026-12-20"), 14) == (d("2027-01-04"), True)
    assert add_months(d("2026-08-15"), 6).provisional is True


def test_dates_beyond_the_calendar_are_a_value_error():
    with pytest.raises(ValueError):
        add_workdays(d("9999-12-30"), 5)
    with pytest.raises(ValueError):
        add_months(d("9999-12-01"), 1)
