"""REC-03: no case closes without the written record of each stage (APL Art. 47)."""

import pytest

from sanxiang.cases import services as cases
from sanxiang.cases.choices import CaseState
from sanxiang.core.errors import Conflict
from sanxiang.documents import services
from sanxiang.documents.gate import missing_records

from .support import iso, record_investigation, served_penalty

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fast_render")]


def test_closing_is_refused_until_the_investigation_is_on_record(cast, new_case, today):
    case = served_penalty(cast, new_case, today)
    cases.run_transition(cast.officer_a, case.pk, "record_execution", {"paid_amount": "5000"})
    with pytest.raises(Conflict) as refused:
        cases.run_transition(cast.head_a, case.pk, "close", {})
    assert "REC-03" in refused.value.message and "调查取证" in refused.value.message
    assert "启动" not in refused.value.message and "送达" not in refused.value.message
    record_investigation(cast, case, today)
    assert missing_records(case) == []
    assert cases.run_transition(cast.head_a, case.pk, "close", {}).state == CaseState.CLOSED


def test_an_interview_record_counts_as_investigation_too(cast, new_case, today):
    from .support import interview_input

    case = served_penalty(cast, new_case, today)
    services.issue_document(cast.officer_a, case, "interview_record", interview_input(cast, today))
    assert missing_records(case) == []


def test_a_transferred_case_needs_no_service_receipt(cast, new_case, today):
    case = new_case()
    cases.run_transition(cast.head_a, case.pk, "file_case", {})
    cases.run_transition(
        cast.chief_a, case.pk, "transfer", {"transferred_to": "河津市公安局", "reason": "涉嫌犯罪"}
    )
    with pytest.raises(Conflict, match="调查取证"):
        cases.run_transition(cast.head_a, case.pk, "close", {})
    record_investigation(cast, case, today)
    assert cases.run_transition(cast.head_a, case.pk, "close", {}).state == CaseState.CLOSED


def test_the_simplified_procedure_needs_only_its_on_the_spot_decision(cast, new_case, today):
    case = new_case(simplified=True)
    data = {
        "form_number": "No.0000077",
        "evidence": "现场照片",
        "penalty_basis": "《道路运输条例》第七十条",
        "credential_shown": True,
        "penalty_kinds": ["fine"],
        "fine_amount": "50",
        "paid_on_the_spot": True,
        "date": iso(today),
    }
    cases.run_transition(cast.officer_a, case.pk, "decide_on_the_spot", data)
    assert missing_records(case) == []
    assert cases.run_transition(cast.head_a, case.pk, "close", {}).state == CaseState.CLOSED


def test_every_missing_stage_is_named(cast, new_case):
    case = new_case()
    assert missing_records(case) == [
        "启动（立案审批表）",
        "调查取证（现场检查笔录或询问笔录）",
        "审核、决定（行政处罚决定书、不予行政处罚决定书或案件移送书）",
        "送达（送达回证）",
    ]


def test_no_document_is_made_by_hand_for_a_closed_case_or_for_an_automatic_kind(cast, new_case, today):
    from .support import closed_penalty, inspection_input

    case = closed_penalty(cast, new_case, today)
    with pytest.raises(Conflict, match="已结案"):
        services.issue_document(cast.officer_a, case, "inspection_record", inspection_input(cast, today))
    with pytest.raises(Conflict, match="自动生成"):
        services.issue_document(cast.officer_a, case, "penalty_decision", {})
