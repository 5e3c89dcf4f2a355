"""Notice, statement, hearing and decision: CASE-07, CASE-08, CASE-09, CASE-11, CASE-12."""

import datetime

import pytest

from sanxiang.cases import services
from sanxiang.cases.choices import CaseState, DeadlineKind
from sanxiang.core.errors import Conflict, InvalidInput
from sanxiang.review.testing import pass_review
from sanxiang.testing import factories as f
from sanxiang.testing import flow
from sanxiang.workdays.selectors import add_workdays

pytestmark = pytest.mark.django_db


def days_ago(n: int) -> datetime.date:
    return datetime.date.today() - datetime.timedelta(days=n)


def test_it_refuses_a_decision_before_the_statement_period_ends(cast, new_case, today):
    case = flow.to_notice(cast, new_case(), today)
    with pytest.raises(Conflict) as refused:
        flow.decide(cast, case, today)
    assert "CASE-07" in refused.value.message
    case.refresh_from_db()
    assert case.state == CaseState.NOTICE and case.decision_number is None


def test_a_waiver_of_statement_and_defence_allows_the_decision(cast, new_case, today):
    case = flow.to_notice(cast, new_case(), today)
    services.run_transition(cast.officer_a, case.pk, "waive_statement", {})
    case = flow.decide(cast, case, today)
    assert case.state == CaseState.DECIDED
    assert case.decision_number == f"河市监罚〔{today.year}〕1号"
    assert case.fine_amount == 5000 and case.heaviest_penalty == "fine"


def test_the_decision_is_allowed_once_the_statement_period_is_over(cast, new_case):
    served = days_ago(20)
    case = flow.to_notice(cast, new_case(days_ago=30), served)
    end = add_workdays(served, 5).date
    with pytest.raises(Conflict, match="CASE-07"):
        flow.decide(cast, case, end)
    assert flow.decide(cast, case, end + datetime.timedelta(days=1)).state == CaseState.DECIDED


def test_no_decision_without_the_notice(cast, new_case, today):
    case = new_case()
    services.run_transition(cast.head_a, case.pk, "file_case", {})
    with pytest.raises(Conflict, match="不能执行"):
        flow.decide(cast, case, today)


def test_the_final_penalty_may_not_be_heavier_than_the_notified_one(cast, new_case, today):
    case = flow.to_notice(cast, new_case(), today)
    services.run_transition(
        cast.officer_a, case.pk, "record_statement", {"statement_summary": "当事人称系初次违法"}
    )
    with pytest.raises(Conflict, match="CASE-08"):
        flow.decide(cast, case, today, fine_amount="8000")
    with pytest.raises(Conflict, match="CASE-08"):
        flow.decide(cast, case, today, penalty_kinds=["fine", "suspend_business"])
    lighter = flow.decide(cast, case, today, penalty_kinds=["warning"], fine_amount="")
    assert lighter.heaviest_penalty == "warning"


def test_every_element_of_the_decision_document_is_required(cast, new_case, today):
    case = flow.to_notice(cast, new_case(), today)
    services.run_transition(cast.officer_a, case.pk, "waive_statement", {})
    with pytest.raises(Conflict) as refused:
        flow.decide(cast, case, today, sealed=False, performance="")
    assert (
        "CASE-12" in refused.value.message
        and "印章" in refused.value.message
        and "履行方式" in refused.value.message
    )
    with pytest.raises(InvalidInput) as invalid:
        flow.decide(cast, case, today, court="")
    assert "court" in invalid.value.fields


def test_a_large_fine_gives_the_party_a_right_to_a_hearing_requested_within_five_working_days(cast, new_case):
    served = days_ago(30)
    case = flow.to_notice(cast, new_case(days_ago=40), served, fine_amount="20000")
    assert case.hearing_right  # natural person, ≥ 10,000 yuan
    assert case.deadlines.get(kind=DeadlineKind.HEARING_REQUEST).due_date == add_workdays(served, 5).date
    late = add_workdays(served, 6).date
    with pytest.raises(Conflict, match="CASE-09"):
        services.run_transition(cast.officer_a, case.pk, "request_hearing", {"date": late.isoformat()})
    on_time = add_workdays(served, 5).date
    case = services.run_transition(cast.officer_a, case.pk, "request_hearing", {"date": on_time.isoformat()})
    assert case.state == CaseState.HEARING


def test_a_small_fine_gives_no_hearing_right(cast, new_case, today):
    case = flow.to_notice(cast, new_case(), today)
    assert not case.hearing_right
    with pytest.raises(Conflict, match="CASE-09"):
        services.run_transition(cast.officer_a, case.pk, "request_hearing", {})


def test_the_hearing_threshold_for_companies_is_higher(cast, new_case, today):
    case = flow.to_notice(cast, new_case(parties=[f.company_party()]), today, fine_amount="20000")
    assert not case.hearing_right
    case2 = flow.to_notice(
        cast, new_case(parties=[f.company_party()]), today, penalty_kinds=["revoke_license"], fine_amount=""
    )
    assert case2.hearing_right


def _hearing_case(cast, new_case):
    served = days_ago(40)
    case = flow.to_notice(cast, new_case(days_ago=50), served, fine_amount="20000")
    services.run_transition(
        cast.officer_a, case.pk, "request_hearing", {"date": add_workdays(served, 1).date.isoformat()}
    )
    return case, add_workdays(served, 2).date


def test_the_hearing_notice_must_reach_the_party_seven_working_days_ahead(cast, new_case):
    case, notified = _hearing_case(cast, new_case)
    too_soon = add_workdays(notified, 6).date
    data = {"date": notified.isoformat(), "hearing_date": too_soon.isoformat(), "host": cast.host_a.pk}
    with pytest.raises(Conflict, match="CASE-09"):
        services.run_transition(cast.officer_a, case.pk, "schedule_hearing", data)
    data["hearing_date"] = add_workdays(notified, 7).date.isoformat()
    case = services.run_transition(cast.officer_a, case.pk, "schedule_hearing", data)
    assert case.hearing_host == cast.host_a


def test_the_hearing_host_is_never_an_investigator(cast, new_case):
    case, notified = _hearing_case(cast, new_case)
    data = {
        "date": notified.isoformat(),
        "hearing_date": add_workdays(notified, 8).date.isoformat(),
        "host": cast.officers_a[0].pk,
    }
    with pytest.raises(Conflict, match="调查人员"):
        services.run_transition(cast.officer_a, case.pk, "schedule_hearing", data)


def test_a_requested_hearing_must_be_held_before_the_decision(cast, new_case):
    case, notified = _hearing_case(cast, new_case)
    hearing_day = add_workdays(notified, 7).date
    with pytest.raises(Conflict, match="CASE-09"):
        flow.decide(cast, case, hearing_day)
    services.run_transition(
        cast.officer_a,
        case.pk,
        "schedule_hearing",
        {"date": notified.isoformat(), "hearing_date": hearing_day.isoformat(), "host": cast.host_a.pk},
    )
    services.run_transition(
        cast.officer_a,
        case.pk,
        "record_hearing",
        {"date": hearing_day.isoformat(), "reason": "当事人到场陈述意见"},
    )
    with pytest.raises(Conflict, match="法制审核"):  # a hearing was held: a major decision (REV-01)
        flow.decide(cast, case, hearing_day, fine_amount="15000")
    pass_review(case, cast.reviewer_a, cast.officer_a, hearing_day)
    case = flow.decide(cast, case, hearing_day, fine_amount="15000")
    assert case.state == CaseState.DECIDED


def test_serving_the_decision_is_due_within_seven_working_days(cast, new_case):
    decided = days_ago(20)
    case = flow.to_notice(cast, new_case(days_ago=30), decided)
    services.run_transition(cast.officer_a, case.pk, "waive_statement", {"date": decided.isoformat()})
    case = flow.decide(cast, case, decided)
    service = case.deadlines.get(kind=DeadlineKind.SERVICE)
    assert service.rule == "CASE-11" and service.due_date == add_workdays(decided, 7).date
    case = services.run_transition(
        cast.officer_a, case.pk, "serve_decision", {"date": decided.isoformat(), "service_method": "direct"}
    )
    assert case.deadlines.get(kind=DeadlineKind.SERVICE).met_on == decided
