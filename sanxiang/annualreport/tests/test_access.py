"""Every page and endpoint four ways: anonymous, no grant, grant, grant in another body (AUTHZ-02)."""

import json

import pytest

from sanxiang.annualreport.choices import ReportStatus
from sanxiang.annualreport.models import AnnualReport
from sanxiang.api.models import ApiToken

from .test_workflow import complete, draft

pytestmark = pytest.mark.django_db
API = "/api/v1/annual-reports"


def bearer(user) -> dict:
    return {"HTTP_AUTHORIZATION": f"Bearer {ApiToken.issue(user)[1]}"}


@pytest.fixture
def report(cast, discloser_a, year):
    return draft(discloser_a, cast.body_a, year)


def test_anonymous_users_are_sent_to_login_and_the_api_wants_a_token(client, report):
    for url in ("/annualreport/", f"/annualreport/{report.pk}/", f"/annualreport/{report.pk}/export/pdf/"):
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert client.post(f"/annualreport/{report.pk}/approve/").status_code == 302
    assert client.get(API).status_code == 401
    assert client.get(f"{API}/{report.public_id}").status_code == 401


def test_a_user_without_a_grant_sees_nothing(client, cast, report):
    client.force_login(cast.nobody)
    assert client.get("/annualreport/").status_code == 403
    assert client.get(f"/annualreport/{report.pk}/").status_code == 404
    assert client.post(f"/annualreport/{report.pk}/approve/").status_code == 404
    assert client.get(API, **bearer(cast.nobody)).json() == []
    assert client.get(f"{API}/{report.public_id}", **bearer(cast.nobody)).status_code == 404


def test_the_body_s_staff_and_the_bureau_see_the_report(client, cast, discloser_a, report):
    for user in (discloser_a, cast.chief_a, cast.supervisor):
        client.force_login(user)
        assert client.get(f"/annualreport/{report.pk}/").status_code == 200
        assert client.get(f"{API}/{report.public_id}", **bearer(user)).status_code == 200
    page = client.get(f"/annualreport/{report.pk}/").content.decode()  # the supervisor's
    assert (
        f"/annualreport/{report.pk}/approve/" not in page and f"/annualreport/{report.pk}/edit/" not in page
    )


def test_another_body_s_staff_get_404_for_every_page_and_action(client, cast, discloser_b, report):
    for user in (discloser_b, cast.chief_b, cast.officer_a, cast.reviewer_a):
        client.force_login(user)
        for url in (f"/annualreport/{report.pk}/", f"/annualreport/{report.pk}/edit/"):
            assert client.get(url).status_code == 404
        for step in ("regenerate", "approve", "publish", "reopen"):
            assert client.post(f"/annualreport/{report.pk}/{step}/").status_code == 404
        assert client.get(f"/annualreport/{report.pk}/export/docx/").status_code == 404
        auth = bearer(user)
        assert client.get(f"{API}/{report.public_id}", **auth).status_code == 404
        assert client.post(f"{API}/{report.public_id}/approve", **auth).status_code == 404
        assert client.get(f"{API}/{report.public_id}/export/xlsx", **auth).status_code == 404
    report.refresh_from_db()
    assert report.status == ReportStatus.DRAFT and report.events.count() == 1


def test_the_whole_workflow_over_the_api(client, cast, discloser_a, year):
    body = str(cast.body_a.public_id)
    created = client.post(
        API, json.dumps({"year": year, "body": body}), "application/json", **bearer(discloser_a)
    )
    assert created.status_code == 201
    data = created.json()
    assert data["status"] == "draft" and "受理行政许可申请" in data["missing"]
    url = f"{API}/{data['id']}"
    assert (
        client.post(
            API, json.dumps({"year": year, "body": body}), "application/json", **bearer(discloser_a)
        ).status_code
        == 409
    )
    refused = client.post(f"{url}/approve", **bearer(cast.chief_a))
    assert refused.status_code == 409 and refused.json()["error"]["code"] == "incomplete_report"
    bad = client.patch(url, json.dumps({"permit_granted": -3}), "application/json", **bearer(discloser_a))
    assert bad.status_code == 400 and "permit_granted" in bad.json()["error"]["fields"]
    assert client.patch(url, "[1]", "application/json", **bearer(discloser_a)).status_code in (400, 422)
    filled = client.patch(url, json.dumps(complete()), "application/json", **bearer(discloser_a))
    assert filled.status_code == 200 and filled.json()["missing"] == []
    assert client.post(f"{url}/approve", **bearer(discloser_a)).status_code == 403
    assert client.post(f"{url}/approve", **bearer(cast.chief_a)).json()["status"] == "approved"
    published = client.post(f"{url}/publish", **bearer(discloser_a)).json()
    assert published["status"] == "published" and [h["step"] for h in published["history"]] == [
        "generated",
        "edited",
        "approved",
        "published",
    ]
    board = client.get(f"{API}/deadlines?year={year}", **bearer(discloser_a)).json()
    assert [row["report"] for row in board] == [data["id"]]
    assert (
        client.post(
            API, json.dumps({"year": year, "body": "nonsense"}), "application/json", **bearer(discloser_a)
        ).status_code
        == 404
    )
    assert AnnualReport.objects.count() == 1


def test_the_ui_runs_the_same_workflow(client, cast, discloser_a, year):
    client.force_login(discloser_a)
    response = client.post("/annualreport/generate/", {"year": year, "body": cast.body_a.pk})
    report = AnnualReport.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/annualreport/{report.pk}/"
    form = client.get(f"/annualreport/{report.pk}/edit/")
    assert form.status_code == 200 and "受理行政许可申请" in form.content.decode()
    bad = client.post(f"/annualreport/{report.pk}/edit/", {"permit_granted": "-1", "narrative": "说明"})
    assert bad.status_code == 400
    filled = {k: ("" if v is None else v) for k, v in complete().items()}
    assert client.post(f"/annualreport/{report.pk}/edit/", filled).status_code == 302
    client.force_login(cast.chief_a)
    assert client.post(f"/annualreport/{report.pk}/approve/").status_code == 302
    client.force_login(discloser_a)
    client.post(f"/annualreport/{report.pk}/publish/")
    report.refresh_from_db()
    assert report.status == ReportStatus.PUBLISHED
    page = client.get(f"/annualreport/{report.pk}/").content.decode()
    assert "已公开" in page and "<svg" in page and "手工填报" in page


def test_a_refused_step_in_the_ui_shows_the_reason_and_changes_nothing(client, cast, report):
    client.force_login(cast.chief_a)
    response = client.post(f"/annualreport/{report.pk}/approve/", follow=True)
    assert "STAT-03" in response.content.decode()
    report.refresh_from_db()
    assert report.status == ReportStatus.DRAFT
