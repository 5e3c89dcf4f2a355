"""Disagreement: coordination and collective discussion resolve a review; responsibility lists who did what."""

import pytest

from sanxiang.cases.choices import CaseState
from sanxiang.core.errors import Conflict, Forbidden, InvalidInput
from sanxiang.review import selectors, services
from sanxiang.review.testing import checklist_input, submit_complete

from .conftest import decide

pytestmark = pytest.mark.django_db

MINUTES = {
    "presided_by": "王局长",
    "participants": "王局长，局长\n李副局长，副局长\n赵科长，法规科科长",
    "opinions": "王局长：同意处罚\n李副局长：同意\n赵科长：同意，建议加强说理",
    "conclusion": "decide",
    "conclusion_text": "同意按承办机构意见作出处罚决定",
}


def disagreed(cast, case, reviewer, day):
    submission = submit_complete(case, cast.officer_a, day)
    services.accept(reviewer, submission.pk, {"date": day})
    data = {"date": day, "opinion": "disapprove", "reasons": "证据不足以认定货值", **checklist_input()}
    return services.give_opinion(reviewer, submission.pk, data)


def test_the_head_can_accept_the_handling_units_position(cast, major_case, reviewer, day):
    case = major_case()
    submission = disagreed(cast, case, reviewer, day)
    with pytest.raises(Forbidden):
        services.open_coordination(reviewer, submission.pk, {"handling_position": "x"})
    coordination = services.open_coordination(
        cast.officer_a, submission.pk, {"date": day, "handling_position": "货值有进货单佐证"}
    )
    assert coordination.review_position == "证据不足以认定货值"
    services.state_review_position(
        reviewer, coordination.pk, {"date": day, "review_position": "进货单未加盖印章"}
    )
    with pytest.raises(InvalidInput):
        services.decide_coordination(cast.chief_a, coordination.pk, {"date": day, "outcome": "accept"})
    services.decide_coordination(
        cast.chief_a, coordination.pk, {"date": day, "outcome": "accept", "reasons": "进货单经核实"}
    )
    assert decide(cast, case, day).state == CaseState.DECIDED
    _file, duties = selectors.responsibility(cast.chief_a, case.pk)
    roles = [d.role for d in duties]
    assert roles[:3] == ["第 1 轮送审（承办机构）", "第 1 轮受理", "第 1 轮法制审核"]
    assert {"提出协调（承办机构）", "协调决定（机关负责人）", "作出决定（审批）"} <= set(roles)
    assert all(d.ledger_index is not None and d.at is not None for d in duties)


def test_an_upheld_opinion_keeps_the_gate_shut(cast, major_case, reviewer, day):
    case = major_case()
    submission = disagreed(cast, case, reviewer, day)
    coordination = services.open_coordination(
        cast.officer_a, submission.pk, {"date": day, "handling_position": "不同意"}
    )
    with pytest.raises(Conflict, match="协调尚未作出决定"):
        decide(cast, case, day)
    services.decide_coordination(cast.chief_a, coordination.pk, {"date": day, "outcome": "uphold"})
    with pytest.raises(Conflict, match="不同意"):
        decide(cast, case, day)
    with pytest.raises(Conflict, match="已作出决定"):
        services.decide_coordination(
            cast.chief_a, coordination.pk, {"date": day, "outcome": "accept", "reasons": "x"}
        )


def test_a_collective_discussion_can_resolve_the_disagreement(cast, major_case, reviewer, day):
    case = major_case()
    submission = disagreed(cast, case, reviewer, day)
    coordination = services.open_coordination(
        cast.officer_a, submission.pk, {"date": day, "handling_position": "不同意"}
    )
    services.decide_coordination(cast.chief_a, coordination.pk, {"date": day, "outcome": "collective"})
    with pytest.raises(InvalidInput) as bad:
        services.record_collective_discussion(
            cast.chief_a, case.pk, {**MINUTES, "held_on": day, "participants": "王局长，局长"}
        )
    assert "participants" in bad.value.fields
    with pytest.raises(InvalidInput) as bad:
        services.record_collective_discussion(
            cast.chief_a, case.pk, {**MINUTES, "held_on": day, "opinions": "王局长：同意\n张三：同意"}
        )
    assert "opinions" in bad.value.fields
    with pytest.raises(Forbidden):
        services.record_collective_discussion(cast.officer_a, case.pk, {**MINUTES, "held_on": day})
    minutes = services.record_collective_discussion(cast.chief_a, case.pk, {**MINUTES, "held_on": day})
    assert minutes.submission == submission and minutes.coordination == coordination
    assert minutes.participants[2] == {"name": "赵科长", "post": "法规科科长"}
    assert decide(cast, case, day).state == CaseState.DECIDED


def test_an_approving_opinion_needs_no_coordination(cast, major_case, reviewer, day):
    from sanxiang.review.testing import pass_review

    submission = pass_review(major_case(), reviewer, cast.officer_a, day)
    with pytest.raises(Conflict, match="无需协调"):
        services.open_coordination(cast.officer_a, submission.pk, {"date": day, "handling_position": "x"})
