"""Approval by the right department only: the justice bureau, or market supervision for the random list."""

import pytest

from sanxiang.core.errors import Forbidden, NotFound
from sanxiang.disclosure import selectors, services
from sanxiang.disclosure.testing import sample

pytestmark = pytest.mark.django_db


def submitted(cast, staff, kind):
    item = services.create_item(staff.a, cast.body_a.pk, kind, sample(kind))
    services.submit(staff.a, item.pk)
    return item


@pytest.mark.parametrize("kind", ["body_info", "enforcement_item", "service_guide", "flowchart"])
def test_the_justice_bureau_approves_every_kind_but_the_random_list(cast, staff, kind):
    item = submitted(cast, staff, kind)
    assert services.approve(cast.supervisor, item.pk).status == "approved"


def test_the_random_list_is_approved_by_market_supervision_not_by_the_justice_bureau(cast, staff):
    item = submitted(cast, staff, "random_item")
    with pytest.raises(Forbidden, match="市场监管部门"):
        services.approve(cast.supervisor, item.pk)
    assert services.approve(staff.msa, item.pk).status == "approved"


def test_market_supervision_sees_only_the_random_list(cast, staff):
    item = submitted(cast, staff, "enforcement_item")
    with pytest.raises(NotFound):
        services.approve(staff.msa, item.pk)
    random = submitted(cast, staff, "random_item")
    assert selectors.approval_queue(staff.msa) == [random]
    assert [i.kind for i in selectors.items_of(staff.msa, cast.body_a)] == ["random_item"]


def test_the_bodys_own_staff_and_other_bodies_cannot_approve(cast, staff):
    item = submitted(cast, staff, "enforcement_item")
    with pytest.raises(Forbidden):
        services.approve(staff.a, item.pk)
    for outsider in (staff.b, cast.chief_a, cast.officer_b, cast.nobody):
        with pytest.raises(NotFound):
            services.approve(outsider, item.pk)
    assert item.pk in [i.pk for i in selectors.approval_queue(cast.supervisor)]
    assert selectors.approval_queue(staff.a) == []
