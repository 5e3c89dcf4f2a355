"""CRED-02: the public credential check shows the live status; its QR code opens that page."""

import datetime

import pytest
from django.utils import timezone

from sanxiang.disclosure import qr
from sanxiang.orgs.models import Credential
from sanxiang.testing import factories as f

pytestmark = pytest.mark.django_db


def credential_of(officer) -> Credential:
    return officer.credentials.get()


def test_the_page_shows_name_body_fields_validity_and_valid_status(client, cast):
    credential = credential_of(cast.officers_a[0])
    response = client.get(f"/portal/credentials/{credential.number}/")
    page = response.content.decode()
    assert response.status_code == 200
    for text in (
        "张明",
        cast.body_a.name,
        credential.number,
        "市场监管",
        "有效",
        credential.valid_until.strftime("%Y年"),
    ):
        assert text in page
    assert cast.officers_a[0].id_number not in page


@pytest.mark.parametrize(("status", "label"), [("suspended", "暂扣"), ("revoked", "注销")])
def test_a_suspended_or_revoked_credential_shows_so_at_once(client, cast, status, label):
    credential = credential_of(cast.officers_a[0])
    Credential.objects.filter(pk=credential.pk).update(status=status)
    page = client.get(f"/portal/credentials/{credential.number}/").content.decode()
    assert f'class="status {status}">{label}<' in page and "不能用于执法" in page
    api = client.get(f"/api/v1/public/disclosure/credentials/{credential.number}").json()
    assert api["status"] == status and api["status_label"] == label


def test_a_credential_past_its_validity_shows_expired(client, cast):
    today = timezone.localdate()
    officer = f.make_officer(
        cast.body_a,
        "过期人",
        valid_from=today - datetime.timedelta(days=900),
        valid_until=today - datetime.timedelta(days=1),
    )
    page = client.get(f"/portal/credentials/{credential_of(officer).number}/").content.decode()
    assert "已过期" in page


def test_an_unknown_number_gives_a_chinese_404_page(client, cast):
    response = client.get("/portal/credentials/999999999/")
    assert response.status_code == 404 and "未查询到该执法证件" in response.content.decode()
    assert client.get("/portal/credentials/999999999/qr.svg").status_code == 404
    api = client.get("/api/v1/public/disclosure/credentials/999999999")
    assert api.status_code == 404 and api.json()["error"]["code"] == "not_found"


def test_the_search_form_leads_to_the_page(client, cast):
    number = credential_of(cast.officers_a[0]).number
    response = client.get("/portal/credentials/", {"number": f" {number} "})
    assert response.status_code == 302 and response["Location"] == f"/portal/credentials/{number}/"
    assert "核验" in client.get("/portal/credentials/").content.decode()


def test_the_qr_code_holds_the_address_of_the_page(client, cast):
    number = credential_of(cast.officers_a[0]).number
    expected = f"http://testserver/portal/credentials/{number}/"
    svg = client.get(f"/portal/credentials/{number}/qr.svg")
    png = client.get(f"/portal/credentials/{number}/qr.png")
    assert svg["Content-Type"] == "image/svg+xml" and png["Content-Type"] == "image/png"
    # The same bytes as a code made from the expected address: the QR content is that address.
    assert svg.content == qr.svg(expected) and png.content == qr.png(expected)
    assert svg.content != qr.svg(expected + "x")
    assert client.get(f"/portal/credentials/{number}/qr.gif").status_code == 404
