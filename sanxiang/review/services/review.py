"""The review itself: who may review (REV-02, REV-08), the opinion (REV-04, REV-05), extension, advisers."""

from __future__ import annotations

from django.db import transaction

from sanxiang.core.errors import Conflict
from sanxiang.orgs import permissions as perm
from sanxiang.orgs.models import Officer
from sanxiang.workdays.selectors import add_workdays

from ..choices import Conclusion, ExtensionStatus, SubmissionStatus
from ..forms import AdviserForm, ApprovalForm, ExtensionForm, OpinionForm
from ..gate import investigator_user_ids
from ..models import AdviserOpinion, ChecklistAnswer, Submission
from .common import checked, not_before, record, validated
from .submissions import SUBMITTABLE, locked, rules_for, submission_for


def is_first_review(user) -> bool:
    """REV-02 "first time": the user has never completed a review (an opinion on any round)."""
    return not Submission.objects.filter(reviewer=user, status=SubmissionStatus.DONE).exists()


def reviewer_problems(user, submission: Submission) -> list[str]:
    """Who may accept and review this round: never an investigator, never the submitter, qualified if new."""
    problems = []
    if user.pk in investigator_user_ids(submission.case):
        problems.append("REV-08：本案调查人员不得担任本案法制审核人员")
    if user.pk == submission.submitted_by_id:
        problems.append("AUTHZ-03：审核人不得审核本人送审的案件")
    if is_first_review(user):
        officer = Officer.objects.filter(user=user).first()
        if officer is None:
            problems.append(
                "REV-02：首次从事法制审核的人员须具有法律职业资格，您的账号未关联执法人员信息，无法核验"
            )
        elif not officer.has_legal_qualification:
            problems.append("REV-02：首次从事法制审核的人员须取得国家统一法律职业资格")
    return problems


def give_opinion(actor, submission_id: int, data) -> Submission:
    """出具审核意见: seven points answered (REV-05); 需补正/不同意 send the case back (REV-04)."""
    submission = submission_for(
        actor, submission_id, perm.CASE_REVIEW, message="只有法制审核人员可以出具审核意见"
    )
    form = checked(OpinionForm, data)
    clean = form.cleaned_data
    with transaction.atomic():
        case, submission = locked(submission, SubmissionStatus.UNDER_REVIEW)
        if case.state not in SUBMITTABLE:
            raise Conflict(f"案件当前状态为“{case.get_state_display()}”，不能出具法制审核意见")
        problems = reviewer_problems(actor, submission)
        if problems:
            raise Conflict("；".join(problems), fields={"__all__": problems})
        not_before(clean["date"], submission.accepted_on, "受理日期")
        answers = form.answers()
        ChecklistAnswer.objects.bulk_create(
            ChecklistAnswer(submission=submission, checkpoint=c, conclusion=conclusion, comment=comment)
            for c, conclusion, comment in answers
        )
        submission.status = SubmissionStatus.DONE
        submission.reviewer, submission.opinion = actor, clean["opinion"]
        submission.opinion_reasons, submission.opinion_on = clean["reasons"], clean["date"]
        submission.ledger["opinion"] = record(
            "review.opinion",
            case,
            actor,
            submission=submission.pk,
            round=submission.round,
            opinion=submission.opinion,
            noncompliant=[c for c, conclusion, _ in answers if conclusion == Conclusion.NONCOMPLIANT],
            overdue=submission.overdue_opinion,
        )
        submission.save()
    return submission


def request_extension(actor, submission_id: int, data) -> Submission:
    """The reviewer asks for the one extension (REV-07); the agency head decides."""
    submission = submission_for(
        actor, submission_id, perm.CASE_REVIEW, message="只有法制审核人员可以申请延期"
    )
    clean = validated(ExtensionForm, data)
    with transaction.atomic():
        case, submission = locked(submission, SubmissionStatus.UNDER_REVIEW)
        if submission.extension_status == ExtensionStatus.APPROVED:
            raise Conflict("REV-07：审核期限只能延长一次")
        if submission.extension_status == ExtensionStatus.REQUESTED:
            raise Conflict("已申请延期，等待机关负责人审批")
        not_before(clean["date"], submission.accepted_on, "受理日期")
        submission.extension_status = ExtensionStatus.REQUESTED
        submission.extension_reason = clean["reason"]
        submission.extension_requested_by, submission.extension_requested_on = actor, clean["date"]
        submission.ledger["extension_requested"] = record(
            "review.extension_requested", case, actor, submission=submission.pk
        )
        submission.save()
    return submission


def decide_extension(actor, submission_id: int, data) -> Submission:
    """The agency head approves (the due date moves by the body's extension) or refuses the request."""
    submission = submission_for(
        actor, submission_id, perm.CASE_DECIDE, message="延长审核期限须经机关负责人批准"
    )
    clean = validated(ApprovalForm, data)
    with transaction.atomic():
        case, submission = locked(submission, SubmissionStatus.UNDER_REVIEW)
        if submission.extension_status != ExtensionStatus.REQUESTED:
            raise Conflict("没有待审批的延期申请")
        not_before(clean["date"], submission.extension_requested_on, "申请日期")
        approved = clean["decision"] == "approve"
        submission.extension_status = ExtensionStatus.APPROVED if approved else ExtensionStatus.REJECTED
        submission.extension_decided_by, submission.extension_decided_on = actor, clean["date"]
        submission.extension_note = clean["note"]
        if approved:
            submission.extension_workdays = rules_for(case).extension_workdays
            submission.due_on = add_workdays(submission.due_on, submission.extension_workdays).date
        submission.ledger["extension_decided"] = record(
            "review.extension_decided",
            case,
            actor,
            submission=submission.pk,
            approved=approved,
            due_on=submission.due_on,
        )
        submission.save()
    return submission


def record_adviser_opinion(actor, submission_id: int, data) -> AdviserOpinion:
    """A written opinion of a legal adviser or public lawyer asked by the review unit (GBF118 (十一))."""
    submission = submission_for(
        actor, submission_id, perm.CASE_REVIEW, message="只有法制审核人员可以记录顾问意见"
    )
    clean = validated(AdviserForm, data)
    with transaction.atomic():
        case, submission = locked(submission, SubmissionStatus.PENDING, SubmissionStatus.UNDER_REVIEW)
        if clean["given_on"] < submission.submitted_on:
            raise Conflict("顾问意见的日期不得早于送审日期", fields={"given_on": ["不得早于送审日期"]})
        opinion = AdviserOpinion.objects.create(submission=submission, recorded_by=actor, **clean)
        opinion.ledger_index = record(
            "review.adviser_opinion",
            case,
            actor,
            submission=submission.pk,
            opinion=opinion.pk,
            kind=opinion.adviser_kind,
        )
        opinion.save(update_fields=["ledger_index"])
    return opinion
