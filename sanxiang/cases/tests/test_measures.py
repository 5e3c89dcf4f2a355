"""Evidence preservation (CASE-06), sealing/seizure (CASE-15), demolition (CASE-17) and their gates."""

import datetime

import pytest

from sanxiang.cases import procedure, rules, services
from sanxiang.cases.choices import DeadlineKind
from sanxiang.core.errors import Conflict
from sanxiang.evidence.testing import attach_av
from sanxiang.testing import flow
from sanxiang.workdays.selectors import add_calendar_days, add_workdays

pytestmark = pytest.mark.django_db
MEASURE = {"measure_kind": "seize", "approval": "局长王某 河市监强审〔2026〕3号", "items": "过期食品 12 袋"}


def _investigating(cast, new_case, days_ago=60):
    case = new_case(days_ago=days_ago + 1)
    day = datetime.date.today() - datetime.timedelta(days=days_ago)
    services.run_transition(cast.head_a, case.pk, "file_case", {"date": day.isoformat()})
    return case, day


def test_evidence_preservation_needs_a_handling_decision_within_seven_working_days(cast, new_case):
    case, day = _investigating(cast, new_case)
    data = {"date": day.isoformat(), "approval": "局长批准", "items": "账簿 3 本"}
    services.run_transition(cast.officer_a, case.pk, "preserve_evidence", data)
    deadline = case.deadlines.get(kind=DeadlineKind.PRESERVATION)
    assert deadline.rule == "CASE-06" and deadline.due_date == add_workdays(day, 7).date
    with pytest.raises(Conflict, match="CASE-06"):
        services.run_transition(cast.officer_a, case.pk, "preserve_evidence", data)
    services.run_transition(cast.officer_a, case.pk, "handle_preserved_evidence", {"date": day.isoformat()})
    assert case.deadlines.get(kind=DeadlineKind.PRESERVATION).met_on == day


def test_a_seizure_lasts_thirty_days_extendable_once(cast, new_case, evidence_storage):
    case, day = _investigating(cast, new_case)
    with pytest.raises(Conflict, match="REC-01"):
        services.run_transition(cast.officer_a, case.pk, "take_measure", dict(MEASURE, date=day.isoformat()))
    attach_av(cast.officer_a, case, "take_measure")
    services.run_transition(cast.officer_a, case.pk, "take_measure", dict(MEASURE, date=day.isoformat()))
    deadline = case.deadlines.get(kind=DeadlineKind.COERCIVE_MEASURE)
    assert deadline.due_date == add_calendar_days(day, 30).date
    services.run_transition(cast.chief_a, case.pk, "extend_measure", {"reason": "检验需要"})
    assert case.deadlines.get(kind=DeadlineKind.COERCIVE_MEASURE).due_date == add_calendar_days(day, 60).date
    with pytest.raises(Conflict, match="CASE-15"):
        services.run_transition(cast.chief_a, case.pk, "extend_measure", {"reason": "再次延长"})
    services.run_transition(cast.officer_a, case.pk, "release_measure", {})
    assert case.deadlines.get(kind=DeadlineKind.COERCIVE_MEASURE).met_on is not None


def test_the_av_record_gate_can_refuse_a_seizure(cast, new_case):
    """REC-01 lives in the evidence app; here we prove the slot is consulted and refusal is atomic."""
    case, day = _investigating(cast, new_case)
    refuse = lambda step: ["REC-01：查封扣押须附全程音像记录"]  # noqa: E731
    procedure.register_gate("av_record", refuse)
    try:
        with pytest.raises(Conflict, match="REC-01"):
            services.run_transition(
                cast.officer_a, case.pk, "take_measure", dict(MEASURE, date=day.isoformat())
            )
        case.refresh_from_db()
        assert (
            case.measure_taken_on is None
            and not case.deadlines.filter(kind=DeadlineKind.COERCIVE_MEASURE).exists()
        )
    finally:
        procedure.GATES["av_record"].remove(refuse)


def test_forced_demolition_waits_for_the_remedy_periods_and_avoids_holidays(cast, new_case, evidence_storage):
    served = datetime.date(2025, 1, 6)
    case, _ = _investigating(cast, new_case, days_ago=(datetime.date.today() - served).days + 5)
    case.refresh_from_db()
    notice = {"date": (served - datetime.timedelta(days=3)).isoformat()}
    services.run_transition(cast.officer_a, case.pk, "submit_for_review", flow.submit_input(**notice))
    services.run_transition(cast.reviewer_a, case.pk, "approve_review", notice)
    services.run_transition(cast.officer_a, case.pk, "serve_notice", dict(notice, service_method="direct"))
    services.run_transition(cast.officer_a, case.pk, "waive_statement", notice)
    flow.decide(cast, case, served - datetime.timedelta(days=1))
    services.run_transition(
        cast.officer_a, case.pk, "serve_decision", {"date": served.isoformat(), "service_method": "direct"}
    )
    case.refresh_from_db()
    assert rules.check_demolition(case, served, datetime.date(2025, 7, 1))  # within six months
    assert any("CASE-17" in p for p in rules.check_demolition(case, served, datetime.date(2025, 10, 2)))
    assert rules.check_demolition(case, served, datetime.date(2025, 10, 10)) == []
    data = {"date": "2025-10-10", "public_notice_on": "2025-09-01", "reason": "当事人逾期未自行拆除"}
    attach_av(cast.officer_a, case, "demolish")
    assert services.run_transition(cast.chief_a, case.pk, "demolish", data).demolished_on == datetime.date(
        2025, 10, 10
    )
