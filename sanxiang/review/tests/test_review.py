"""The review: who may review (REV-02, REV-08), the checklist (REV-05), extension, advisers, lights."""

import datetime

import pytest

from sanxiang.core.errors import Conflict, Forbidden, InvalidInput
from sanxiang.ledger.models import Entry
from sanxiang.orgs.choices import Role
from sanxiang.orgs.services import grant_role
from sanxiang.review import selectors, services
from sanxiang.review.choices import Conclusion, SubmissionStatus
from sanxiang.review.testing import checklist_input, pass_review, submit_complete
from sanxiang.testing import factories as f
from sanxiang.workdays.selectors import add_workdays

pytestmark = pytest.mark.django_db


def opinion(day, verdict="approve", **extra):
    return {"date": day, "opinion": verdict, "reasons": "理由", **checklist_input(), **extra}


def test_a_first_time_reviewer_must_hold_the_legal_qualification(cast, major_case, day):
    submission = submit_complete(major_case(), cast.officer_a, day)
    with pytest.raises(Conflict, match="REV-02.*未关联执法人员信息"):
        services.accept(cast.reviewer_a, submission.pk, {"date": day})
    f.make_officer(cast.body_a, "钱审核", user=cast.reviewer_a)
    with pytest.raises(Conflict, match="REV-02：首次从事法制审核的人员须取得国家统一法律职业资格"):
        services.accept(cast.reviewer_a, submission.pk, {"date": day})


def test_an_experienced_reviewer_needs_no_qualification_check(cast, major_case, reviewer, day):
    pass_review(major_case(), reviewer, cast.officer_a, day)
    officer = reviewer.officer
    officer.has_legal_qualification = False
    officer.save(update_fields=["has_legal_qualification"])
    submission = submit_complete(major_case(), cast.officer_a, day)
    assert services.accept(reviewer, submission.pk, {"date": day}).status == SubmissionStatus.UNDER_REVIEW


def test_an_investigator_of_the_case_never_reviews_it(cast, major_case, day):
    grant_role(cast.officer_a2, Role.LEGAL_REVIEWER, cast.body_a)
    officer = cast.officers_a[1]
    officer.has_legal_qualification, officer.legal_qualification_number = True, "A1"
    officer.save()
    submission = submit_complete(major_case(), cast.officer_a, day)
    with pytest.raises(Conflict, match="REV-08"):
        services.accept(cast.officer_a2, submission.pk, {"date": day})


def test_every_checklist_point_is_answered_and_approval_needs_no_failing_point(
    cast, major_case, reviewer, day
):
    submission = submit_complete(major_case(), cast.officer_a, day)
    services.accept(reviewer, submission.pk, {"date": day})
    incomplete = opinion(day)
    del incomplete["crime_conclusion"]
    with pytest.raises(InvalidInput) as bad:
        services.give_opinion(reviewer, submission.pk, incomplete)
    assert bad.value.fields["crime_conclusion"] == ["须对“是否涉嫌犯罪需移送司法机关”作出结论"]
    failing = opinion(day, law_conclusion=Conclusion.NONCOMPLIANT)
    with pytest.raises(InvalidInput) as bad:
        services.give_opinion(reviewer, submission.pk, failing)
    assert {"opinion", "law_comment"} <= set(bad.value.fields)
    with pytest.raises(InvalidInput) as bad:
        services.give_opinion(reviewer, submission.pk, opinion(day, "disapprove", reasons=""))
    assert "reasons" in bad.value.fields
    with pytest.raises(Forbidden):
        services.give_opinion(cast.officer_a, submission.pk, opinion(day))
    done = services.give_opinion(
        reviewer,
        submission.pk,
        opinion(day, "disapprove", law_conclusion="noncompliant", law_comment="裁量畸重"),
    )
    assert done.status == SubmissionStatus.DONE and done.answers.count() == 7
    payload = Entry.objects.get(index=done.ledger["opinion"]).payload
    assert '"noncompliant":["law"]' in payload and '"opinion":"disapprove"' in payload


def test_one_extension_with_the_agency_heads_approval(cast, major_case, reviewer, day):
    submission = submit_complete(major_case(), cast.officer_a, day)
    services.accept(reviewer, submission.pk, {"date": day})
    services.request_extension(reviewer, submission.pk, {"date": day, "reason": "需征求法律顾问意见"})
    with pytest.raises(Forbidden):
        services.decide_extension(reviewer, submission.pk, {"decision": "approve"})
    extended = services.decide_extension(cast.chief_a, submission.pk, {"decision": "approve", "date": day})
    assert extended.due_on == add_workdays(add_workdays(day, 10).date, 10).date
    with pytest.raises(Conflict, match="只能延长一次"):
        services.request_extension(reviewer, submission.pk, {"date": day, "reason": "再次延期"})


def test_advisers_written_opinions_are_recorded_without_names_in_the_ledger(cast, major_case, reviewer, day):
    submission = submit_complete(major_case(), cast.officer_a, day)
    services.accept(reviewer, submission.pk, {"date": day})
    row = services.record_adviser_opinion(
        reviewer,
        submission.pk,
        {"adviser_name": "刘律师", "adviser_kind": "public_lawyer", "opinion": "建议从轻", "given_on": day},
    )
    assert row.get_adviser_kind_display() == "公职律师"
    assert "刘律师" not in Entry.objects.get(index=row.ledger_index).payload


def test_due_soon_and_overdue_reviews_show_in_the_queue_and_the_alerts(cast, major_case, reviewer, day):
    today = datetime.date.today()
    late_day = day  # 20 days ago: ten working days have passed
    late = submit_complete(major_case(), cast.officer_a, late_day)
    services.accept(reviewer, late.pk, {"date": late_day})
    soon = submit_complete(major_case(), cast.officer_a, today)
    services.accept(reviewer, soon.pk, {"date": today})
    soon.refresh_from_db()
    soon.due_on = add_workdays(today, 2).date
    soon.save(update_fields=["due_on"])
    alerts = {a.submission.pk: a for a in selectors.review_alerts(reviewer, today)}
    assert alerts[late.pk].light == "red" and alerts[late.pk].workdays_left < 0
    assert alerts[soon.pk].light == "yellow" and alerts[soon.pk].workdays_left == 2
    assert selectors.review_alerts(cast.officer_b, today) == []
    assert {r.light for r in selectors.queue(reviewer, today)} == {"red", "yellow"}
    assert selectors.queue(cast.officer_a, today) == []  # investigators have no review queue


def test_a_proposal_outside_its_discretion_benchmark_is_flagged_with_the_row(cast, major_case, reviewer, day):
    violation = services.create_violation_type(
        cast.chief_a,
        cast.body_a,
        {"code": "SP-34-10", "name": "销售过期食品", "legal_basis": "食品安全法第一百二十四条"},
    )
    services.set_range(
        cast.chief_a,
        violation,
        {
            "circumstance": "general",
            "min_fine": "5000",
            "max_fine": "30000",
            "allowed_kinds": ["warning", "fine"],
        },
    )
    submission = submit_complete(
        major_case(), cast.officer_a, day, violation_type=violation.pk, circumstance="general"
    )
    findings = submission.discretion_findings
    assert findings["row"]["fine_range"] == "5000–30000 元" and findings["row"]["circumstance"] == "一般处罚"
    assert findings["problems"] == ["罚款 50000 元高于该情形的上限 30000 元"]
