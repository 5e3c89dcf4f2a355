"""/api/v1/review: every step end to end, the isolation matrix and bad input (4xx, never 5xx)."""

import json

import pytest

from sanxiang.api.models import ApiToken
from sanxiang.review.testing import qualify
from sanxiang.testing import flow

from .conftest import decide

pytestmark = pytest.mark.django_db

BASE = "/api/v1/review"


def bearer(user) -> dict:
    return {"HTTP_AUTHORIZATION": f"Bearer {ApiToken.issue(user)[1]}"}


def post(client, url, data, user):
    return client.post(url, data=json.dumps(data), content_type="application/json", **bearer(user))


def get(client, url, user):
    return client.get(url, **bearer(user))


MATERIALS = {
    code: {"text": "见卷宗"}
    for code in ("investigation_report", "evidence_list", "proposed_decision", "draft_document", "discretion")
}
CHECKLIST = {
    code: {"conclusion": "compliant"}
    for code in ("subject", "procedure", "facts", "law", "competence", "documents", "crime")
}


def test_a_review_end_to_end_over_the_api(client, cast, major_case, day):
    case = major_case()
    qualify(cast.reviewer_a, cast.body_a)
    cid = case.public_id
    decision = dict(flow.DECISION_INPUT, date=str(day), fine_amount="50000")
    refused = post(client, f"/api/v1/cases/{cid}/transitions/decide", decision, cast.chief_a)
    assert refused.status_code == 409 and "REV-01" in refused.json()["error"]["message"]
    file = get(client, f"{BASE}/cases/{cid}", cast.reviewer_a).json()
    assert file["flagged"] and not file["passed"] and "全市通用目录第 3 项" in file["reasons"][0]
    incomplete = post(
        client,
        f"{BASE}/cases/{cid}/submissions",
        {"materials": {"evidence_list": {"text": "x"}}},
        cast.officer_a,
    )
    assert incomplete.status_code == 400 and incomplete.json()["error"]["code"] == "materials_incomplete"
    created = post(
        client, f"{BASE}/cases/{cid}/submissions", {"date": str(day), "materials": MATERIALS}, cast.officer_a
    )
    assert created.status_code == 201, created.content
    assert created.json()["round"] == 1 and created.json()["materials"]["evidence_list"]["text"] == "见卷宗"
    accepted = post(client, f"{BASE}/cases/{cid}/rounds/1/accept", {"date": str(day)}, cast.reviewer_a)
    assert accepted.status_code == 200 and accepted.json()["due_on"]
    adviser = {
        "adviser_name": "刘律师",
        "adviser_kind": "legal_adviser",
        "opinion": "无异议",
        "given_on": str(day),
    }
    assert post(client, f"{BASE}/cases/{cid}/rounds/1/advisers", adviser, cast.reviewer_a).status_code == 200
    opinion = {"date": str(day), "opinion": "approve", "reasons": "同意", "checklist": CHECKLIST}
    done = post(client, f"{BASE}/cases/{cid}/rounds/1/opinion", opinion, cast.reviewer_a)
    assert done.status_code == 200, done.content
    assert done.json()["opinion_label"] == "同意" and len(done.json()["checklist"]) == 7
    assert get(client, f"{BASE}/cases/{cid}", cast.chief_a).json()["passed"]
    decide(cast, case, day)
    duties = get(client, f"{BASE}/cases/{cid}/responsibility", cast.chief_a).json()
    assert [d["role"] for d in duties][-1] == "作出决定（审批）"
    assert any(d["role"] == "第 1 轮法律顾问意见" and d["who"] == "刘律师" for d in duties)


def test_flags_coordination_and_discussion_over_the_api(client, cast, major_case, day):
    case = major_case(fine="5000")
    cid = case.public_id
    flagged = post(
        client, f"{BASE}/cases/{cid}/flags", {"factor": "social_risk", "reason": "群体性投诉"}, cast.officer_a
    )
    assert flagged.status_code == 201
    flag_id = flagged.json()["id"]
    requested = post(
        client, f"{BASE}/cases/{cid}/flags/{flag_id}/removal", {"reason": "已化解"}, cast.officer_a
    )
    assert requested.json()["status"] == "removal_requested"
    refused = post(
        client,
        f"{BASE}/cases/{cid}/flags/{flag_id}/removal/decision",
        {"decision": "approve"},
        cast.officer_a,
    )
    assert refused.status_code == 403
    approved = post(
        client, f"{BASE}/cases/{cid}/flags/{flag_id}/removal/decision", {"decision": "approve"}, cast.chief_a
    )
    assert approved.json()["status"] == "removed"
    minutes = {
        "held_on": str(day),
        "presided_by": "王局长",
        "participants": [
            {"name": "王局长", "post": "局长"},
            {"name": "李四", "post": "副局长"},
            {"name": "赵五", "post": "科长"},
        ],
        "opinions": [{"name": n, "opinion": "同意"} for n in ("王局长", "李四", "赵五")],
        "conclusion": "decide",
        "conclusion_text": "同意作出处罚决定",
    }
    recorded = post(client, f"{BASE}/cases/{cid}/discussions", minutes, cast.chief_a)
    assert recorded.status_code == 201 and recorded.json()["participants"][1]["post"] == "副局长"


def test_bad_input_is_a_4xx(client, cast, major_case, day):
    cid = major_case().public_id
    for url, data in (
        (f"{BASE}/cases/{cid}/submissions", {"materials": ["not", "an", "object"]}),
        (f"{BASE}/cases/{cid}/submissions", {"materials": {"evidence_list": "text"}}),
        (f"{BASE}/cases/{cid}/flags", {"factor": "nonsense", "reason": ""}),
        (f"{BASE}/cases/{cid}/discussions", {"participants": "x", "opinions": 5}),
        (f"{BASE}/cases/{cid}/flags", ["a list"]),
    ):
        response = post(client, url, data, cast.chief_a if "discussions" in url else cast.officer_a)
        assert response.status_code == 400, (url, response.content)
        assert set(response.json()) == {"error"}
    assert get(client, f"{BASE}/cases/not-a-uuid", cast.officer_a).status_code == 404
    assert get(client, f"{BASE}/cases/{cid}/rounds/9", cast.officer_a).status_code == 404
    assert post(client, f"{BASE}/cases/{cid}/rounds/9/accept", {}, cast.reviewer_a).status_code == 404
    assert get(client, f"{BASE}/statistics?start=yesterday", cast.supervisor).status_code == 400


def test_the_isolation_matrix(client, cast, major_case, day):
    case = major_case()
    qualify(cast.reviewer_a, cast.body_a)
    post(
        client,
        f"{BASE}/cases/{case.public_id}/submissions",
        {"date": str(day), "materials": MATERIALS},
        cast.officer_a,
    )
    catalogue = get(client, f"{BASE}/catalogues", cast.supervisor).json()[0]["id"]
    reads = [
        f"{BASE}/cases/{case.public_id}",
        f"{BASE}/cases/{case.public_id}/rounds/1",
        f"{BASE}/cases/{case.public_id}/responsibility",
        f"{BASE}/bodies/{cast.body_a.public_id}/catalogue",
    ]
    for url in [*reads, f"{BASE}/queue", f"{BASE}/statistics", f"{BASE}/catalogues/{catalogue}"]:
        assert client.get(url).status_code == 401, url
    for url in reads:
        assert get(client, url, cast.nobody).status_code == 404, url
        assert get(client, url, cast.officer_b).status_code == 404, url
        assert get(client, url, cast.reviewer_a).status_code == 200, url
    assert get(client, f"{BASE}/catalogues/{catalogue}", cast.nobody).status_code == 404
    assert get(client, f"{BASE}/catalogues", cast.nobody).json() == []
    assert (
        get(client, f"{BASE}/catalogues/{catalogue}", cast.officer_b).status_code == 200
    )  # the city default
    writes = [
        (f"{BASE}/cases/{case.public_id}/flags", {"factor": "complex", "reason": "x"}),
        (f"{BASE}/cases/{case.public_id}/rounds/1/accept", {"date": str(day)}),
    ]
    for url, data in writes:
        assert post(client, url, data, cast.nobody).status_code == 404
        assert post(client, url, data, cast.chief_b).status_code == 404
        assert post(client, url, data, cast.supervisor).status_code == 403  # reads everything, writes nothing
    assert get(client, f"{BASE}/statistics", cast.nobody).status_code == 403
    assert [r["body_name"] for r in get(client, f"{BASE}/statistics", cast.chief_a).json()] == [
        cast.body_a.name
    ]
    assert len(get(client, f"{BASE}/statistics", cast.supervisor).json()) == 2
    assert get(client, f"{BASE}/queue", cast.reviewer_a).json()[0]["round"] == 1
    assert get(client, f"{BASE}/queue", cast.officer_b).json() == []
    assert get(client, f"{BASE}/alerts", cast.reviewer_a).json() == []
