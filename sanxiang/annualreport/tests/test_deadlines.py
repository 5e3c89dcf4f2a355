"""STAT-01: due by 31 January of the following year; due-soon and overdue warnings; the selector
the supervision app uses."""

import datetime

import pytest
import time_machine

from sanxiang.annualreport import selectors, services
from sanxiang.annualreport.choices import DueStatus
from sanxiang.core.errors import Forbidden

from .test_workflow import complete, draft

pytestmark = pytest.mark.django_db


def _published(cast, discloser_a, year, on: datetime.date):
    report = draft(discloser_a, cast.body_a, year)
    services.update_draft(discloser_a, report.pk, complete())
    services.approve_report(cast.chief_a, report.pk, today=on)
    return services.publish_report(discloser_a, report.pk, today=on)


@pytest.mark.parametrize(
    ("today", "status", "on_time"),
    [
        ((1, 10), DueStatus.NOT_DUE, None),
        ((1, 21), DueStatus.DUE_SOON, None),
        ((1, 31), DueStatus.DUE_SOON, None),
        ((2, 1), DueStatus.OVERDUE, False),
    ],
)
def test_an_unpublished_report_warns_before_and_after_the_deadline(cast, year, today, status, on_time):
    day = datetime.date(year + 1, *today)
    assert selectors.due_status(None, year, day) == status
    assert selectors.report_published_on_time(cast.body_a, year, day) is on_time


def test_a_report_published_by_31_january_is_on_time(cast, discloser_a, year):
    _published(cast, discloser_a, year, datetime.date(year + 1, 1, 31))
    later = datetime.date(year + 3, 1, 1)
    assert selectors.report_published_on_time(cast.body_a, year, later) is True
    assert selectors.report_published_on_time(cast.body_b, year, later) is False
    assert selectors.report_published_on_time(None, year, later) is False  # the city's report


def test_a_report_published_on_1_february_is_late(cast, discloser_a, year):
    report = _published(cast, discloser_a, year, datetime.date(year + 1, 2, 1))
    assert selectors.due_status(report, year) == DueStatus.LATE
    assert selectors.report_published_on_time(cast.body_a, year) is False


def test_the_board_shows_each_concerned_report_with_its_light(cast, discloser_a, year):
    draft(discloser_a, cast.body_a, year)
    rows = selectors.deadline_board(cast.supervisor, year, datetime.date(year + 1, 2, 5))
    assert rows[0].owner == "全市汇总" and {r.body for r in rows[1:]} == {cast.body_a, cast.body_b}
    assert {r.status for r in rows} == {DueStatus.OVERDUE} and all(r.warn for r in rows)
    mine = selectors.deadline_board(discloser_a, year, datetime.date(year + 1, 1, 25))
    assert [(r.owner, r.status, r.report is not None) for r in mine] == [
        (cast.body_a.name, DueStatus.DUE_SOON, True)
    ]
    with pytest.raises(Forbidden):
        selectors.deadline_board(cast.nobody, year)
    with pytest.raises(Forbidden):
        selectors.deadline_board(cast.officer_a, year)


def test_the_staff_page_shows_the_warning(client, cast, discloser_a, year):
    with time_machine.travel(datetime.datetime(year + 1, 1, 25, 9), tick=False):
        client.force_login(discloser_a)
        page = client.get(f"/annualreport/?year={year}").content.decode()
    assert "即将到期" in page and "生成草稿" in page
    with time_machine.travel(datetime.datetime(year + 1, 3, 1, 9), tick=False):
        client.force_login(discloser_a)
        page = client.get(f"/annualreport/?year={year}").content.decode()
    assert "已逾期未公开" in page
