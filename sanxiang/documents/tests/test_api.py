"""/api/v1 documents endpoints: four ways each, the error shape, files, signatures, corrections."""

import json

import pytest

from sanxiang.api.models import ApiToken
from sanxiang.documents.choices import DocumentKind as K
from sanxiang.documents.models import Document
from sanxiang.testing import flow

from .support import current, inspection_input
from .test_signatures import png_scan

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fast_render", "web")]


def bearer(user) -> dict:
    _row, token = ApiToken.issue(user)
    return {"HTTP_AUTHORIZATION": f"Bearer {token}"}


@pytest.fixture
def notice(cast, new_case, today):
    return current(flow.to_notice(cast, new_case(), today), K.PENALTY_NOTICE)


def endpoints(document: Document) -> list[tuple[str, str]]:
    case, doc = document.case.public_id, document.public_id
    return [
        ("get", f"/api/v1/cases/{case}/documents"),
        ("post", f"/api/v1/cases/{case}/documents"),
        ("get", f"/api/v1/documents/{doc}"),
        ("get", f"/api/v1/documents/{doc}/file?format=pdf"),
        ("post", f"/api/v1/documents/{doc}/signatures"),
        ("post", f"/api/v1/documents/{doc}/corrections"),
    ]


def call(client, method, url, user=None, data=None):
    headers = bearer(user) if user else {}
    if method == "get":
        return client.get(url, **headers)
    return client.post(url, data=json.dumps(data or {}), content_type="application/json", **headers)


def assert_error(response, status, code=None):
    assert response.status_code == status, response.content
    body = response.json()
    assert set(body) == {"error"} and body["error"]["message"]
    if code:
        assert body["error"]["code"] == code
    return body["error"]


def test_without_a_token_every_endpoint_answers_401(client, notice):
    for method, url in endpoints(notice):
        assert_error(call(client, method, url), 401, "not_authenticated")


@pytest.mark.parametrize("who", ["nobody", "officer_b", "chief_b"])
def test_without_a_grant_on_the_case_every_endpoint_answers_404(client, cast, notice, who):
    for method, url in endpoints(notice):
        assert_error(
            call(client, method, url, getattr(cast, who), {"kind": "inspection_record"}), 404, "not_found"
        )
    assert_error(call(client, "get", "/api/v1/documents/not-a-uuid", cast.officer_a), 404)


def test_the_assigned_officer_lists_reads_and_downloads(client, cast, notice):
    listed = call(client, "get", endpoints(notice)[0][1], cast.officer_a).json()
    assert [d["kind"] for d in listed] == [K.FILING_APPROVAL, K.PENALTY_NOTICE]
    detail = call(client, "get", endpoints(notice)[2][1], cast.officer_a).json()
    assert detail["number"] == notice.number and detail["pdf_sm3"] == notice.pdf_sm3
    assert detail["transition"] == "serve_notice" and detail["template_version"] == 0
    response = call(client, "get", f"/api/v1/documents/{notice.public_id}/file?format=docx", cast.supervisor)
    assert response.status_code == 200 and response.content[:2] == b"PK"
    assert (
        response["X-Content-Type-Options"] == "nosniff"
        and "filename*=UTF-8''" in response["Content-Disposition"]
    )
    error = assert_error(
        call(client, "get", f"/api/v1/documents/{notice.public_id}/file?format=exe", cast.officer_a), 400
    )
    assert "pdf 或 docx" in error["message"]


def test_issuing_a_record_through_the_api(client, cast, notice, today):
    url = endpoints(notice)[1][1]
    error = assert_error(call(client, "post", url, cast.officer_a, {}), 400)
    assert "文书种类" in error["message"]
    bad = dict(inspection_input(cast, today), kind="inspection_record", ended_at="2000-01-01T00:00")
    error = assert_error(call(client, "post", url, cast.officer_a, bad), 400, "invalid")
    assert "结束时间须晚于开始时间" in error["fields"]["ended_at"]
    assert_error(
        call(client, "post", url, cast.officer_a, {"kind": "penalty_decision"}), 409, "automatic_document"
    )
    assert_error(
        call(
            client,
            "post",
            url,
            cast.supervisor,
            dict(inspection_input(cast, today), kind="inspection_record"),
        ),
        403,
    )
    created = call(
        client, "post", url, cast.officer_a, dict(inspection_input(cast, today), kind="inspection_record")
    )
    assert created.status_code == 201 and created.json()["kind"] == "inspection_record"


def test_signatures_through_the_api(client, cast, notice):
    url = endpoints(notice)[4][1]
    error = assert_error(
        call(client, "post", url, cast.officer_a, {"role": "recipient", "outcome": "refused"}), 400
    )
    assert "witness_name" in error["fields"]
    refusal = {"role": "recipient", "outcome": "refused", "signer_name": "王某某", "witness_name": "李某"}
    assert call(client, "post", url, cast.officer_a, refusal).status_code == 201
    multipart = {"role": "recipient", "outcome": "signed", "signer_name": "王某某", "scan": png_scan()}
    response = client.post(url, multipart, **bearer(cast.officer_a))
    assert response.status_code == 201 and len(response.json()["scan_sha256"]) == 64
    assert_error(call(client, "post", url, cast.supervisor, refusal), 403)


def test_corrections_through_the_api(client, cast, notice):
    url = endpoints(notice)[5][1]
    assert_error(call(client, "post", url, cast.officer_a, {"fields": {}}), 400)
    created = call(client, "post", url, cast.officer_a, {"reason": "笔误", "fields": {"facts": "新的事实"}})
    assert created.status_code == 201
    body = created.json()
    assert body["corrects"] == str(notice.public_id) and body["number"] == notice.number
    again = call(client, "post", url, cast.officer_a, {"reason": "再改", "fields": {"facts": "x"}})
    assert_error(again, 409, "document_superseded")
