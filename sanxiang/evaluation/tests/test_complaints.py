"""Complaints: the public form (CSRF, validation, honeypot, rate limit), tracking, routing, handling."""

import re

import pytest
from django.test import Client

from sanxiang.core.errors import Forbidden
from sanxiang.evaluation import selectors, services
from sanxiang.evaluation.models import Complaint
from sanxiang.evaluation.services.complaints import ALPHABET

pytestmark = pytest.mark.django_db
FORM = "/portal/complaints/new/"
TRACK = "/portal/complaints/track/"
PII = {
    "name": "欧阳娜娜",
    "phone": "13912345678",
    "content": "执法人员未出示证件，身份证号 140882198503120017。",
}


def complaint_data(cast, **extra):
    data = {"kind": "complaint", "about_body": str(cast.body_a.pk), "subject": "执法不规范", **PII}
    data.update(extra)
    return data


def code_in(response) -> str:
    return re.search(r"查询码：<strong[^>]*>([A-Z0-9]{12})<", response.content.decode()).group(1)


def test_the_public_files_a_complaint_and_gets_an_unambiguous_tracking_code(client, cast):
    assert client.get(FORM).status_code == 200
    response = client.post(FORM, complaint_data(cast))
    code = code_in(response)
    assert set(code) <= set(ALPHABET) and len(code) == 12
    complaint = Complaint.objects.get(tracking_code=code)
    assert complaint.handling_body == cast.body_a and complaint.status == "received"
    assert complaint.due_on > complaint.received_on


def test_invalid_input_is_refused_with_chinese_messages_and_nothing_stored(client, cast):
    response = client.post(FORM, complaint_data(cast, subject="", content="太短", phone="abc"))
    text = response.content.decode()
    assert response.status_code == 400
    assert "请填写事由" in text and "具体内容至少 10 个字" in text and "请填写正确的联系电话" in text
    assert not Complaint.objects.exists()


def test_the_form_needs_a_csrf_token(cast):
    strict = Client(enforce_csrf_checks=True)
    assert strict.post(FORM, complaint_data(cast)).status_code == 403
    assert not Complaint.objects.exists()


def test_a_filled_honeypot_looks_like_success_but_stores_nothing(client, cast):
    response = client.post(FORM, complaint_data(cast, website="http://spam.example"))
    assert response.status_code == 200 and "已收到" in response.content.decode()
    assert not Complaint.objects.exists()


def test_one_address_may_file_only_a_few_complaints_an_hour(client, cast, settings):
    settings.SANXIANG_COMPLAINT_RATE = (2, 3600)
    assert client.post(FORM, complaint_data(cast)).status_code == 200
    assert client.post(FORM, complaint_data(cast)).status_code == 200
    refused = client.post(FORM, complaint_data(cast))
    assert refused.status_code == 429 and "过于频繁" in refused.content.decode()
    assert Complaint.objects.count() == 2
    other = Client(REMOTE_ADDR="10.0.0.9")
    assert other.post(FORM, complaint_data(cast)).status_code == 200


def test_progress_shows_status_and_answer_but_never_the_complainants_data(client, cast):
    """PUB-01: name, phone, ID number and complaint text never appear on the public page."""
    code = code_in(client.post(FORM, complaint_data(cast)))
    complaint = Complaint.objects.get(tracking_code=code)
    services.accept(cast.chief_a, complaint)
    services.answer(cast.chief_a, complaint, {"answer": "经核查，已对相关执法人员进行批评教育。"})
    response = client.post(TRACK, {"code": code.lower()})
    text = response.content.decode()
    assert response.status_code == 200 and "已答复" in text and "批评教育" in text
    for secret in (PII["name"], PII["phone"], "140882198503120017", "未出示证件"):
        assert secret not in text
    api = client.post("/api/v1/public/complaints/progress", {"code": code}, content_type="application/json")
    assert api.status_code == 200 and PII["phone"] not in api.content.decode()
    assert client.post(TRACK, {"code": "ABCDEFGHJKMN"}).status_code == 404
    assert client.post(TRACK, {"code": "短"}).status_code == 400


def test_a_complaint_naming_no_body_goes_to_the_bureau_and_can_be_routed(cast):
    complaint = services.submit_complaint(complaint_data(cast, about_body=""))
    assert complaint.handling_body is None
    assert selectors.complaints_for(cast.supervisor).filter(pk=complaint.pk).exists()
    assert not selectors.complaints_for(cast.chief_a).filter(pk=complaint.pk).exists()
    services.transfer(cast.supervisor, complaint, {"body": cast.body_b.pk, "note": "转河环办理"})
    assert selectors.complaints_for(cast.chief_b).filter(pk=complaint.pk).exists()
    with pytest.raises(Forbidden):  # a body may only hand it back to the bureau
        services.transfer(cast.chief_b, complaint, {"body": cast.body_a.pk})
    services.transfer(cast.chief_b, complaint, {"note": "不属于本单位职责"})
    complaint.refresh_from_db()
    assert complaint.handling_body is None and complaint.events.count() == 3


@pytest.mark.parametrize(
    ("who", "expected"),
    [("anonymous", 302), ("nobody", 403), ("chief_a", 200), ("chief_b", 404)],
)
def test_the_handling_page_answers_four_ways(client, cast, who, expected):
    complaint = services.submit_complaint(complaint_data(cast))
    if who != "anonymous":
        client.force_login(getattr(cast, who))
    response = client.get(f"/evaluation/complaints/{complaint.pk}/")
    if who == "nobody":
        response = client.get("/evaluation/complaints/")
    assert response.status_code == expected


def test_counts_feed_the_indicators(cast):
    import datetime

    first = services.submit_complaint(complaint_data(cast))
    services.submit_complaint(complaint_data(cast))
    services.answer(cast.chief_a, first, {"answer": "已处理"})
    day = first.received_on
    counts = selectors.complaint_counts(cast.body_a, day, day)
    assert counts == {"received": 2, "answered": 1, "answered_on_time": 1, "open": 1, "overdue": 0}
    assert selectors.complaint_counts(cast.body_b, day, day)["received"] == 0
    later = first.due_on + datetime.timedelta(days=1)
    assert selectors.complaint_counts(cast.body_a, day, later)["overdue"] == 1
