"""PUB-01: personal data seeded into a case never appears in anything the portal serves."""

import datetime
import io

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from sanxiang.publication.tests.conftest import publication_of
from sanxiang.testing import factories as f

PARTY_ID = f.id_number(991, birth="19800517")
WIFE_ID = f.id_number(992, birth="19820203")
SEEDED = {
    "party name": "欧阳铁军",
    "party given name": "铁军",
    "party id": PARTY_ID,
    "party id without check digit": PARTY_ID[:17],
    "wife id": WIFE_ID,
    "party mobile": "13912345678",
    "wife mobile": "15011112222",
    "landline": "0359-5067788",
    "bank card": "6222021234567890128",
    "plate": "晋M56789",
    "email": "ouyang.tj@example.com",
    "home address detail": "北方平村",
    "home street": "樊村镇",
    "scene address detail": "新耿大街",
    "wife": "刘翠花",
    "witness": "赵铁柱",
    "witness address": "龙门新村",
}
FACTS = (
    f"当事人欧阳铁军驾驶晋M56789货车，在河津市清涧街道新耿大街8号院门口销售过期食品。"
    f"其妻子刘翠花（公民身份号码{WIFE_ID}，手机15011112222）负责收款，收款银行卡号6222021234567890128。"
    f"证人赵铁柱证实上述情况。当事人联系电话0359-5067788，电子邮箱ouyang.tj@example.com。"
)


@pytest.fixture
def seeded(cast, decided, publish):
    party = f.natural_party("欧阳铁军") | {
        "id_number": PARTY_ID,
        "phone": "13912345678",
        "address": "山西省运城市河津市樊村镇北方平村3组18号",
    }

    from sanxiang.testing import flow

    today = timezone.localdate()
    day = today - datetime.timedelta(days=3)
    case = flow.decided_with_witness(
        cast, day, party, FACTS, "问：你看到了什么？\n答：看到欧阳铁军在卖过期食品。"
    )
    return publish(publication_of(case))


def leaks(text: str) -> list[str]:
    return [label for label, value in SEEDED.items() if value in text]


def test_the_served_text_really_carries_the_seeded_data(seeded):
    source = seeded.versions.get().source_text
    assert not {"party name", "party id", "wife id", "bank card", "plate", "email"} - set(leaks(source))


def test_nothing_seeded_leaves_through_html_json_csv_or_xlsx(client, seeded):
    outputs = {
        "search page": client.get("/portal/decisions/").content.decode(),
        "search page with query": client.get("/portal/decisions/", {"q": "过期食品"}).content.decode(),
        "decision page": client.get(f"/portal/decisions/{seeded.public_id}/").content.decode(),
        "json list": client.get("/api/v1/public/publication/decisions").content.decode(),
        "json decision": client.get(
            f"/api/v1/public/publication/decisions/{seeded.public_id}"
        ).content.decode(),
        "csv": client.get("/portal/decisions/export.csv").content.decode("utf-8-sig"),
    }
    book = load_workbook(io.BytesIO(client.get("/portal/decisions/export.xlsx").content), read_only=True)
    outputs["xlsx"] = "\n".join(
        str(cell)
        for sheet in book.worksheets
        for row in sheet.iter_rows(values_only=True)
        for cell in row
        if cell
    )
    assert "过期食品" in outputs["decision page"] and "过期食品" in outputs["xlsx"]  # the content is there
    assert "欧阳某" in outputs["decision page"]
    assert {name: leaks(text) for name, text in outputs.items()} == {name: [] for name in outputs}


def test_the_json_decision_json_is_unescaped_text(client, seeded):
    data = client.get(f"/api/v1/public/publication/decisions/{seeded.public_id}").json()
    assert leaks(data["text"]) == [] and data["ledger"]["index"] == seeded.ledger_index


def test_searching_for_a_seeded_value_finds_nothing(client, seeded):
    for value in (PARTY_ID, "13912345678", "刘翠花", "赵铁柱", "欧阳铁军", "北方平村"):
        assert client.get("/api/v1/public/publication/decisions", {"q": value}).json()["count"] == 0, value
    assert client.get("/api/v1/public/publication/decisions", {"q": "欧阳某"}).json()["count"] == 1


def test_the_decision_page_links_the_ledger_proof(client, seeded):
    text = client.get(f"/portal/decisions/{seeded.public_id}/").content.decode()
    assert f"/api/v1/ledger/entries/{seeded.ledger_index}/proof" in text
    assert "<dt>状态</dt><dd>已公开</dd>" in text
    from sanxiang.ledger.services import sign_tree_head

    sign_tree_head()  # the scheduled signing job
    proof = client.get(f"/api/v1/ledger/entries/{seeded.ledger_index}/proof")
    assert proof.status_code == 200


def test_a_withdrawn_decision_page_answers_410_with_the_reason_and_no_content(client, seeded, discloser):
    from sanxiang.publication import services

    services.withdraw(discloser, seeded.pk, "该决定已被行政复议撤销")
    response = client.get(f"/portal/decisions/{seeded.public_id}/")
    text = response.content.decode()
    assert response.status_code == 410 and "已撤回" in text and "该决定已被行政复议撤销" in text
    assert "过期食品" not in text
    api = client.get(f"/api/v1/public/publication/decisions/{seeded.public_id}")
    assert api.status_code == 410 and api.json()["error"]["code"] == "withdrawn"
    assert client.get("/api/v1/public/publication/decisions").json()["count"] == 0
