"""Staff UI procedure steps: the form page, success, refusal (409), invalid input (400), no right (403)."""

import datetime
import re

import pytest
from django.urls import reverse

from sanxiang.cases import services
from sanxiang.cases.choices import CaseState
from sanxiang.cases.models import Case
from sanxiang.testing import flow

from .views_support import html, login

pytestmark = pytest.mark.django_db


def step_url(case, name: str) -> str:
    return reverse("cases:transition", args=[case.pk, name])


def test_the_step_page_shows_the_form_with_chinese_labels_and_the_rules_it_enforces(client, cast, new_case):
    case = new_case()
    login(client, cast.head_a)
    response = client.get(step_url(case, "file_case"))
    assert response.status_code == 200
    page = html(response)
    assert "<h1>立案</h1>" in page and "立案意见" in page and 'type="date"' in page
    assert "CASE-03" in page and "二年内未被发现" in page


def test_filing_through_the_ui_changes_the_state_and_says_so(client, cast, new_case, today):
    case = new_case()
    login(client, cast.head_a)
    response = client.post(step_url(case, "file_case"), {"date": today.isoformat(), "reason": "符合立案条件"})
    assert response.status_code == 302 and response["Location"] == reverse("cases:detail", args=[case.pk])
    page = html(client.get(response["Location"]))
    assert "已完成“立案”，案件当前状态：调查取证" in page
    assert "线索登记 → 调查取证" in page and "符合立案条件" in page
    case.refresh_from_db()
    assert case.state == CaseState.INVESTIGATION and case.number


def test_a_refused_decision_answers_409_with_the_rule_and_changes_nothing(client, cast, new_case, today):
    case = flow.to_notice(cast, new_case(), today)
    login(client, cast.chief_a)
    response = client.post(step_url(case, "decide"), dict(flow.DECISION_INPUT, date=today.isoformat()))
    assert response.status_code == 409
    page = html(response)
    assert "不能执行“作出处理决定”" in page and "CASE-07" in page and "案件未作任何更改" in page
    assert "须选择处罚种类" not in page  # both penalty kinds reached the form
    assert re.search(r'value="warning"[^>]*checked', page) and re.search(r'value="fine"[^>]*checked', page)
    case.refresh_from_db()
    assert case.state == CaseState.NOTICE and case.decision_number is None


def test_a_step_not_open_in_the_current_state_is_refused(client, cast, new_case, today):
    case = new_case()
    login(client, cast.chief_a)
    assert client.get(step_url(case, "decide")).status_code == 409
    response = client.post(step_url(case, "decide"), dict(flow.DECISION_INPUT, date=today.isoformat()))
    assert response.status_code == 409 and "不能执行" in html(response)
    assert Case.objects.get(pk=case.pk).state == CaseState.CLUE


def test_invalid_input_answers_400_with_field_errors(client, cast, new_case, today):
    case = new_case()
    login(client, cast.head_a)
    tomorrow = today + datetime.timedelta(days=1)
    response = client.post(step_url(case, "file_case"), {"date": tomorrow.isoformat()})
    assert response.status_code == 400
    assert "日期不得晚于今天" in html(response) and 'class="field has-error"' in html(response)
    response = client.post(step_url(case, "decline_filing"), {"reason": ""})
    assert response.status_code == 400 and "这个字段是必填项" in html(response)
    assert Case.objects.get(pk=case.pk).state == CaseState.CLUE


def test_a_user_without_the_action_gets_403(client, cast, new_case, today):
    case = new_case()
    login(client, cast.officer_a)
    assert client.get(step_url(case, "file_case")).status_code == 403
    response = client.post(step_url(case, "file_case"), {"date": today.isoformat()})
    assert response.status_code == 403 and "立案" in html(response)
    assert Case.objects.get(pk=case.pk).state == CaseState.CLUE


def test_an_unknown_step_is_404(client, cast, new_case):
    case = new_case()
    login(client, cast.chief_a)
    assert client.get(step_url(case, "delete_everything")).status_code == 404
    assert client.post(step_url(case, "delete_everything"), {}).status_code == 404


def test_several_penalty_kinds_reach_the_service(client, cast, new_case, today):
    case = new_case()
    services.run_transition(cast.head_a, case.pk, "file_case", {"date": today.isoformat()})
    login(client, cast.officer_a)
    response = client.post(step_url(case, "submit_for_review"), flow.submit_input(date=today.isoformat()))
    assert response.status_code == 302
    case.refresh_from_db()
    assert [p["kind"] for p in case.proposed_penalties] == ["warning", "fine"]
    assert "警告、罚款 5000 元" in html(client.get(reverse("cases:detail", args=[case.pk])))


def test_the_hearing_host_is_chosen_among_officers_who_did_not_investigate(client, cast, new_case, today):
    case = flow.to_notice(cast, new_case(), today, penalty_kinds=["suspend_business"], fine_amount="")
    services.run_transition(cast.officer_a, case.pk, "request_hearing", {"date": today.isoformat()})
    login(client, cast.officer_a)
    page = html(client.get(step_url(case, "schedule_hearing")))
    select = page.split('name="host"')[1].split("</select>")[0]
    assert f'value="{cast.host_a.pk}"' in select and "周法制" in select
    for investigator in cast.officers_a:
        assert f'value="{investigator.pk}"' not in select
