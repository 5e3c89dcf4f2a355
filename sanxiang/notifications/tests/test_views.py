"""The inbox and its API four ways (anonymous, no grant, own, another user's), the badge, mark read."""

import pytest
from django.test import RequestFactory

from sanxiang.api.models import ApiToken
from sanxiang.notifications import services
from sanxiang.notifications.choices import Kind
from sanxiang.notifications.context_processors import unread
from sanxiang.notifications.models import Notification

pytestmark = pytest.mark.django_db
INBOX = "/notifications/"


def note(user, title="催报：自查报告已逾期", link="/supervision/campaigns/"):
    (n,) = services.notify([user], Kind.SELF_INSPECTION_OVERDUE, title, "请尽快报送。", link)
    return n


def bearer(user) -> dict:
    return {"HTTP_AUTHORIZATION": f"Bearer {ApiToken.issue(user)[1]}"}


@pytest.fixture
def own(cast):
    return note(cast.chief_b)


@pytest.fixture
def others(cast):
    return note(cast.chief_a, title="别人的通知")


def test_anonymous_users_are_sent_to_login_and_the_api_wants_a_token(client, own):
    for response in (
        client.get(INBOX),
        client.post(f"{INBOX}{own.pk}/open/"),
        client.post(f"{INBOX}{own.pk}/read/"),
        client.post(f"{INBOX}read-all/"),
    ):
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert client.get("/api/v1/notifications").status_code == 401
    own.refresh_from_db()
    assert own.read_at is None


def test_a_user_without_any_grant_has_an_empty_inbox_and_cannot_touch_anyone_else_s(client, cast, others):
    client.force_login(cast.nobody)
    response = client.get(INBOX)
    assert response.status_code == 200 and "暂无通知" in response.content.decode()
    assert "别人的通知" not in response.content.decode()
    assert client.post(f"{INBOX}{others.pk}/read/").status_code == 404
    assert client.get("/api/v1/notifications", **bearer(cast.nobody)).json() == []


def test_the_owner_sees_unread_first_and_opening_marks_read_and_goes_to_the_link(client, cast, own):
    older_read = note(cast.chief_b, title="已读的旧通知")
    services.mark_read(cast.chief_b, older_read.pk)
    newest_read = note(cast.chief_b, title="已读的新通知")
    services.mark_read(cast.chief_b, newest_read.pk)
    client.force_login(cast.chief_b)
    text = client.get(INBOX).content.decode()
    assert text.index(own.title) < text.index("已读的新通知") < text.index("已读的旧通知")
    assert '<span class="badge red" title="未读通知">1</span>' in text
    response = client.post(f"{INBOX}{own.pk}/open/")
    assert response.status_code == 302 and response["Location"] == "/supervision/campaigns/"
    own.refresh_from_db()
    assert own.read_at is not None
    assert 'title="未读通知"' not in client.get(INBOX).content.decode()


def test_mark_all_read_touches_only_the_user_s_own_notifications(client, cast, own, others):
    note(cast.chief_b, title="第二条")
    client.force_login(cast.chief_b)
    assert client.get(INBOX).status_code == 200
    assert client.post(f"{INBOX}read-all/").status_code == 302
    assert not Notification.objects.filter(user=cast.chief_b, read_at__isnull=True).exists()
    others.refresh_from_db()
    assert others.read_at is None


def test_another_user_s_notification_answers_404_like_a_missing_one(client, cast, own, others):
    client.force_login(cast.chief_b)
    for url in (f"{INBOX}{others.pk}/open/", f"{INBOX}{others.pk}/read/", f"{INBOX}999999/read/"):
        assert client.post(url).status_code == 404
    headers = bearer(cast.chief_b)
    missing = client.post(f"/api/v1/notifications/{others.pk}/read", **headers)
    assert missing.status_code == 404 and missing.json()["error"]["code"] == "not_found"
    others.refresh_from_db()
    assert others.read_at is None


def test_the_api_lists_and_marks_the_caller_s_own_notifications(client, cast, own, others):
    headers = bearer(cast.chief_b)
    rows = client.get("/api/v1/notifications", **headers).json()
    assert [r["id"] for r in rows] == [own.pk] and rows[0]["read_at"] is None
    assert client.post(f"/api/v1/notifications/{own.pk}/read", **headers).json()["read_at"]
    assert client.get("/api/v1/notifications?unread=true", **headers).json() == []
    note(cast.chief_b)
    assert client.post("/api/v1/notifications/read-all", **headers).json() == {"marked": 1}


def test_an_off_site_link_is_never_followed(client, cast):
    bad = note(cast.chief_b, link="https://evil.example.com/")
    client.force_login(cast.chief_b)
    assert client.post(f"{INBOX}{bad.pk}/open/")["Location"] == INBOX


def test_the_badge_costs_one_query_and_none_when_not_shown(cast, own, django_assert_num_queries):
    note(cast.chief_b)
    request = RequestFactory().get("/")
    request.user = cast.chief_b
    with django_assert_num_queries(0):
        context = unread(request)
    with django_assert_num_queries(1):
        assert int(str(context["unread_notifications"])) == 2 and bool(context["unread_notifications"])
