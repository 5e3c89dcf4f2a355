"""Staff pages and the API, each tested four ways: anonymous, no grant, grant, grant in another body."""

import json

import pytest

from sanxiang.api.models import ApiToken
from sanxiang.supervision import snapshots
from sanxiang.supervision.choices import ReportStatus

from .support import fill, open_campaign

pytestmark = pytest.mark.django_db


def bearer(user) -> dict:
    return {"HTTP_AUTHORIZATION": f"Bearer {ApiToken.issue(user)[1]}"}


def test_the_dashboard_ranks_bodies_for_the_bureau_and_sends_a_body_to_its_own_scorecard(
    client, cast, new_case
):
    new_case(days_ago=40)
    snapshots.take_snapshot(__import__("datetime").date.today())
    assert client.get("/supervision/").status_code == 302  # anonymous: to the login page
    client.force_login(cast.nobody)
    assert client.get("/supervision/").status_code == 403
    client.force_login(cast.supervisor)
    page = client.get("/supervision/")
    text = page.content.decode()
    assert page.status_code == 200 and "执法主体排名" in text and "<svg" in text
    assert cast.body_a.name in text and cast.body_b.name in text and "超期案件" in text
    client.force_login(cast.chief_a)
    assert client.get("/supervision/")["Location"] == f"/supervision/bodies/{cast.body_a.pk}/"


def test_a_body_sees_only_its_own_scorecard_and_drill_down(client, cast, new_case):
    late = new_case(days_ago=40)
    a, b = cast.body_a.pk, cast.body_b.pk
    assert client.get(f"/supervision/bodies/{a}/").status_code == 302
    client.force_login(cast.nobody)
    assert client.get(f"/supervision/bodies/{a}/").status_code == 404
    client.force_login(cast.officer_a)
    page = client.get(f"/supervision/bodies/{a}/")
    assert page.status_code == 200 and "执法人员持有效执法证件" in page.content.decode()
    drill = client.get(f"/supervision/bodies/{a}/indicators/cases_overdue/")
    assert drill.status_code == 200 and late.clue_number in drill.content.decode()
    assert f"/cases/{late.pk}/" in drill.content.decode()
    assert client.get(f"/supervision/bodies/{b}/").status_code == 404
    assert client.get(f"/supervision/bodies/{b}/indicators/cases_overdue/").status_code == 404
    client.force_login(cast.supervisor)
    assert client.get(f"/supervision/bodies/{b}/").status_code == 200
    assert client.get("/supervision/indicators/cases_overdue/").status_code == 200
    client.force_login(cast.chief_a)
    assert client.get("/supervision/indicators/cases_overdue/").status_code == 403


def test_definitions_are_open_on_the_portal_and_in_the_public_api(client, cast):
    page = client.get("/portal/supervision/indicators/")
    assert page.status_code == 200 and "应审未审的重大执法决定" in page.content.decode()
    rows = client.get("/api/v1/public/supervision/indicators").json()
    row = next(r for r in rows if r["code"] == "rev_reviewers")
    assert row["rules"] == ["REV-03"] and row["threshold"] == "0.05" and "role_grant" in row["query"]
    assert client.get("/api/v1/public/supervision/city").status_code == 404
    snapshots.take_snapshot(__import__("datetime").date.today())
    city = client.get("/api/v1/public/supervision/city").json()
    assert {i["code"] for i in city["indicators"]} >= {"cred_valid", "cases_overdue"} and "body" not in city


def test_the_report_page_files_submits_records_and_exports(client, cast):
    report = open_campaign(cast, cast.body_a).reports.get()
    url = f"/supervision/reports/{report.pk}/"
    assert client.get(url).status_code == 302
    client.force_login(cast.chief_b)
    assert client.get(url).status_code == 404
    client.force_login(cast.nobody)
    assert client.get(url).status_code == 404
    client.force_login(cast.chief_a)
    page = client.get(url)
    assert page.status_code == 200 and "保存并报送" in page.content.decode()
    items = list(report.campaign.items.all())
    data = {"narrative": "总体落实到位", "action": "submit"}
    for item in items:
        data[f"a-{item.pk}-assessment"] = "done"
        data[f"a-{item.pk}-evidence"] = "卷宗第 3 册"
        data[f"a-{item.pk}-problems"] = ""
    refused = client.post(url, {**data, f"a-{items[0].pk}-assessment": ""})
    assert refused.status_code == 409 and "第 1 项尚未自评" in refused.content.decode()
    assert client.post(url, data).status_code == 302
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED
    assert client.post(f"/supervision/reports/{report.pk}/record/").status_code == 403  # not its own
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED
    docx = client.get(f"/supervision/reports/{report.pk}/export.docx")
    assert docx.status_code == 200 and docx.content[:2] == b"PK"
    client.force_login(cast.supervisor)
    assert client.post(f"/supervision/reports/{report.pk}/record/", {"note": "同意"}).status_code == 302
    report.refresh_from_db()
    assert report.status == ReportStatus.RECORDED


def test_campaign_pages(client, cast):
    client.force_login(cast.supervisor)
    assert client.get("/supervision/campaigns/new/").status_code == 200
    response = client.post(
        "/supervision/campaigns/new/", {"title": "2026年“回头看”", "year": "2026", "bodies": [cast.body_a.pk]}
    )
    assert response.status_code == 302
    page = client.get(response["Location"])
    assert page.status_code == 200 and "2026-04-30" in page.content.decode()
    assert client.post("/supervision/campaigns/new/", {"title": "", "bodies": []}).status_code == 400
    client.force_login(cast.chief_a)
    assert client.get("/supervision/campaigns/new/").status_code == 403
    assert client.get(response["Location"]).status_code == 200  # its body is in scope
    client.force_login(cast.chief_b)
    assert client.get(response["Location"]).status_code == 404


def test_the_api_four_ways(client, cast):
    report = open_campaign(cast, cast.body_a).reports.get()
    fill(cast.chief_a, report)
    url = f"/api/v1/supervision/reports/{report.public_id}"
    assert client.get(url).status_code == 401
    assert client.get(url, **bearer(cast.nobody)).status_code == 404
    assert client.get(url, **bearer(cast.chief_b)).status_code == 404
    body = client.get(url, **bearer(cast.chief_a)).json()
    assert body["status"] == "draft" and body["items"][3]["indicators"][0]["code"] == "cred_valid"
    submitted = client.post(f"{url}/submit", **bearer(cast.chief_a))
    assert submitted.status_code == 200 and submitted.json()["status"] == "submitted"
    refused = client.post(
        f"{url}/return",
        data=json.dumps({"reason": ""}),
        content_type="application/json",
        **bearer(cast.supervisor),
    )
    assert refused.status_code == 400 and refused.json()["error"]["code"] == "invalid"
    returned = client.post(
        f"{url}/return",
        data=json.dumps({"reason": "请补充佐证"}),
        content_type="application/json",
        **bearer(cast.supervisor),
    )
    assert returned.json()["status"] == "returned" and returned.json()["history"][-1]["action"] == "returned"
    cards = client.get("/api/v1/supervision/scorecards", **bearer(cast.chief_a)).json()
    assert [c["body_name"] for c in cards["bodies"]] == [cast.body_a.name] and cards["city"] is None
    other = client.get(
        f"/api/v1/supervision/bodies/{cast.body_b.public_id}/scorecard", **bearer(cast.chief_a)
    )
    assert other.status_code == 404
    assert client.get("/api/v1/supervision/scorecards", **bearer(cast.nobody)).status_code == 403
    bureau = client.get("/api/v1/supervision/scorecards", **bearer(cast.supervisor)).json()
    assert len(bureau["bodies"]) == 2 and bureau["city"]["body_name"] == "全市"
    created = client.post(
        "/api/v1/supervision/campaigns",
        data=json.dumps({"title": "专项", "year": 2027, "bodies": [str(cast.body_b.public_id)]}),
        content_type="application/json",
        **bearer(cast.supervisor),
    )
    assert created.status_code == 201 and created.json()["due_on"] == "2027-04-30"
    assert (
        client.get("/api/v1/supervision/scorecards?end=2026-13-01", **bearer(cast.supervisor)).status_code
        == 400
    )
