"""Staff UI read pages: who sees what (four ways), deadline lights, filters, masking, query counts."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from sanxiang.cases import services
from sanxiang.cases.models import Deadline
from sanxiang.orgs.choices import Role
from sanxiang.testing import factories as f
from sanxiang.workdays import snapshot

from .views_support import bulk_cases, html, login

pytestmark = pytest.mark.django_db


def case_urls(case_id: int) -> list[str]:
    return [
        reverse("cases:detail", args=[case_id]),
        reverse("cases:transition", args=[case_id, "file_case"]),
    ]


# --- four ways: anonymous, no grant, grant, grant in another body ----------------------------


@pytest.mark.parametrize(
    "name", ["cases:my_cases", "cases:list", "cases:new", "cases:detail", "cases:transition"]
)
def test_anonymous_visitors_are_sent_to_the_login_page(client, cast, new_case, name):
    case = new_case()
    args = {"cases:detail": [case.pk], "cases:transition": [case.pk, "file_case"]}.get(name, [])
    response = client.get(reverse(name, args=args))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_a_user_without_grants_sees_empty_lists_and_no_case(client, cast, new_case):
    case = new_case()
    login(client, cast.nobody)
    for name in ("cases:my_cases", "cases:list"):
        response = client.get(reverse(name))
        assert response.status_code == 200
        assert case.clue_number not in html(response)
    for url in case_urls(case.pk):
        assert client.get(url).status_code == 404
    assert client.get(reverse("cases:new")).status_code == 403


def test_an_assigned_officer_sees_the_case_everywhere(client, cast, new_case):
    case = new_case()
    login(client, cast.officer_a)
    for url in (reverse("cases:my_cases"), reverse("cases:list"), reverse("cases:detail", args=[case.pk])):
        response = client.get(url)
        assert response.status_code == 200
        assert case.clue_number in html(response)


@pytest.mark.parametrize("who", ["officer_b", "chief_b"])
def test_people_of_another_body_get_the_same_404_as_for_a_missing_case(client, cast, new_case, who):
    case = new_case()
    login(client, getattr(cast, who))
    for url in case_urls(case.pk):
        assert client.get(url).status_code == 404
    for url in case_urls(case.pk + 1000):
        assert client.get(url).status_code == 404
    response = client.post(reverse("cases:transition", args=[case.pk, "file_case"]), {})
    assert response.status_code == 404
    assert case.clue_number not in html(client.get(reverse("cases:list")))


def test_an_officer_of_the_same_body_who_is_not_assigned_gets_404(client, cast, new_case):
    case = new_case()
    other = f.make_user("a.other", Role.OFFICER, body=cast.body_a)
    f.make_officer(cast.body_a, "钱多", user=other)
    login(client, other)
    assert client.get(reverse("cases:detail", args=[case.pk])).status_code == 404
    assert case.clue_number not in html(client.get(reverse("cases:my_cases")))


# --- my cases ------------------------------------------------------------------------------------


def test_my_cases_shows_the_most_urgent_deadline_and_alerts_overdue_first(client, cast, today):
    overdue, due_soon, later = bulk_cases(cast, 3, due_in_days=lambda i: [-4, 1, 40][i])
    Deadline.objects.filter(case=later).update(due_date=today + datetime.timedelta(days=60))
    Deadline.objects.create(
        case=later,
        kind="decision",
        rule="CASE-05",
        start_date=today,
        count=90,
        unit="days",
        due_date=today + datetime.timedelta(days=40),
    )
    login(client, cast.officer_a)
    page = html(client.get(reverse("cases:my_cases")))
    assert "超期 4 日" in page
    assert "light red" in page and "light yellow" in page and "light green" in page
    # the most urgent of the later case's two deadlines is the decision period
    assert f"届满 {today + datetime.timedelta(days=40):%Y-%m-%d}" in page
    assert f"届满 {today + datetime.timedelta(days=60):%Y-%m-%d}" not in page
    alerts = page.split('id="alerts-title"')[1].split("</section>")[0]
    assert (
        overdue.clue_number in alerts and due_soon.clue_number in alerts and later.clue_number not in alerts
    )
    assert alerts.index(overdue.clue_number) < alerts.index(due_soon.clue_number)


def test_my_cases_shows_the_most_urgent_alerts_and_counts_the_rest(client, cast, monkeypatch):
    from sanxiang.cases.views import lists

    monkeypatch.setattr(lists, "ALERTS_SHOWN", 2)
    cases = bulk_cases(cast, 3, due_in_days=lambda i: [-5, -3, 1][i])
    login(client, cast.officer_a)
    page = html(client.get(reverse("cases:my_cases")))
    alerts = page.split('id="alerts-title"')[1].split("</section>")[0]
    assert cases[0].clue_number in alerts and cases[1].clue_number in alerts
    assert cases[2].clue_number not in alerts and "另有 1 条预警未显示" in page


def test_my_cases_lists_only_open_cases_assigned_to_me(client, cast, new_case):
    mine = new_case()
    others = new_case(officers=[cast.officers_a[1].pk, cast.host_a.pk])
    closed = bulk_cases(cast, 1)[0]
    closed.state = "not_filed"
    closed.save()
    login(client, cast.officer_a)
    page = html(client.get(reverse("cases:my_cases")))
    assert mine.clue_number in page
    assert others.clue_number not in page and closed.clue_number not in page


def test_remaining_working_days_are_shown_for_a_running_deadline(client, cast, new_case):
    new_case(days_ago=0)
    login(client, cast.officer_a)
    assert "剩余 15 个工作日" in html(client.get(reverse("cases:my_cases")))


# --- the list --------------------------------------------------------------------------------------


def test_the_list_is_paginated_by_thirty(client, cast):
    bulk_cases(cast, 31)
    login(client, cast.officer_a)
    first = html(client.get(reverse("cases:list")))
    assert "共 31 件" in first and "第 1 / 2 页" in first and "下一页" in first
    second = client.get(reverse("cases:list"), {"page": 2})
    assert second.status_code == 200 and "第 2 / 2 页" in html(second)


def test_the_list_filters_by_state_open_only_and_search(client, cast, new_case):
    food = new_case(cause="销售过期食品")
    fake = new_case(cause="生产假冒商品", parties=[f.natural_party("陈某")])
    declined = bulk_cases(cast, 1)[0]
    declined.state = "not_filed"
    declined.save()
    login(client, cast.chief_a)

    def listed(**params):
        return html(client.get(reverse("cases:list"), params))

    assert fake.clue_number in listed(q="陈某") and food.clue_number not in listed(q="陈某")
    assert food.clue_number in listed(q="过期") and fake.clue_number not in listed(q="过期")
    assert declined.clue_number in listed(state="not_filed") and food.clue_number not in listed(
        state="not_filed"
    )
    page = listed(open_only="on")
    assert food.clue_number in page and declined.clue_number not in page


def test_only_users_seeing_several_bodies_get_a_body_filter(client, cast, new_case):
    a_case = new_case()
    login(client, cast.officer_a)
    assert 'name="body"' not in html(client.get(reverse("cases:list")))
    partner = f.make_officer(cast.body_b, "吴同事")
    data = f.case_data(cast.body_b, [cast.officer_b.officer, partner])
    b_case = services.register_case(cast.officer_b, cast.body_b, data, [f.natural_party()])
    login(client, cast.supervisor)
    page = html(client.get(reverse("cases:list")))
    assert 'name="body"' in page and a_case.clue_number in page and b_case.clue_number in page
    only_b = html(client.get(reverse("cases:list"), {"body": cast.body_b.pk}))
    assert b_case.clue_number in only_b and a_case.clue_number not in only_b


@pytest.mark.parametrize("name", ["cases:list", "cases:my_cases"])
def test_list_pages_run_a_constant_number_of_queries(client, cast, django_assert_max_num_queries, name):
    login(client, cast.officer_a)
    bulk_cases(cast, 5, due_in_days=lambda i: i - 2)
    client.get(reverse(name))  # warm up the session and caches that are not per row
    snapshot.invalidate()
    with CaptureQueriesContext(connection) as five:
        assert client.get(reverse(name)).status_code == 200
    bulk_cases(cast, 35, due_in_days=lambda i: i - 10)
    snapshot.invalidate()
    with django_assert_max_num_queries(len(five.captured_queries)):
        response = client.get(reverse(name))
    assert response.status_code == 200 and html(response).count("<tr>") >= 31


# --- detail ------------------------------------------------------------------------------------------


def test_id_numbers_and_phones_are_masked_for_an_officer_and_shown_to_the_agency_head(client, cast, new_case):
    party = f.natural_party()
    case = new_case(parties=[party])
    masked = party["id_number"][:6] + "********" + party["id_number"][-4:]
    login(client, cast.officer_a)
    page = html(client.get(reverse("cases:detail", args=[case.pk])))
    assert masked in page and party["id_number"] not in page
    assert "138****5678" in page and party["phone"] not in page
    login(client, cast.chief_a)
    page = html(client.get(reverse("cases:detail", args=[case.pk])))
    assert party["id_number"] in page and party["phone"] in page


def test_the_detail_page_shows_officers_credentials_deadlines_and_the_timeline(client, cast, new_case, today):
    case = new_case()
    login(client, cast.officer_a)
    page = html(client.get(reverse("cases:detail", args=[case.pk])))
    assert cast.body_a.name in page and "执法稽查科" in page and "普通程序" in page
    assert "张明" in page and "李华" in page and page.count("执法证有效") == 2
    assert "立案期限" in page and "CASE-04" in page
    timeline = page.split('id="timeline-title"')[1]
    assert "线索登记" in timeline and "a.officer" in timeline and "日志序号" in timeline


@pytest.mark.parametrize(
    ("who", "shown", "hidden"),
    [
        ("officer_a", [], ["立案", "不予立案", "终止调查"]),
        ("head_a", ["立案", "不予立案"], ["终止调查"]),
        ("chief_a", ["立案", "不予立案", "终止调查"], []),
        ("supervisor", [], ["立案", "不予立案", "终止调查"]),
    ],
)
def test_only_the_actions_the_user_may_take_now_are_offered(client, cast, new_case, who, shown, hidden):
    case = new_case()
    login(client, getattr(cast, who))
    page = html(client.get(reverse("cases:detail", args=[case.pk])))
    actions = page.split('id="actions-title"')[1].split("</section>")[0]
    for label in shown:
        assert f">{label}</a>" in actions
    for label in hidden:
        assert f">{label}</a>" not in actions
