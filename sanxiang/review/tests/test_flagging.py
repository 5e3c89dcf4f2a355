"""Flagging: classification with readable reasons, re-classification, hand-made flags and their removal."""

import datetime

import pytest

from sanxiang.cases import procedure
from sanxiang.cases import services as case_services
from sanxiang.core.errors import Conflict, Forbidden, InvalidInput
from sanxiang.ledger.models import Entry
from sanxiang.review import gate, handlers, services
from sanxiang.review.models import Classification
from sanxiang.testing import factories as f
from sanxiang.testing import flow
from sanxiang.workdays.selectors import add_workdays

from .conftest import decide
from .test_catalogue import body_catalogue

pytestmark = pytest.mark.django_db


def kinds(case) -> list[str]:
    return list(
        Entry.objects.filter(subject_id=str(case.public_id), kind__startswith="review.").values_list(
            "kind", flat=True
        )
    )


def test_a_large_fine_on_a_company_is_flagged_with_a_readable_reason(cast, major_case):
    case = major_case(fine="150000", parties=[f.company_party()])
    row = case.review_classifications.get()
    assert row.major and row.trigger == "submit_for_review"
    assert row.reason_texts == ["罚款 150000 元 ≥ 法人较大数额标准 100000 元，全市通用目录第 3 项"]
    assert row.city_catalogue.is_city_default and row.ledger_index is not None
    assert "review.classified" in kinds(case)


def test_a_body_item_is_cited_by_its_own_number(cast, major_case):
    body_catalogue(
        cast.chief_a, cast.body_a, [{"kind": "penalty_kind", "title": "警告", "penalty_kinds": ["warning"]}]
    )
    case = major_case(fine="500")
    assert case.review_classifications.get().reason_texts == ["拟处罚种类含“警告”，属目录第 1 项“警告”"]


def test_a_changed_proposal_is_classified_again(cast, major_case, day):
    case = major_case(waive=False)
    assert gate.standing(case).flagged
    iso = day.isoformat()
    case_services.run_transition(
        cast.reviewer_a, case.pk, "return_for_investigation", {"date": iso, "reason": "补充调查"}
    )
    case_services.run_transition(
        cast.officer_a, case.pk, "submit_for_review", flow.submit_input(date=iso, fine_amount="5000")
    )
    rows = list(case.review_classifications.order_by("id"))
    assert [r.major for r in rows] == [True, False]
    assert not gate.standing(case).flagged


def test_a_hearing_held_makes_the_decision_major(cast, new_case):
    served = datetime.date.today() - datetime.timedelta(days=40)
    case = flow.to_notice(
        cast, new_case(days_ago=50), served, fine_amount="", penalty_kinds=["lower_qualification"]
    )
    assert not gate.standing(case).flagged
    requested = add_workdays(served, 1).date
    case_services.run_transition(cast.officer_a, case.pk, "request_hearing", {"date": requested.isoformat()})
    hearing_day = add_workdays(requested, 8).date
    data = {"date": requested.isoformat(), "hearing_date": hearing_day.isoformat(), "host": cast.host_a.pk}
    case_services.run_transition(cast.officer_a, case.pk, "schedule_hearing", data)
    case_services.run_transition(
        cast.officer_a, case.pk, "record_hearing", {"date": hearing_day.isoformat(), "reason": "当事人到场"}
    )
    row = case.review_classifications.order_by("id").last()
    assert row.trigger == "record_hearing" and row.major
    assert row.reason_texts == [
        f"已于 {hearing_day:%Y-%m-%d} 举行听证，属全市通用目录第 6 项“经过听证程序作出的决定”"
    ]


def test_a_hand_made_flag_persists_and_is_removed_only_with_the_heads_approval(cast, major_case, day):
    case = major_case(fine="5000", waive=False)
    flag = services.flag_case(
        cast.officer_a, case.pk, {"factor": "complex", "reason": "涉及三个法律关系", "date": day}
    )
    assert gate.standing(case).flagged
    assert any("案件情况疑难复杂" in r for r in gate.standing(case).reasons)
    services.reclassify(cast.officer_a, case.pk)
    assert gate.standing(case).flagged  # the catalogue says minor; the hand-made flag still counts
    with pytest.raises(InvalidInput):
        services.request_flag_removal(cast.officer_a, flag.pk, {"reason": ""})
    services.request_flag_removal(cast.officer_a, flag.pk, {"reason": "经核实只涉及一个法律关系"})
    assert gate.standing(case).flagged  # still counts until approved
    with pytest.raises(Forbidden):
        services.decide_flag_removal(cast.head_a, flag.pk, {"decision": "approve"})
    services.decide_flag_removal(cast.chief_a, flag.pk, {"decision": "approve", "note": "同意"})
    assert not gate.standing(case).flagged
    assert {"review.flagged", "review.flag_removal_requested", "review.unflagged"} <= set(kinds(case))


def test_another_bodys_officer_cannot_flag(cast, major_case):
    from sanxiang.core.errors import NotFound

    case = major_case(fine="5000", waive=False)
    with pytest.raises(NotFound):
        services.flag_case(cast.officer_b, case.pk, {"factor": "complex", "reason": "x"})
    with pytest.raises(Forbidden):
        services.flag_case(cast.supervisor, case.pk, {"factor": "complex", "reason": "x"})


def test_a_refused_decision_with_major_final_penalties_keeps_the_flag(cast, major_case, day):
    """cases.transition_refused (proposed in docs/review.md) persists what the gate found."""
    case = major_case(fine="", kinds=("warning", "suspend_license"))
    final = [{"kind": "warning", "amount": None}, {"kind": "fine", "amount": "80000"}]
    handlers.on_transition_refused(
        case_id=case.pk,
        transition=procedure.BY_NAME["decide"],
        actor=cast.chief_a,
        data={"date": day, "decision_kind": "penalty"},
        penalties=final,
        problems=["REV-01：本案属于重大执法决定"],
        gate_problems={"legal_review": ["REV-01：本案属于重大执法决定"]},
    )
    row = Classification.objects.filter(case=case).order_by("id").last()
    assert row.trigger == "gate" and row.major and "罚款 80000 元" in row.reason_texts[0]
    assert gate.standing(case).flagged


def test_the_gate_keeps_the_flag_when_the_procedure_refuses_a_major_final_decision(cast, major_case, day):
    """End to end: run_transition fires cases.transition_refused after the rollback (REV-01)."""
    case = major_case(fine="", kinds=("warning", "suspend_license"))
    before, state = Classification.objects.filter(case=case).count(), case.state
    with pytest.raises(Conflict) as refused:
        decide(cast, case, day, penalty_kinds=["warning", "fine"], fine_amount="80000")
    assert refused.value.fields["__all__"][0].startswith("REV-01")
    rows = Classification.objects.filter(case=case).order_by("id")
    assert rows.count() == before + 1 and rows.last().trigger == "gate" and rows.last().major
    case.refresh_from_db()
    assert case.state == state
