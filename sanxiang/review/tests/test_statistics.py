"""Supervision figures (docs/review.md): reviews, time, overdue, returns, staffing, unreviewed decisions."""

import datetime
from decimal import Decimal

import pytest

from sanxiang.core.errors import Forbidden, NotFound
from sanxiang.review import services, statistics
from sanxiang.review.testing import checklist_input, pass_review, submit_complete
from sanxiang.workdays.selectors import add_workdays

from .conftest import decide
from .test_catalogue import body_catalogue

pytestmark = pytest.mark.django_db


def test_the_figures_per_body(cast, major_case, reviewer, day):
    today = datetime.date.today()
    start = day - datetime.timedelta(days=10)
    approved = major_case()
    first = submit_complete(approved, cast.officer_a, day)
    services.accept(reviewer, first.pk, {"date": day})
    answered = add_workdays(day, 3).date
    services.give_opinion(reviewer, first.pk, {"date": answered, "opinion": "approve", **checklist_input()})
    decide(cast, approved, answered)
    returned = submit_complete(major_case(), cast.officer_a, day)
    services.accept(reviewer, returned.pk, {"date": day})
    services.give_opinion(
        reviewer, returned.pk, {"date": day, "opinion": "correct", "reasons": "补正", **checklist_input()}
    )
    late = submit_complete(major_case(), cast.officer_a, day)
    services.accept(reviewer, late.pk, {"date": day})  # due ten working days later: overdue by today

    minor = major_case(fine="5000")
    decide(cast, minor, day)
    # A catalogue put in force retroactively makes the minor decision a major one without review.
    item = {"kind": "amount", "title": "较大数额罚款", "penalty_kinds": ["fine"], "threshold_person": "1000"}
    body_catalogue(cast.chief_a, cast.body_a, [item], effective=start)

    rows = {r.body: r for r in statistics.review_statistics(cast.supervisor, start, today)}
    a = rows[cast.body_a]
    assert (a.reviews_done, a.average_workdays, a.returned, a.return_rate) == (
        2,
        Decimal("1.5"),
        1,
        Decimal("0.5"),
    )
    assert (a.overdue_open, a.overdue_done, a.overdue) == (1, 0, 1)
    assert (a.reviewers, a.officers, a.reviewer_share, a.meets_reviewer_share) == (
        1,
        4,
        Decimal("0.25"),
        True,
    )
    assert a.catalogue_published and not rows[cast.body_b].catalogue_published
    assert a.unreviewed_decisions == [minor]
    b = rows[cast.body_b]
    assert b.reviews_done == 0 and b.reviewer_share == 0 and not b.meets_reviewer_share


def test_who_sees_the_statistics(cast):
    today = datetime.date.today()
    assert {r.body for r in statistics.review_statistics(cast.supervisor, today, today)} == {
        cast.body_a,
        cast.body_b,
    }
    assert [r.body for r in statistics.review_statistics(cast.chief_a, today, today)] == [cast.body_a]
    with pytest.raises(NotFound):
        statistics.review_statistics(cast.chief_a, today, today, body_id=cast.body_b.pk)
    with pytest.raises(Forbidden):
        statistics.review_statistics(cast.officer_a, today, today)
    with pytest.raises(Forbidden):
        statistics.review_statistics(cast.nobody, today, today)


def test_a_reviewed_major_decision_is_not_counted(cast, major_case, reviewer, day):
    case = major_case()
    pass_review(case, reviewer, cast.officer_a, day)
    decide(cast, case, day)
    assert statistics.unreviewed_decisions([cast.body_a.pk], day, day) == {}
