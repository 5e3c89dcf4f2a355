"""送审 and 受理: complete materials before the clock starts, resubmission differences, the time limit."""

import pytest
from django.apps import apps

from sanxiang.cases import services as case_services
from sanxiang.cases.models import Case
from sanxiang.core.errors import Conflict, InvalidInput
from sanxiang.review import services
from sanxiang.review.choices import Material, SubmissionStatus
from sanxiang.review.models import Submission
from sanxiang.review.services.submissions import required_materials
from sanxiang.review.testing import checklist_input, materials_input, submit_complete
from sanxiang.testing import flow
from sanxiang.workdays.selectors import add_workdays

pytestmark = pytest.mark.django_db


def test_incomplete_materials_are_returned_with_what_is_missing(cast, major_case, day):
    case = major_case()
    with pytest.raises(InvalidInput) as returned:
        services.submit(cast.officer_a, case.pk, {"date": day, "investigation_report_text": "调查终结报告"})
    assert returned.value.code == "materials_incomplete"
    assert returned.value.fields["materials"] == [
        "缺少证据材料及目录",
        "缺少拟作出的处理决定",
        "缺少行政处罚决定书代拟稿",
        "缺少行使自由裁量权的说明",
    ]
    assert not Submission.objects.exists()


def test_statement_and_hearing_records_are_required_only_where_they_exist(cast, major_case, day):
    assert Material.STATEMENT not in required_materials(Case())
    assert required_materials(Case(statement_received_on=day, hearing_held_on=day))[-2:] == [
        Material.STATEMENT,
        Material.HEARING_RECORD,
    ]
    case = major_case(waive=False)
    case_services.run_transition(
        cast.officer_a, case.pk, "record_statement", {"date": day, "statement_summary": "初次违法"}
    )
    case.refresh_from_db()
    data = {"date": day, **materials_input(Case())}
    with pytest.raises(InvalidInput, match="当事人陈述申辩材料"):
        services.submit(cast.officer_a, case.pk, data)
    services.submit(cast.officer_a, case.pk, {**data, "statement_text": "陈述申辩笔录"})


def test_only_a_concluded_investigation_is_submitted_once_at_a_time(cast, new_case, major_case, day):
    case = new_case()
    case_services.run_transition(cast.head_a, case.pk, "file_case", {"date": day})
    with pytest.raises(Conflict, match="调查终结后"):
        services.submit(cast.officer_a, case.pk, {"date": day, **materials_input(case)})
    ready = major_case()
    submit_complete(ready, cast.officer_a, day)
    with pytest.raises(Conflict, match="重复送审"):
        submit_complete(ready, cast.officer_a, day)


def test_materials_link_only_to_records_of_the_same_case(cast, major_case, day):
    case, other = major_case(), major_case()
    data = {"date": day, **materials_input(case)}
    with pytest.raises(InvalidInput) as bad:
        services.submit(cast.officer_a, case.pk, {**data, "evidence_list_link": "orgs.officer:1"})
    assert "evidence_list_link" in bad.value.fields
    with pytest.raises(InvalidInput):
        services.submit(cast.officer_a, case.pk, {**data, "evidence_list_link": "not a link"})
    if not apps.is_installed("sanxiang.documents") or not hasattr(other, "documents"):
        return
    foreign = other.documents.first()
    own = case.documents.first()
    if foreign is None or own is None:
        return
    with pytest.raises(InvalidInput, match="不属于本案"):
        services.submit(
            cast.officer_a, case.pk, {**data, "draft_document_link": f"documents.document:{foreign.pk}"}
        )
    submission = services.submit(
        cast.officer_a, case.pk, {**data, "draft_document_link": f"documents.document:{own.pk}"}
    )
    assert submission.materials.get(item="draft_document").link == f"documents.document:{own.pk}"


def test_a_resubmission_shows_what_changed(cast, major_case, reviewer, day):
    case = major_case(waive=False)
    first = submit_complete(case, cast.officer_a, day)
    services.accept(reviewer, first.pk, {"date": day})
    opinion = {"date": day, "opinion": "correct", "reasons": "罚款数额明显偏高", **checklist_input()}
    services.give_opinion(reviewer, first.pk, opinion)
    iso = day.isoformat()
    case_services.run_transition(
        cast.reviewer_a, case.pk, "return_for_investigation", {"date": iso, "reason": "补正"}
    )
    case_services.run_transition(
        cast.officer_a, case.pk, "submit_for_review", flow.submit_input(date=iso, fine_amount="20000")
    )
    with pytest.raises(InvalidInput, match="重新送审"):
        services.submit(cast.officer_a, case.pk, {"date": day, **materials_input(case)})
    data = {
        "date": day,
        **materials_input(case),
        "discretion_text": "依从轻情形调整",
        "resubmission_note": "已调整罚款",
    }
    second = services.submit(cast.officer_a, case.pk, data)
    assert second.round == 2
    assert second.changes["penalties"] == {"before": "警告、罚款 50000 元", "after": "警告、罚款 20000 元"}
    assert second.changes["changed"] == ["行使自由裁量权的说明"] and second.changes["note"] == "已调整罚款"
    assert second.changes["previous_outcome"] == "需补正"


def test_the_review_clock_starts_at_acceptance(cast, major_case, reviewer, day):
    services.configure_rules(cast.chief_a, cast.body_a, {"time_limit_workdays": 5, "extension_workdays": 3})
    case = major_case()
    submission = submit_complete(case, cast.officer_a, day)
    assert submission.status == SubmissionStatus.PENDING and submission.due_on is None
    accepted_on = add_workdays(day, 2).date
    submission = services.accept(reviewer, submission.pk, {"date": accepted_on})
    assert submission.due_on == add_workdays(accepted_on, 5).date and submission.time_limit_workdays == 5


def test_the_default_time_limit_is_ten_working_days(cast, major_case, reviewer, day):
    submission = submit_complete(major_case(), cast.officer_a, day)
    assert services.accept(reviewer, submission.pk, {"date": day}).due_on == add_workdays(day, 10).date


def test_an_incomplete_submission_is_returned_on_receipt_without_starting_the_clock(
    cast, major_case, reviewer, day
):
    case = major_case()
    submission = submit_complete(case, cast.officer_a, day)
    with pytest.raises(InvalidInput):
        services.return_incomplete(reviewer, submission.pk, {"date": day})
    returned = services.return_incomplete(
        reviewer, submission.pk, {"date": day, "missing": ["evidence_list"], "note": "证据目录缺页码"}
    )
    assert returned.status == SubmissionStatus.RETURNED and returned.due_on is None
    assert returned.returned_missing == ["证据材料及目录", "证据目录缺页码"]
    with pytest.raises(Conflict):
        services.accept(reviewer, submission.pk, {"date": day})
    again = submit_complete(case, cast.officer_a, day)
    assert again.round == 2 and again.changes["previous_outcome"] == "材料不全已退回"
