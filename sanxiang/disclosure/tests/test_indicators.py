"""The indicator inputs that supervision reads (DISC-12 profile completeness)."""

import pytest

from sanxiang.disclosure import selectors, services
from sanxiang.disclosure.testing import sample

pytestmark = pytest.mark.django_db


def test_indicators_follow_publication_and_re_review(cast, staff, publish):
    body = cast.body_a
    assert not selectors.item_list_published(body) and not selectors.random_list_published(body)
    assert "行政执法事项清单未公开" in selectors.profile_gaps(body)
    item = services.create_item(staff.a, body.pk, "random_item", sample("random_item"))
    services.submit(staff.a, item.pk)
    assert not selectors.random_list_published(body)  # submitted, not yet approved by market supervision
    assert selectors.items_awaiting_approval(body) == 1
    services.approve(staff.msa, item.pk)
    services.publish(staff.a, item.pk)
    assert selectors.random_list_published(body)
    publish("enforcement_item")
    assert selectors.item_list_published(body)
    assert not selectors.guides_and_flowcharts_current(body)
    publish("service_guide")
    publish("flowchart")
    publish("body_info")
    assert selectors.guides_and_flowcharts_current(body)
    assert selectors.profile_gaps(body) == []
    services.declare_basis_change(
        staff.a, body.pk, {"kind": "duties", "law": "三定方案", "changed_on": "2026-02-01"}
    )
    assert not selectors.guides_and_flowcharts_current(body)
    assert "因依据变更待复核" in selectors.profile_gaps(body)[-1]
    assert selectors.officers_listed(body) and not selectors.item_list_published(cast.body_b)
