"""REV-01 / REV-04 / AUTHZ-03: a flagged case reaches the decision only through a passed review."""

import pytest

from sanxiang.cases.choices import CaseState
from sanxiang.core.errors import Conflict
from sanxiang.review import services
from sanxiang.review.testing import checklist_input, pass_review, qualify, submit_complete
from sanxiang.testing import factories as f

from .conftest import decide

pytestmark = pytest.mark.django_db


def test_it_refuses_a_decision_without_legal_review(cast, major_case, day):
    case = major_case()
    with pytest.raises(Conflict) as refused:
        decide(cast, case, day)
    message = refused.value.message
    assert (
        "REV-01" in message and "罚款 50000 元 ≥ 自然人较大数额标准 10000 元，全市通用目录第 3 项" in message
    )
    case.refresh_from_db()
    assert case.state == CaseState.NOTICE and case.decision_number is None


def test_a_minor_case_is_decided_without_review(cast, major_case, day):
    case = major_case(fine="5000")
    assert decide(cast, case, day).state == CaseState.DECIDED


def test_a_passed_review_opens_the_gate(cast, major_case, reviewer, day):
    case = major_case()
    pass_review(case, reviewer, cast.officer_a, day)
    assert decide(cast, case, day).state == CaseState.DECIDED


def test_an_opinion_asking_for_corrections_keeps_the_gate_shut_until_resubmitted(
    cast, major_case, reviewer, day
):
    case = major_case()
    submission = submit_complete(case, cast.officer_a, day)
    services.accept(reviewer, submission.pk, {"date": day.isoformat()})
    services.give_opinion(
        reviewer,
        submission.pk,
        {"date": day.isoformat(), "opinion": "correct", "reasons": "证据目录缺页", **checklist_input()},
    )
    with pytest.raises(Conflict, match="REV-04"):
        decide(cast, case, day)
    pass_review(case, reviewer, cast.officer_a, day)
    assert decide(cast, case, day).state == CaseState.DECIDED


def test_a_changed_proposal_after_the_review_needs_a_new_review(cast, major_case, reviewer, day):
    case = major_case()
    pass_review(case, reviewer, cast.officer_a, day)
    with pytest.raises(Conflict, match="超出法制审核时的处罚内容"):
        decide(
            cast, case, day, penalty_kinds=["warning", "fine", "confiscate_gains"], confiscation_amount="100"
        )


def test_a_lighter_final_penalty_stays_within_the_review(cast, major_case, reviewer, day):
    case = major_case()
    pass_review(case, reviewer, cast.officer_a, day)
    assert decide(cast, case, day, fine_amount="30000").state == CaseState.DECIDED


def test_final_penalties_that_are_major_are_caught_at_the_gate(cast, major_case, day):
    # Proposed: a warning and a license suspension; the decision adds a large fine (lighter than
    # the suspension, so CASE-08 allows it). The gate classifies the FINAL penalties.
    case = major_case(fine="", kinds=("warning", "suspend_license"))
    assert not case.review_classifications.last().major
    with pytest.raises(Conflict) as refused:
        decide(cast, case, day, penalty_kinds=["warning", "suspend_license", "fine"], fine_amount="80000")
    assert "罚款 80000 元" in refused.value.message


def test_the_approving_reviewer_may_not_be_the_decider(cast, major_case, day):
    case = major_case()
    from sanxiang.orgs.choices import Role
    from sanxiang.orgs.services import grant_role

    grant_role(cast.chief_a, Role.LEGAL_REVIEWER, cast.body_a)
    qualify(cast.chief_a, cast.body_a)
    pass_review(case, cast.chief_a, cast.officer_a, day)
    with pytest.raises(Conflict, match="AUTHZ-03：法制审核人员不得同时作出本案决定"):
        decide(cast, case, day)


def test_a_reviewer_who_becomes_an_investigator_voids_the_review(cast, major_case, reviewer, day):
    from sanxiang.cases import services as case_services

    case = major_case()
    pass_review(case, reviewer, cast.officer_a, day)
    officer = reviewer.officer
    officer.department = f.handling_department(cast.body_a)
    officer.save()
    case_services.assign_officers(cast.head_a, case, [o.pk for o in cast.officers_a] + [officer.pk])
    with pytest.raises(Conflict, match="AUTHZ-03"):
        decide(cast, case, day)
