"""The seeded data equals the State Council notices (国务院办公厅 2025 and 2026 holiday arrangements)."""

import pytest

from sanxiang.workdays import seed
from sanxiang.workdays.models import CalendarYear, SpecialDay
from sanxiang.workdays.selectors import is_provisional, is_workday

from .conftest import d

pytestmark = pytest.mark.django_db


def deviations(year):
    days = SpecialDay.objects.filter(calendar_year__year=year)
    return {
        "holiday": sorted(str(s.date) for s in days if s.kind == "holiday"),
        "workday": sorted(str(s.date) for s in days if s.kind == "workday"),
    }


def test_2025_matches_the_official_notice():
    assert deviations(2025) == {
        "holiday": [
            "2025-01-01",
            *["2025-01-28", "2025-01-29", "2025-01-30", "2025-01-31", "2025-02-03", "2025-02-04"],
            "2025-04-04",
            *["2025-05-01", "2025-05-02", "2025-05-05"],
            "2025-06-02",
            *["2025-10-01", "2025-10-02", "2025-10-03", "2025-10-06", "2025-10-07", "2025-10-08"],
        ],
        "workday": ["2025-01-26", "2025-02-08", "2025-04-27", "2025-09-28", "2025-10-11"],
    }


def test_2026_matches_the_official_notice():
    assert deviations(2026) == {
        "holiday": [
            *["2026-01-01", "2026-01-02"],
            *["2026-02-16", "2026-02-17", "2026-02-18", "2026-02-19", "2026-02-20", "2026-02-23"],
            "2026-04-06",
            *["2026-05-01", "2026-05-04", "2026-05-05"],
            "2026-06-19",
            "2026-09-25",
            *["2026-10-01", "2026-10-02", "2026-10-05", "2026-10-06", "2026-10-07"],
        ],
        "workday": ["2026-01-04", "2026-02-14", "2026-02-28", "2026-05-09", "2026-09-20", "2026-10-10"],
    }


def test_the_2026_national_day_holiday_ends_on_7_october():
    assert [is_workday(d(f"2026-10-{day:02}")) for day in range(1, 12)] == [
        *[False] * 7,  # 10-01 .. 10-07 off
        True,  # Thu 10-08
        True,  # Fri 10-09
        True,  # Sat 10-10 make-up workday
        False,  # Sun 10-11
    ]


def test_special_days_carry_the_chinese_holiday_names():
    names = dict(SpecialDay.objects.filter(calendar_year__year=2025).values_list("date", "name"))
    assert names[d("2025-01-01")] == "元旦"
    assert names[d("2025-01-26")] == "春节"
    assert names[d("2025-04-04")] == "清明节"
    assert names[d("2025-04-27")] == "劳动节"
    assert names[d("2025-06-02")] == "端午节"
    assert names[d("2025-10-06")] == "中秋节"
    assert names[d("2025-10-11")] == "国庆节"
    assert SpecialDay.objects.get(date=d("2015-09-03")).name == "抗战胜利纪念日"


def test_every_year_the_package_covers_is_seeded_as_official_and_nothing_else():
    years = list(CalendarYear.objects.order_by("year").values_list("year", "source", "is_official"))
    assert years == [(year, "package", True) for year in seed.package_years()]
    assert years[0][0] == 2004 and years[-1][0] >= 2026
    assert is_provisional(d("2027-06-01")) and is_provisional(d("2003-06-02"))


def test_only_deviations_from_monday_to_friday_are_stored():
    for day in SpecialDay.objects.all():
        assert (day.kind == "holiday") == (day.date.weekday() < 5)
