"""An item's life: draft -> submitted -> approved -> published, versions, returns, ledger entries."""

import pytest

from sanxiang.core.errors import Conflict, Forbidden, InvalidInput
from sanxiang.disclosure import selectors, services
from sanxiang.disclosure.choices import VersionStatus
from sanxiang.disclosure.models import Item, ItemVersion
from sanxiang.disclosure.testing import sample
from sanxiang.ledger.models import Entry

pytestmark = pytest.mark.django_db


def kinds_logged(item) -> list[str]:
    return list(
        Entry.objects.filter(subject_id=str(item.public_id)).order_by("index").values_list("kind", flat=True)
    )


def test_an_item_goes_from_draft_to_published_with_a_ledger_entry_for_each_step(cast, staff):
    item = services.create_item(staff.a, cast.body_a.pk, "enforcement_item", sample("enforcement_item"))
    assert item.latest.status == VersionStatus.DRAFT and item.published is None
    services.submit(staff.a, item.pk)
    services.approve(cast.supervisor, item.pk)
    version = services.publish(staff.a, item.pk)
    item.refresh_from_db()
    assert version.status == VersionStatus.PUBLISHED and item.published == version
    assert kinds_logged(item) == [
        "disclosure.item.created",
        "disclosure.item.submitted",
        "disclosure.item.approved",
        "disclosure.item.published",
    ]
    payload = Entry.objects.filter(kind="disclosure.item.published").get().payload
    assert version.content_hash in payload and cast.body_a.credit_code in payload


def test_a_change_to_a_published_item_is_a_new_version_and_the_old_one_stays_viewable(cast, staff, publish):
    item = publish("enforcement_item")
    first = item.published
    services.edit_item(staff.a, item.pk, sample("enforcement_item", time_limit="六十日"))
    item.refresh_from_db()
    assert item.latest.number == 2 and item.latest.status == VersionStatus.DRAFT
    assert item.published == first  # the public still sees version 1 until version 2 is published
    services.submit(staff.a, item.pk)
    services.approve(cast.supervisor, item.pk)
    services.publish(staff.a, item.pk)
    first.refresh_from_db()
    assert first.status == VersionStatus.SUPERSEDED and first.superseded_at is not None
    assert [v.number for v in selectors.public_versions(item)] == [2, 1]
    assert selectors.public_version(item, 1).content["time_limit"] == "自立案之日起九十日内作出决定"
    changes = [
        d for d in selectors.diff(item.kind, first.content, item.versions.get(number=2).content) if d.changed
    ]
    assert [d.label for d in changes] == ["办理时限"]


def test_a_draft_is_edited_in_place_and_a_submitted_version_not_at_all(cast, staff):
    item = services.create_item(staff.a, cast.body_a.pk, "service_guide", sample("service_guide"))
    services.edit_item(staff.a, item.pk, sample("service_guide", fees="免费"))
    assert ItemVersion.objects.filter(item=item).count() == 1
    assert ItemVersion.objects.get(item=item).content["fees"] == "免费"
    services.submit(staff.a, item.pk)
    with pytest.raises(Conflict):
        services.edit_item(staff.a, item.pk, sample("service_guide", fees="另行收费"))
    assert ItemVersion.objects.get(item=item).content["fees"] == "免费"


def test_a_returned_version_needs_a_reason_and_the_next_edit_is_a_new_version(cast, staff):
    item = services.create_item(staff.a, cast.body_a.pk, "enforcement_item", sample("enforcement_item"))
    services.submit(staff.a, item.pk)
    with pytest.raises(InvalidInput) as missing:
        services.return_item(cast.supervisor, item.pk, {})
    assert "reason" in missing.value.fields
    returned = services.return_item(cast.supervisor, item.pk, {"reason": "依据条款不准确"})
    assert returned.status == VersionStatus.RETURNED and returned.return_reason == "依据条款不准确"
    with pytest.raises(Conflict):
        services.submit(staff.a, item.pk)
    services.edit_item(
        staff.a, item.pk, sample("enforcement_item", basis="《中华人民共和国食品安全法》第一百二十四条第一款")
    )
    item.refresh_from_db()
    assert item.latest.number == 2 and item.latest.status == VersionStatus.DRAFT
    assert "disclosure.item.returned" in kinds_logged(item)


def test_only_an_approved_version_is_published_and_only_by_the_bodys_staff(cast, staff):
    item = services.create_item(staff.a, cast.body_a.pk, "enforcement_item", sample("enforcement_item"))
    with pytest.raises(Conflict):
        services.publish(staff.a, item.pk)
    services.submit(staff.a, item.pk)
    services.approve(cast.supervisor, item.pk)
    with pytest.raises(Forbidden):
        services.publish(cast.supervisor, item.pk)
    services.publish(staff.a, item.pk)


def test_nobody_approves_a_version_they_submitted(cast, staff):
    from sanxiang.orgs.choices import Role
    from sanxiang.orgs.services import grant_role

    grant_role(staff.a, Role.SUPERVISOR)
    item = services.create_item(staff.a, cast.body_a.pk, "enforcement_item", sample("enforcement_item"))
    services.submit(staff.a, item.pk)
    staff.a._sanxiang_grants = None
    with pytest.raises(Conflict, match="报审人不能审核"):
        services.approve(staff.a, item.pk)


def test_bad_content_is_refused_with_chinese_field_messages_and_nothing_written(cast, staff):
    before = (Item.objects.count(), Entry.objects.count())
    with pytest.raises(InvalidInput) as refused:
        services.create_item(
            staff.a, cast.body_a.pk, "enforcement_item", {"name": "缺少其他字段", "kind": "bogus"}
        )
    assert "这个字段是必填项。" in refused.value.fields["basis"]
    assert "kind" in refused.value.fields
    assert (Item.objects.count(), Entry.objects.count()) == before


def test_a_body_has_one_body_information_item(cast, staff):
    services.create_item(staff.a, cast.body_a.pk, "body_info", sample("body_info"))
    with pytest.raises(Conflict):
        services.create_item(staff.a, cast.body_a.pk, "body_info", sample("body_info"))


def test_the_flowchart_form_checks_steps_links_and_branches():
    from sanxiang.disclosure.content import FlowchartForm

    form = FlowchartForm(sample("flowchart"))
    assert form.is_valid(), form.errors
    assert form.cleaned_data["nodes"][2] == {"id": "3", "label": "是否违法", "kind": "decision"}
    assert {"from": "3", "to": "5", "label": "不违法"} in form.cleaned_data["edges"]
    bad = FlowchartForm(sample("flowchart", nodes="1|立案|start\n2|判断|decision\n2|重复", edges="1|9"))
    assert not bad.is_valid()
    assert "第 3 行的编号“2”重复" in bad.errors["nodes"]
    one_branch = FlowchartForm(
        sample("flowchart", nodes="1|立案|start\n2|判断|decision\n3|结束|end", edges="1|2\n2|3")
    )
    assert not one_branch.is_valid() and "判断步骤“判断”应至少有两条分支" in one_branch.errors["edges"]
    unknown = FlowchartForm(sample("flowchart", edges="1|9"))
    assert not unknown.is_valid() and "不存在的步骤编号“9”" in unknown.errors["edges"][0]


def test_a_flowchart_is_drawn_as_svg_with_its_branches_and_a_loop_back():
    from sanxiang.disclosure.content import FlowchartForm
    from sanxiang.disclosure.flowchart import render_svg

    form = FlowchartForm(sample("flowchart"))
    assert form.is_valid()
    svg = render_svg(form.cleaned_data, "行政处罚一般程序流程图")
    assert svg.startswith("<svg") and svg.endswith("</svg>")
    for text in ("立案", "是否违法", "违法", "不违法", "补充调查", "作出处罚决定"):
        assert f">{text}<" in svg
    assert svg.count('class="fc-edge"') == 6 and "<polygon" in svg
