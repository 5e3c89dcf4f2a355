"""import_year: validation, atomic replacement, and the after-commit hook."""

import pytest

from sanxiang.core.errors import InvalidInput
from sanxiang.workdays import CALENDAR_CHANGED, services
from sanxiang.workdays.models import CalendarYear, SpecialDay, validate_special_days
from sanxiang.workdays.selectors import add_workdays, is_provisional, is_workday

from .conftest import ROWS_2027, d

pytestmark = pytest.mark.django_db


def test_the_hook_name_is_stable():
    assert CALENDAR_CHANGED == "workdays.calendar_changed"


def test_importing_a_year_replaces_the_provisional_calendar(django_user_model):
    officer = django_user_model(username="calendar-admin")
    assert is_workday(d("2027-01-01")) and is_provisional(d("2027-01-01"))

    services.import_year(2027, ROWS_2027, "import", officer, note="国办发明电〔2026〕X号")

    assert not is_workday(d("2027-01-01")) and not is_provisional(d("2027-01-01"))
    assert is_workday(d("2027-02-20"))  # a Saturday make-up workday
    assert add_workdays(d("2026-12-31"), 1) == (d("2027-01-04"), False)
    year = CalendarYear.objects.get(year=2027)
    assert (year.source, year.is_official, year.loaded_by) == ("import", True, "calendar-admin")
    assert year.note == "国办发明电〔2026〕X号"


def test_the_hook_fires_only_after_commit(django_capture_on_commit_callbacks, calendar_changes):
    with django_capture_on_commit_callbacks() as callbacks:
        services.import_year(2027, ROWS_2027, "import")
        assert calendar_changes == []
    assert len(callbacks) == 1
    callbacks[0]()
    assert calendar_changes == [{2027}]


def test_reimporting_a_year_replaces_its_days_rather_than_adding_to_them():
    services.import_year(2026, [(d("2026-01-01"), "holiday", "元旦")], "import")
    assert list(SpecialDay.objects.filter(calendar_year__year=2026).values_list("date", flat=True)) == [
        d("2026-01-01")
    ]
    assert is_workday(d("2026-10-01"))


def test_a_draft_year_is_used_but_stays_provisional():
    services.import_year(2027, ROWS_2027, "manual", is_official=False)
    assert not is_workday(d("2027-01-01"))
    assert add_workdays(d("2026-12-31"), 1) == (d("2027-01-04"), True)


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ((d("2027-02-06"), "holiday", "春节"), "是周六"),
        ((d("2027-02-10"), "workday", ""), "周三"),
        ((d("2026-12-31"), "holiday", ""), "不属于 2027 年"),
        ((d("2027-02-10"), "vacation", ""), "类型“vacation”无效"),
        ((d("2027-01-01"), "holiday", "元旦"), "重复出现"),
        ((d("2027-02-10"), "holiday", "节" * 31), "超过 30 个字"),
    ],
)
def test_an_invalid_row_is_refused_in_chinese_and_nothing_is_written(
    row, message, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as callbacks, pytest.raises(InvalidInput) as excinfo:
        services.import_year(2027, [*ROWS_2027, row], "import")
    assert message in excinfo.value.message
    assert excinfo.value.fields["rows"][0].startswith("第 5 条")
    assert not CalendarYear.objects.filter(year=2027).exists()
    assert callbacks == []


def test_a_failed_reimport_keeps_the_previous_days():
    before = SpecialDay.objects.filter(calendar_year__year=2026).count()
    with pytest.raises(InvalidInput):
        services.import_year(2026, [(d("2026-10-03"), "holiday", "国庆节")], "import")
    assert SpecialDay.objects.filter(calendar_year__year=2026).count() == before == 25
    assert CalendarYear.objects.get(year=2026).source == "package"


def test_an_empty_arrangement_is_refused():
    with pytest.raises(InvalidInput, match="没有任何节假日"):
        services.import_year(2027, [], "import")


def test_an_unknown_source_is_refused():
    with pytest.raises(InvalidInput):
        services.import_year(2027, ROWS_2027, "rumour")


def test_validation_accepts_chinese_kinds_and_sorts_the_rows():
    rows = validate_special_days(2027, [(d("2027-02-20"), "班"), {"date": d("2027-01-01"), "kind": "休"}])
    assert [(row.date, row.kind) for row in rows] == [
        (d("2027-01-01"), "holiday"),
        (d("2027-02-20"), "workday"),
    ]


def test_deleting_a_year_makes_it_provisional_again(django_capture_on_commit_callbacks, calendar_changes):
    with django_capture_on_commit_callbacks(execute=True):
        services.delete_year(CalendarYear.objects.get(year=2026))
    assert is_provisional(d("2026-10-01")) and is_workday(d("2026-10-01"))
    assert calendar_changes == [{2026}]


def test_loading_the_package_adds_missing_years_only(calendar_changes, django_capture_on_commit_callbacks):
    CalendarYear.objects.filter(year=2025).delete()
    with django_capture_on_commit_callbacks(execute=True):
        assert services.load_package_years() == [2025]
    assert not is_workday(d("2025-10-08"))
    assert calendar_changes == [{2025}]
