"""Staff pages and API four ways: anonymous, no grant, grant, grant in another body (AUTHZ-02)."""

import json

import pytest

from sanxiang.api.models import ApiToken
from sanxiang.cases.tests.views_support import html, login
from sanxiang.disclosure import services
from sanxiang.disclosure.testing import sample

pytestmark = pytest.mark.django_db


@pytest.fixture
def item(cast, staff):
    return services.create_item(staff.a, cast.body_a.pk, "enforcement_item", sample("enforcement_item"))


def page_urls(cast, item) -> list[str]:
    body = cast.body_a.public_id
    return [
        f"/disclosure/bodies/{body}/",
        f"/disclosure/bodies/{body}/new/enforcement_item/",
        f"/disclosure/bodies/{body}/basis-change/",
        f"/disclosure/items/{item.public_id}/",
        f"/disclosure/items/{item.public_id}/edit/",
        f"/disclosure/items/{item.public_id}/versions/1/",
    ]


def bearer(user) -> dict:
    return {"HTTP_AUTHORIZATION": f"Bearer {ApiToken.issue(user)[1]}"}


def test_anonymous_visitors_are_sent_to_login_and_the_api_answers_401(client, cast, item):
    for url in [*page_urls(cast, item), "/disclosure/"]:
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"], url
    assert client.get(f"/api/v1/disclosure/items/{item.public_id}").status_code == 401


def test_users_without_a_grant_or_of_another_body_get_404(client, cast, staff, item):
    for user in (cast.nobody, staff.b, cast.officer_b):
        login(client, user)
        for url in page_urls(cast, item):
            assert client.get(url).status_code == 404, (user, url)
        assert item.title not in html(client.get("/disclosure/"))
        api = client.get(f"/api/v1/disclosure/items/{item.public_id}", **bearer(user))
        assert api.status_code == 404 and api.json()["error"]["code"] == "not_found"
        posted = client.post(f"/api/v1/disclosure/items/{item.public_id}/submit", **bearer(user))
        assert posted.status_code == 404


def test_the_bodys_disclosure_staff_work_through_the_pages(client, cast, staff, item):
    login(client, staff.a)
    for url in page_urls(cast, item):
        assert client.get(url).status_code == 200, url
    bad = client.post(f"/disclosure/items/{item.public_id}/edit/", {"name": "只改名称"})
    assert bad.status_code == 400 and "这个字段是必填项。" in html(bad)
    good = client.post(
        f"/disclosure/items/{item.public_id}/edit/", sample("enforcement_item", time_limit="三十日")
    )
    assert good.status_code == 302
    assert client.post(f"/disclosure/items/{item.public_id}/submit/").status_code == 302
    page = html(client.get(f"/disclosure/items/{item.public_id}/"))
    assert "待审核" in page and "三十日" in page


def test_the_supervisor_approves_and_returns_through_the_pages(client, cast, staff, item):
    services.submit(staff.a, item.pk)
    login(client, cast.supervisor)
    assert "对销售超过保质期食品的行政处罚" in html(client.get("/disclosure/"))
    no_reason = client.post(f"/disclosure/items/{item.public_id}/return/", {})
    assert no_reason.status_code == 400 and "退回理由" in html(no_reason)
    assert (
        client.post(f"/disclosure/items/{item.public_id}/return/", {"reason": "请补充依据"}).status_code
        == 302
    )
    assert "请补充依据" in html(client.get(f"/disclosure/items/{item.public_id}/"))
    assert client.get(f"/disclosure/items/{item.public_id}/edit/").status_code == 403


def test_the_whole_workflow_over_the_api(client, cast, staff):
    body = cast.body_a.public_id
    chart = {
        "name": "许可流程",
        "nodes": [{"id": "1", "label": "受理", "kind": "start"}, {"id": "2", "label": "决定", "kind": "end"}],
        "edges": [{"from": "1", "to": "2"}],
    }
    created = client.post(
        f"/api/v1/disclosure/bodies/{body}/items/flowchart",
        data=json.dumps(chart),
        content_type="application/json",
        **bearer(staff.a),
    )
    assert created.status_code == 201, created.content
    item_id = created.json()["id"]
    assert created.json()["latest"]["content"]["nodes"][0] == {"id": "1", "label": "受理", "kind": "start"}
    assert client.post(f"/api/v1/disclosure/items/{item_id}/submit", **bearer(staff.a)).status_code == 200
    refused = client.post(f"/api/v1/disclosure/items/{item_id}/approve", **bearer(staff.a))
    assert refused.status_code == 403 and refused.json()["error"]["code"] == "forbidden"
    assert (
        client.post(f"/api/v1/disclosure/items/{item_id}/approve", **bearer(cast.supervisor)).status_code
        == 200
    )
    published = client.post(f"/api/v1/disclosure/items/{item_id}/publish", **bearer(staff.a))
    assert published.json()["published_version"] == 1
    again = client.post(f"/api/v1/disclosure/items/{item_id}/publish", **bearer(staff.a))
    assert again.status_code == 409
    bad = client.post(
        f"/api/v1/disclosure/bodies/{body}/items/enforcement_item",
        data=json.dumps({"name": "x"}),
        content_type="application/json",
        **bearer(staff.a),
    )
    assert bad.status_code == 400 and "basis" in bad.json()["error"]["fields"]
    change = client.post(
        f"/api/v1/disclosure/bodies/{body}/basis-changes",
        data=json.dumps({"kind": "duties", "law": "三定方案", "changed_on": "2026-03-01"}),
        content_type="application/json",
        **bearer(cast.supervisor),
    )
    assert change.status_code == 201 and change.json()["items"] == [item_id]
    version = client.get(f"/api/v1/disclosure/items/{item_id}/versions/1", **bearer(staff.a)).json()
    assert version["status"] == "published"
