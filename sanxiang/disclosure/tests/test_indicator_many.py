"""The `_many` indicator inputs (DISC-12): equal to the per-body answers, one query for any number of bodies."""

import pytest

from sanxiang.disclosure import selectors, services
from sanxiang.testing import factories as f

pytestmark = pytest.mark.django_db

NAMES = ("item_list_published", "random_list_published", "guides_and_flowcharts_current")


def per_body(bodies) -> dict:
    return {name: {b.pk: getattr(selectors, name)(b) for b in bodies} for name in NAMES}


def many(bodies) -> dict:
    return {name: getattr(selectors, f"{name}_many")([b.pk for b in bodies]) for name in NAMES}


def test_the_many_variants_equal_the_per_body_answers_as_the_lists_change(cast, staff, publish):
    body_c = f.make_body("河津市交通运输局", "河交")
    bodies = [cast.body_a, cast.body_b, body_c]
    assert many(bodies) == per_body(bodies)
    publish("enforcement_item")
    publish("service_guide")
    assert many(bodies) == per_body(bodies)
    publish("flowchart")
    assert many(bodies)["guides_and_flowcharts_current"][cast.body_a.pk] is True
    assert many(bodies) == per_body(bodies)
    services.declare_basis_change(
        staff.a, cast.body_a.pk, {"kind": "duties", "law": "三定方案", "changed_on": "2026-02-01"}
    )
    assert many(bodies)["guides_and_flowcharts_current"][cast.body_a.pk] is False
    assert many(bodies) == per_body(bodies)
    assert many(bodies)["item_list_published"] == {
        cast.body_a.pk: True,
        cast.body_b.pk: False,
        body_c.pk: False,
    }


def test_each_many_variant_takes_one_query_whatever_the_number_of_bodies(cast, django_assert_num_queries):
    bodies = [f.make_body(f"河津市第{n}局", f"河{n}") for n in range(6)]
    for ids in ([cast.body_a.pk], [b.pk for b in bodies]):
        for name in NAMES:
            with django_assert_num_queries(1):
                getattr(selectors, f"{name}_many")(ids)
