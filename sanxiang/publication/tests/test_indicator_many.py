"""The `_many` indicator inputs (DISC-01/02/05): equal to the per-body answers, one query for any number
of bodies."""

import datetime

import pytest

from sanxiang.cases import services as case_services
from sanxiang.publication import selectors, services
from sanxiang.publication.tests.conftest import publication_of
from sanxiang.testing import factories as f

pytestmark = pytest.mark.django_db

OUTCOME = {"source": "reconsideration", "document": "河政复决字〔2026〕7号", "reason": "复议决定"}


def test_the_many_variants_equal_the_per_body_answers(cast, decided, discloser, publish):
    today = datetime.date.today()
    published = publish(publication_of(decided()))
    publication_of(decided(on=today - datetime.timedelta(days=60)))  # overdue, unpublished
    case_services.run_transition(
        cast.chief_a, published.case_id, "revoke_decision", {"date": today.isoformat(), **OUTCOME}
    )
    services.withdraw(discloser, published.pk, "该决定已被行政复议撤销")
    body_c = f.make_body("河津市交通运输局", "河交")
    bodies = [cast.body_a, cast.body_b, body_c]
    ids = [b.pk for b in bodies]
    start, end = today - datetime.timedelta(days=90), today + datetime.timedelta(days=10)
    for name in ("publication_on_time", "withdrawals_on_time"):
        many = getattr(selectors, f"{name}_many")(ids, start, end)
        assert many == {b: getattr(selectors, name)(b, start, end) for b in ids}, name
    assert selectors.withdrawals_on_time_many(ids, start, end)[cast.body_a.pk] == (1, 1)
    assert selectors.publication_on_time_many(ids, start, end)[cast.body_b.pk] == (0, 0)
    assert selectors.publication_on_time_many(ids, start, end)[cast.body_a.pk][1] == 2


def test_each_many_variant_takes_one_query_whatever_the_number_of_bodies(cast, django_assert_num_queries):
    bodies = [f.make_body(f"河津市第{n}局", f"河{n}") for n in range(6)]
    start, end = datetime.date(2026, 1, 1), datetime.date(2026, 12, 31)
    for ids in ([cast.body_a.pk], [b.pk for b in bodies]):
        for name in ("publication_on_time_many", "withdrawals_on_time_many"):
            with django_assert_num_queries(1):
                getattr(selectors, name)(ids, start, end)
