"""`report_published_on_time_many`: the supervision indicator for every body in one query (STAT-01)."""

import datetime

import pytest

from sanxiang.annualreport import selectors
from sanxiang.testing import factories as f

from .test_deadlines import _published
from .test_workflow import draft

pytestmark = pytest.mark.django_db


def test_the_many_variant_equals_the_per_body_answers(cast, discloser_a, discloser_b, year):
    _published(cast, discloser_a, year, datetime.date(year + 1, 1, 31))
    draft(discloser_b, cast.body_b, year)  # generated, never published
    body_c = f.make_body("河津市交通运输局", "河交")
    ids = [cast.body_a.pk, cast.body_b.pk, body_c.pk]
    for day in (datetime.date(year + 1, 1, 10), datetime.date(year + 1, 2, 1), datetime.date(year + 3, 1, 1)):
        many = selectors.report_published_on_time_many(ids, year, day)
        bodies = [cast.body_a, cast.body_b, body_c]
        assert many == {b.pk: selectors.report_published_on_time(b, year, day) for b in bodies}, day
    assert selectors.report_published_on_time_many(ids, year, datetime.date(year + 3, 1, 1)) == {
        cast.body_a.pk: True,
        cast.body_b.pk: False,
        body_c.pk: False,
    }


def test_the_many_variant_takes_one_query_whatever_the_number_of_bodies(
    cast, year, django_assert_num_queries
):
    bodies = [f.make_body(f"河津市第{n}局", f"河{n}") for n in range(6)]
    for ids in ([cast.body_a.pk], [b.pk for b in bodies]):
        with django_assert_num_queries(1):
            selectors.report_published_on_time_many(ids, year, datetime.date(year + 1, 3, 1))
