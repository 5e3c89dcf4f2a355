"""The sitemap lists every public page (bodies, items, live decisions, reports, practices) and nothing
withdrawn or unpublished; robots.txt points at it."""

import re
import xml.etree.ElementTree as ET

import pytest

from sanxiang.evaluation import services as evaluation_services
from sanxiang.portal import sitemap
from sanxiang.publication import services as publication_services

pytestmark = pytest.mark.django_db
NS = {"s": sitemap.XMLNS}


def locations(client, url: str) -> list[str]:
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"].startswith("application/xml")
    root = ET.fromstring(response.content)  # noqa: S314 (our own output, not untrusted data)
    return [loc.text for loc in root.findall(".//s:loc", NS)]


def all_pages(client) -> list[str]:
    pages = []
    for child in locations(client, "/portal/sitemap.xml"):
        pages += locations(client, child.removeprefix("http://testserver"))
    return pages


def test_the_sitemap_lists_every_public_page(client, cast, staff, publish, decision):
    item = publish("enforcement_item")
    article = evaluation_services.save_article(cast.supervisor, {"title": "经验", "text": "正文内容"})
    evaluation_services.set_published(cast.supervisor, article, True)
    draft = evaluation_services.save_article(cast.supervisor, {"title": "草稿", "text": "正文内容"})
    pages = all_pages(client)
    assert all(p.startswith("http://testserver/portal/") for p in pages)
    for path in (
        "/portal/",
        "/portal/data/",
        "/portal/decisions/",
        "/portal/reports/",
        "/portal/practices/",
        f"/portal/bodies/{cast.body_a.public_id}/",
        f"/portal/bodies/{cast.body_b.public_id}/",
        f"/portal/items/{item.public_id}/",
        f"/portal/decisions/{decision.public_id}/",
        f"/portal/practices/{article.public_id}/",
    ):
        assert f"http://testserver{path}" in pages, path
    assert f"/portal/practices/{draft.public_id}/" not in " ".join(pages)
    assert len(pages) == len(set(pages))


def test_a_withdrawn_decision_leaves_the_sitemap_at_once(client, decision, discloser):
    assert f"/portal/decisions/{decision.public_id}/" in " ".join(all_pages(client))
    publication_services.withdraw(discloser, decision.pk, "决定被撤销")
    assert f"/portal/decisions/{decision.public_id}/" not in " ".join(all_pages(client))
    assert client.get("/portal/sitemap-decisions-1.xml").status_code == 404  # no decision file left


def test_decisions_are_split_into_files_of_at_most_the_limit(client, decision, monkeypatch):
    monkeypatch.setattr(sitemap, "PER_FILE", 1)
    children = locations(client, "/portal/sitemap.xml")
    assert [c.rsplit("/", 1)[1] for c in children] == ["sitemap-portal.xml", "sitemap-decisions-1.xml"]
    assert client.get("/portal/sitemap-decisions-2.xml").status_code == 404


def test_the_sitemap_uses_the_configured_public_address(client, cast, settings):
    settings.SANXIANG_PUBLIC_URL = "https://gs.hejin.gov.cn/"
    assert locations(client, "/portal/sitemap.xml")[0] == "https://gs.hejin.gov.cn/portal/sitemap-portal.xml"


def test_robots_txt_allows_the_portal_and_names_the_sitemap(client, cast):
    response = client.get("/portal/robots.txt")
    text = response.content.decode()
    assert response.status_code == 200 and response["Content-Type"].startswith("text/plain")
    assert "Allow: /portal/" in text and "Disallow: /portal/complaints/" in text
    assert re.search(r"^Sitemap: http://testserver/portal/sitemap\.xml$", text, re.M)
