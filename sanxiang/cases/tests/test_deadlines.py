"""Deadline lights, the overdue scan, and recomputation when an official calendar year arrives."""

import datetime
import json

import pytest
from django.core.management import call_command

from sanxiang.cases import deadlines, selectors, services
from sanxiang.cases.choices import DeadlineKind, Light
from sanxiang.cases.models import Deadline
from sanxiang.workdays.selectors import add_workdays, is_workday
from sanxiang.workdays.services import import_year

pytestmark = pytest.mark.django_db


def test_lights_are_green_yellow_within_three_working_days_and_red_when_overdue(cast, new_case):
    case = new_case()
    deadline = case.deadlines.get(kind=DeadlineKind.FILING)
    today = datetime.date(2026, 11, 2)  # a Monday
    for due, light in [
        (datetime.date(2026, 11, 6), Light.GREEN),
        (datetime.date(2026, 11, 5), Light.YELLOW),
        (datetime.date(2026, 11, 2), Light.YELLOW),
        (datetime.date(2026, 10, 30), Light.RED),
    ]:
        deadline.due_date = due
        assert deadlines.status(deadline, today).light == light, due
    deadline.due_date = datetime.date(2026, 10, 30)
    status = deadlines.status(deadline, today)
    assert status.days_left == -3 and status.workdays_left == -1


def test_the_scan_lists_overdue_and_due_soon_cases_in_one_query(cast, new_case, django_assert_num_queries):
    overdue = new_case(days_ago=60)  # 15 working days after registration are long gone
    fresh = new_case(days_ago=0)
    today = datetime.date.today()
    with django_assert_num_queries(1):
        alerts = selectors.system_deadline_alerts(today, extra=False)
    assert {a.case.pk for a in alerts} == {overdue.pk}
    # Other apps' deadlines (cases.deadline_alerts, e.g. publication's) add a fixed number of queries.
    with django_assert_num_queries(1 + 2):
        assert {a.case.pk for a in selectors.system_deadline_alerts(today)} == {overdue.pk}
    assert alerts[0].status.light == Light.RED
    assert fresh.pk not in {a.case.pk for a in selectors.deadline_alerts(cast.supervisor, today)}
    assert selectors.deadline_alerts(cast.officer_b, today) == []  # another body sees nothing


def test_the_scan_command_prints_the_alerts(cast, new_case, capsys):
    new_case(days_ago=60)
    call_command("deadlines", "scan", "--json")
    rows = json.loads(capsys.readouterr().out)
    assert rows[0]["rule"] == "CASE-04" and rows[0]["light"] == "red" and rows[0]["body"] == "河市监"


def test_deadlines_in_an_unpublished_year_are_provisional_and_follow_the_official_calendar_once_loaded(
    cast, new_case, django_capture_on_commit_callbacks
):
    case = new_case(days_ago=0)
    deadline = Deadline.objects.get(case=case, kind=DeadlineKind.FILING)
    deadline.start_date, deadline.count = datetime.date(2027, 1, 4), 3
    deadlines.compute_due(deadline)
    deadline.save()
    assert deadline.provisional and deadline.due_date == datetime.date(2027, 1, 7)
    # The State Council declares 2027-01-05..07 holidays (a made-up arrangement for the test).
    rows = [{"date": datetime.date(2027, 1, d), "kind": "holiday", "name": "测试假日"} for d in (5, 6, 7)]
    with django_capture_on_commit_callbacks(execute=True):
        import_year(2027, rows, source="import")
    deadline.refresh_from_db()
    assert not deadline.provisional
    assert deadline.due_date == add_workdays(datetime.date(2027, 1, 4), 3).date == datetime.date(2027, 1, 12)
    assert is_workday(deadline.due_date)


def test_filing_deadline_counts_fifteen_working_days(cast, new_case):
    case = new_case(days_ago=0)
    filing = case.deadlines.get(kind=DeadlineKind.FILING)
    assert filing.due_date == add_workdays(case.registered_on, 15).date
    services.run_transition(cast.head_a, case.pk, "file_case", {})
    assert case.deadlines.get(kind=DeadlineKind.FILING).met_on is not None
