"""Payment, surcharge, closing and later outcomes: CASE-14, CASE-05 suspension and extension."""

import datetime
from decimal import Decimal

import pytest

from sanxiang.cases import rules, services
from sanxiang.cases.choices import CaseState, DeadlineKind
from sanxiang.core.errors import Conflict
from sanxiang.testing import flow
from sanxiang.workdays.selectors import add_calendar_days

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("late_days", "expected"),
    [(0, "0.00"), (1, "150.00"), (10, "1500.00"), (33, "4950.00"), (34, "5000.00"), (400, "5000.00")],
)
def test_the_surcharge_is_three_percent_a_day_capped_at_the_fine(late_days, expected):
    served = datetime.date(2025, 3, 3)  # payment due 2025-03-18 (15 days, a Tuesday)
    due = rules.payment_due(served)
    assert due == datetime.date(2025, 3, 18)
    assert rules.surcharge(Decimal("5000"), served, due + datetime.timedelta(days=late_days)) == Decimal(
        expected
    )


def test_a_payment_period_ending_on_a_holiday_runs_to_the_next_working_day():
    # 15 days after 2025-09-16 is 2025-10-01 (National Day): the period ends on 2025-10-09.
    assert rules.payment_due(datetime.date(2025, 9, 16)) == datetime.date(2025, 10, 9)


def _served(cast, new_case, served_days_ago):
    day = datetime.date.today() - datetime.timedelta(days=served_days_ago)
    case = flow.to_notice(cast, new_case(days_ago=served_days_ago + 10), day)
    services.run_transition(cast.officer_a, case.pk, "waive_statement", {"date": day.isoformat()})
    flow.decide(cast, case, day)
    return services.run_transition(
        cast.officer_a, case.pk, "serve_decision", {"date": day.isoformat(), "service_method": "direct"}
    ), day


def test_a_late_payment_must_include_the_surcharge(cast, new_case, today):
    case, served = _served(cast, new_case, 40)
    surcharge = rules.surcharge(Decimal("5000"), served, today)
    assert surcharge > 0
    with pytest.raises(Conflict, match="CASE-14"):
        services.run_transition(cast.officer_a, case.pk, "record_execution", {"paid_amount": "5000"})
    case = services.run_transition(
        cast.officer_a, case.pk, "record_execution", {"paid_amount": str(5000 + surcharge)}
    )
    assert case.state == CaseState.EXECUTED and case.surcharge_amount == surcharge


def test_closing_requires_execution_and_archiving_follows(cast, new_case):
    case, served = _served(cast, new_case, 5)
    with pytest.raises(Conflict, match="执行完毕"):
        services.run_transition(cast.head_a, case.pk, "close", {})
    services.run_transition(cast.officer_a, case.pk, "record_execution", {"paid_amount": "5000"})
    with pytest.raises(Conflict, match="REC-03"):
        services.run_transition(cast.head_a, case.pk, "close", {})
    flow.record_inspection(cast, case, served)
    case = services.run_transition(cast.head_a, case.pk, "close", {})
    assert case.state == CaseState.CLOSED and not case.deadlines.filter(met_on__isnull=True).exists()
    assert services.run_transition(cast.head_a, case.pk, "archive", {}).state == CaseState.ARCHIVED


def test_suspended_time_does_not_count_against_the_90_days(cast, new_case):
    start = datetime.date.today() - datetime.timedelta(days=60)
    case = new_case(days_ago=61)
    services.run_transition(cast.head_a, case.pk, "file_case", {"date": start.isoformat()})
    before = case.deadlines.get(kind=DeadlineKind.DECISION).due_date
    services.run_transition(
        cast.chief_a,
        case.pk,
        "suspend",
        {"date": (start + datetime.timedelta(days=10)).isoformat(), "reason": "等待检验结果"},
    )
    case = services.run_transition(
        cast.chief_a,
        case.pk,
        "resume",
        {"date": (start + datetime.timedelta(days=30)).isoformat(), "reason": "检验完成"},
    )
    assert case.state == CaseState.INVESTIGATION
    deadline = case.deadlines.get(kind=DeadlineKind.DECISION)
    assert deadline.extra_days == 20 and deadline.due_date >= before + datetime.timedelta(days=20)


def test_the_decision_period_can_be_extended_only_once(cast, new_case):
    case = new_case()
    services.run_transition(cast.head_a, case.pk, "file_case", {})
    services.run_transition(cast.chief_a, case.pk, "extend_deadline", {"reason": "案情复杂"})
    deadline = case.deadlines.get(kind=DeadlineKind.DECISION)
    assert deadline.extra_days == 30
    assert deadline.due_date == add_calendar_days(deadline.start_date, 120).date
    with pytest.raises(Conflict, match="CASE-05"):
        services.run_transition(cast.chief_a, case.pk, "extend_deadline", {"reason": "再次延长"})


def test_a_revoked_decision_ends_the_case_and_a_changed_one_keeps_its_state(cast, new_case):
    case, _ = _served(cast, new_case, 5)
    outcome = {
        "source": "reconsideration",
        "document": "河政复决字〔2026〕3号",
        "reason": "处罚明显不当",
        "penalty_kinds": ["warning"],
    }
    case = services.run_transition(cast.chief_a, case.pk, "change_decision", outcome)
    assert case.state == CaseState.SERVED and case.heaviest_penalty == "warning" and case.fine_amount == 0
    case = services.run_transition(cast.chief_a, case.pk, "revoke_decision", outcome)
    assert case.state == CaseState.REVOKED


def test_an_on_the_spot_fine_respects_the_simplified_procedure_limits(cast, new_case, today):
    case = new_case(simplified=True)
    data = {
        "form_number": "No.0012345",
        "evidence": "现场照片",
        "penalty_basis": "《道路运输条例》第七十条",
        "credential_shown": True,
        "penalty_kinds": ["fine"],
        "fine_amount": "300",
    }
    with pytest.raises(Conflict, match="CASE-13"):
        services.run_transition(cast.officer_a, case.pk, "decide_on_the_spot", data)
    with pytest.raises(Conflict, match="CASE-02"):
        services.run_transition(
            cast.officer_a,
            case.pk,
            "decide_on_the_spot",
            dict(data, fine_amount="200", credential_shown=False),
        )
    case = services.run_transition(
        cast.officer_a, case.pk, "decide_on_the_spot", dict(data, fine_amount="50", paid_on_the_spot=True)
    )
    assert case.state == CaseState.EXECUTED and case.decision_number == "No.0012345"
    with pytest.raises(Conflict):
        services.run_transition(cast.head_a, case.pk, "file_case", {})


def test_a_pre_printed_on_the_spot_form_number_is_used_once(cast, new_case):
    data = {
        "form_number": "No.0099",
        "evidence": "现场照片",
        "penalty_basis": "《道路运输条例》第七十条",
        "credential_shown": True,
        "penalty_kinds": ["warning"],
    }
    services.run_transition(cast.officer_a, new_case(simplified=True).pk, "decide_on_the_spot", data)
    with pytest.raises(Conflict, match="编号已被使用"):
        services.run_transition(cast.officer_a, new_case(simplified=True).pk, "decide_on_the_spot", data)
