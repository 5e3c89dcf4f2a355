"""DISC-12: a declared change in the law or duties sends affected published items back for review."""

import pytest

from sanxiang.core.errors import Forbidden, InvalidInput
from sanxiang.disclosure import selectors, services
from sanxiang.ledger.models import Entry

pytestmark = pytest.mark.django_db

LAW_CHANGE = {
    "kind": "law",
    "law": "《中华人民共和国食品安全法》",
    "changed_on": "2026-01-01",
    "note": "修正",
}


def test_a_law_change_marks_the_items_that_cite_it_and_they_stay_published(client, cast, staff, publish):
    cites = publish("enforcement_item")
    other = publish("enforcement_item", name="对无照经营的处罚", basis="《无证无照经营查处办法》第十三条")
    change = services.declare_basis_change(staff.a, cast.body_a.pk, LAW_CHANGE)
    cites.refresh_from_db()
    other.refresh_from_db()
    assert cites.recheck == change and other.recheck is None
    assert change.affected == [str(cites.public_id)]
    assert cites.published is not None  # still public while under review
    page = client.get(f"/portal/items/{cites.public_id}/").content.decode()
    assert "正在复核" in page and "DISC-12" in page
    assert Entry.objects.filter(kind="disclosure.basis_changed").count() == 1
    assert Entry.objects.filter(
        kind="disclosure.item.recheck_required", subject_id=str(cites.public_id)
    ).exists()


def test_a_short_citation_without_the_state_prefix_is_found_too(cast, staff, publish):
    item = publish("service_guide", basis="《食品安全法》第三十五条")
    services.declare_basis_change(staff.a, cast.body_a.pk, LAW_CHANGE)
    item.refresh_from_db()
    assert item.needs_recheck


def test_re_approval_of_a_version_sent_after_the_change_clears_the_mark(cast, staff, publish):
    item = publish("enforcement_item")
    services.declare_basis_change(staff.a, cast.body_a.pk, LAW_CHANGE)
    version = services.submit(staff.a, item.pk)  # unchanged content, sent for re-review
    assert version.number == 2 and version.content == item.published.content
    services.approve(cast.supervisor, item.pk)
    item.refresh_from_db()
    assert not item.needs_recheck
    assert "recheck_cleared" in Entry.objects.filter(kind="disclosure.item.approved").last().payload


def test_a_version_sent_before_the_change_does_not_answer_the_re_review(cast, staff, publish):
    item = publish("enforcement_item")
    services.edit_item(staff.a, item.pk, {**item.published.content, "time_limit": "六十日"})
    services.submit(staff.a, item.pk)
    services.declare_basis_change(staff.a, cast.body_a.pk, LAW_CHANGE)
    services.approve(cast.supervisor, item.pk)
    item.refresh_from_db()
    assert item.needs_recheck


def test_a_change_of_duties_sends_every_published_item_back_and_named_items_can_be_chosen(
    cast, staff, publish
):
    a = publish("enforcement_item")
    b = publish("flowchart")
    services.declare_basis_change(
        staff.a, cast.body_a.pk, {**LAW_CHANGE, "kind": "duties", "law": "三定方案"}
    )
    assert {i.pk for i in selectors.items_pending_recheck(cast.body_a)} == {a.pk, b.pk}
    c = publish("service_guide", name="另一指南")
    services.declare_basis_change(
        cast.supervisor, cast.body_a.pk, {**LAW_CHANGE, "law": "某规章", "items": [str(c.public_id)]}
    )
    c.refresh_from_db()
    assert c.needs_recheck


def test_only_the_bodys_staff_or_the_justice_bureau_declare_a_change(cast, staff):
    with pytest.raises(Forbidden):
        services.declare_basis_change(staff.msa, cast.body_a.pk, LAW_CHANGE)
    with pytest.raises(InvalidInput) as refused:
        services.declare_basis_change(staff.a, cast.body_a.pk, {"kind": "law"})
    assert "law" in refused.value.fields and "changed_on" in refused.value.fields
