"""Entering a year's arrangement through the admin applies the importer's rules and fires the hook."""

import pytest
from django.urls import reverse

from sanxiang.workdays.models import CalendarYear
from sanxiang.workdays.selectors import is_provisional, is_workday

from .conftest import d

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin(client, django_user_model):
    user = django_user_model.objects.create_superuser(
        username="calendar-admin", password=None, must_change_password=False
    )
    client.force_login(user)
    return client


def form(year, rows, **extra):
    data = {
        "year": str(year),
        "is_official": "on",
        "note": "国办发明电〔2026〕X号",
        "special_days-TOTAL_FORMS": str(len(rows)),
        "special_days-INITIAL_FORMS": "0",
        "special_days-MIN_NUM_FORMS": "0",
        "special_days-MAX_NUM_FORMS": "1000",
    }
    for index, (day, kind, name) in enumerate(rows):
        data |= {f"special_days-{index}-date": day, f"special_days-{index}-kind": kind}
        data[f"special_days-{index}-name"] = name
    return data | extra


def test_an_administrator_enters_a_new_year(admin, django_capture_on_commit_callbacks, calendar_changes):
    rows = [("2027-01-01", "holiday", "元旦"), ("2027-02-20", "workday", "春节")]
    with django_capture_on_commit_callbacks(execute=True):
        response = admin.post(reverse("admin:workdays_calendaryear_add"), form(2027, rows))
    assert response.status_code == 302
    year = CalendarYear.objects.get(year=2027)
    assert (year.source, year.is_official, year.loaded_by) == ("manual", True, "calendar-admin")
    assert not is_workday(d("2027-01-01")) and not is_provisional(d("2027-01-01"))
    assert calendar_changes == [{2027}]


def test_the_admin_refuses_a_holiday_on_a_weekend(admin, calendar_changes):
    rows = [("2027-01-01", "holiday", "元旦"), ("2027-02-06", "holiday", "春节")]
    response = admin.post(reverse("admin:workdays_calendaryear_add"), form(2027, rows))
    assert response.status_code == 200
    assert "2027-02-06 是周六，本来就休息" in response.content.decode()
    assert not CalendarYear.objects.filter(year=2027).exists()
    assert calendar_changes == []


def test_the_admin_refuses_a_day_of_another_year(admin):
    response = admin.post(
        reverse("admin:workdays_calendaryear_add"), form(2027, [("2028-01-03", "holiday", "")])
    )
    assert "不属于 2027 年" in response.content.decode()


def test_editing_a_seeded_year_in_the_admin_marks_it_manual(admin, django_capture_on_commit_callbacks):
    year = CalendarYear.objects.get(year=2026)
    url = reverse("admin:workdays_calendaryear_change", args=[year.pk])
    assert admin.get(url).status_code == 200
    days = list(year.special_days.order_by("date"))
    data = form(
        2026, [], **{"special_days-TOTAL_FORMS": str(len(days)), "special_days-INITIAL_FORMS": str(len(days))}
    )
    for index, day in enumerate(days):
        data |= {
            f"special_days-{index}-id": str(day.pk),
            f"special_days-{index}-calendar_year": str(year.pk),
            f"special_days-{index}-date": day.date.isoformat(),
            f"special_days-{index}-kind": day.kind,
            f"special_days-{index}-name": day.name,
        }
    data[f"special_days-{days.index(next(x for x in days if x.date == d('2026-10-10')))}-DELETE"] = "on"
    with django_capture_on_commit_callbacks(execute=True):
        assert admin.post(url, data).status_code == 302
    assert not is_workday(d("2026-10-10"))
    assert CalendarYear.objects.get(year=2026).source == "manual"


def test_deleting_a_year_in_the_admin_announces_it(
    admin, django_capture_on_commit_callbacks, calendar_changes
):
    year = CalendarYear.objects.get(year=2026)
    with django_capture_on_commit_callbacks(execute=True):
        admin.post(reverse("admin:workdays_calendaryear_delete", args=[year.pk]), {"post": "yes"})
    assert not CalendarYear.objects.filter(year=2026).exists()
    assert calendar_changes == [{2026}]


def test_the_year_list_counts_days_without_a_query_per_row(admin, django_assert_max_num_queries):
    with django_assert_max_num_queries(12):
        response = admin.get(reverse("admin:workdays_calendaryear_changelist"))
    assert response.status_code == 200
