"""The public portal: home with the directory, a body's page with everything published, open data."""

import csv
import io

import pytest
from openpyxl import load_workbook

from sanxiang.core import hooks
from sanxiang.disclosure import services
from sanxiang.disclosure.testing import sample
from sanxiang.portal import sections

pytestmark = pytest.mark.django_db


@pytest.fixture
def published(cast, staff, publish):
    return {
        kind: publish(kind)
        for kind in ("body_info", "enforcement_item", "random_item", "service_guide", "flowchart")
    }


def test_home_lists_the_bodies_by_kind_and_works_on_phones(client, cast):
    page = client.get("/portal/").content.decode()
    assert 'name="viewport"' in page and "portal/portal.css" in page
    assert "行政机关（2）" in page and cast.body_a.name in page and cast.body_b.name in page
    assert f"/portal/bodies/{cast.body_a.public_id}/" in page and "执法证核验" in page


def test_the_body_page_shows_everything_published_and_no_draft(client, cast, staff, published):
    draft = services.create_item(
        staff.a, cast.body_a.pk, "enforcement_item", sample("enforcement_item", name="未公开的草稿事项")
    )
    response = client.get(f"/portal/bodies/{cast.body_a.public_id}/")
    page = response.content.decode()
    assert response.status_code == 200
    for text in (
        "负责市场综合监督管理",  # body information
        "张明",  # officer list from the registry
        "对销售超过保质期食品的行政处罚",
        "食品经营者经营条件检查",
        "食品经营许可",
        "<svg",  # the flowchart drawn on the page
        "全市通用目录",  # the review catalogue in force and published
    ):
        assert text in page, text
    assert draft.title not in page
    assert client.get(f"/portal/items/{draft.public_id}/").status_code == 404


def test_an_unknown_body_or_item_is_a_chinese_404(client, cast):
    assert "未找到" in client.get("/portal/bodies/not-a-uuid/").content.decode()
    assert client.get("/portal/bodies/00000000-0000-0000-0000-000000000000/").status_code == 404
    assert client.get("/portal/items/00000000-0000-0000-0000-000000000000/").status_code == 404


def test_other_apps_add_sections_through_the_hook(client, cast):
    def handler(body):
        return sections.Section(title="测试栏目", html="<p>来自其他应用</p>")

    hooks.register(sections.BODY_SECTIONS, handler)
    try:
        page = client.get(f"/portal/bodies/{cast.body_a.public_id}/").content.decode()
    finally:
        hooks._handlers[sections.BODY_SECTIONS].remove(handler)
    assert "测试栏目" in page and "来自其他应用" in page
    assert sections.safe_reverse("no_such_app:list") is None
    assert sections.safe_reverse("no_such_app:list", "portal_public:home") == "/portal/"


def test_csv_and_xlsx_downloads_state_the_licence(client, cast, published):
    url = f"/portal/data/enforcement_items.csv?body={cast.body_a.public_id}"
    response = client.get(url)
    text = response.content.decode("utf-8-sig")
    assert response["Content-Type"].startswith("text/csv") and "license" in response["Link"]
    lines = text.splitlines()
    assert lines[0].startswith("# 行政执法事项清单") and "CC BY 4.0" in lines[0]
    rows = list(csv.reader(io.StringIO("\n".join(lines[1:]))))
    assert (
        rows[0][:3] == ["执法主体", "事项名称", "事项编码"] and rows[1][1] == "对销售超过保质期食品的行政处罚"
    )
    assert "行政处罚" in rows[1]  # choice codes exported with their labels
    book = load_workbook(io.BytesIO(client.get("/portal/data/officers.xlsx").content))
    assert book["数据"]["B1"].value == "姓名"
    about = {row[0]: row[1] for row in book["说明"].iter_rows(values_only=True)}
    assert "CC BY 4.0" in about["许可"]
    assert client.get("/portal/data/nothing.csv").status_code == 404
    assert "开放数据" in client.get("/portal/data/").content.decode()


def test_the_public_json_api_serves_published_items_with_the_licence(client, cast, published):
    bodies = client.get("/api/v1/public/bodies").json()
    assert bodies["count"] == 2 and "CC BY 4.0" in bodies["licence"]
    body = client.get(f"/api/v1/public/bodies/{cast.body_a.public_id}").json()
    assert body["published"]["enforcement_item"] == 1 and body["info"]["duties"]
    guides = client.get(f"/api/v1/public/disclosure/guides?body={cast.body_a.public_id}").json()
    assert guides["count"] == 1 and guides["items"][0]["fees"] == "不收费"
    charts = client.get("/api/v1/public/disclosure/flowcharts").json()
    assert charts["items"][0]["steps"][0]["label"] == "立案"
    item = client.get(f"/api/v1/public/disclosure/items/{published['random_item'].public_id}").json()
    assert item["history"][0]["version"] == 1
    officers = client.get(f"/api/v1/public/disclosure/officers?body={cast.body_a.public_id}").json()
    assert {o["name"] for o in officers["items"]} >= {"张明", "李华"}
    assert client.get("/api/v1/public/disclosure/items?kind=bogus").status_code == 400
