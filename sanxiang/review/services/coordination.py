"""When the handling unit disagrees: coordination (协调) and collective discussion (集体讨论)."""

from __future__ import annotations

from django.db import transaction

from sanxiang.cases.models import Case
from sanxiang.core.errors import Conflict, Forbidden
from sanxiang.documents.choices import DocumentKind
from sanxiang.documents.services import issue_record
from sanxiang.orgs import access
from sanxiang.orgs import permissions as perm

from ..choices import CollectiveConclusion, CoordinationOutcome, Opinion, SubmissionStatus
from ..forms import CollectiveForm, CoordinationDecisionForm, CoordinationForm, ReviewPositionForm
from ..gate import investigator_user_ids, latest_round
from ..models import CollectiveDiscussion, Coordination
from .common import lock, not_before, record, require, validated
from .submissions import SUBMITTABLE, locked, submission_for


def open_coordination(actor, submission_id: int, data) -> Coordination:
    """The handling unit states why it disagrees with a 需补正/不同意 opinion of the latest round."""
    submission = submission_for(actor, submission_id, perm.CASE_HANDLE, message="只有承办机构可以提出协调")
    clean = validated(CoordinationForm, data)
    with transaction.atomic():
        case, submission = locked(submission, SubmissionStatus.DONE)
        if submission.opinion == Opinion.APPROVE:
            raise Conflict("审核意见为“同意”，无需协调")
        if latest_round(case).pk != submission.pk:
            raise Conflict("只能对最近一轮审核意见提出协调")
        if Coordination.objects.filter(submission=submission).exists():
            raise Conflict("该轮审核意见已提出过协调")
        not_before(clean["date"], submission.opinion_on, "审核意见日期")
        coordination = Coordination.objects.create(
            case=case,
            submission=submission,
            handling_position=clean["handling_position"],
            opened_by=actor,
            opened_on=clean["date"],
            review_position=submission.opinion_reasons,
        )
        coordination.ledger = {
            "opened": record(
                "review.coordination_opened",
                case,
                actor,
                coordination=coordination.pk,
                submission=submission.pk,
            )
        }
        coordination.save(update_fields=["ledger"])
    return coordination


def _coordination_for(actor, coordination_id: int, action: str, message: str) -> Coordination:
    rows = Coordination.objects.select_related("case", "case__body", "submission")
    coordination = access.get_for(actor, rows, pk=coordination_id)
    require(actor, coordination.case, action, message=message)
    return coordination


def _locked_open(coordination: Coordination) -> tuple[Case, Coordination]:
    case = lock(coordination.case)
    coordination = (
        Coordination.objects.select_for_update().select_related("submission").get(pk=coordination.pk)
    )
    if not coordination.is_open:
        raise Conflict("该协调已作出决定")
    return case, coordination


def state_review_position(actor, coordination_id: int, data) -> Coordination:
    """The review unit restates its position for the agency head (defaults to the opinion's reasons)."""
    coordination = _coordination_for(
        actor, coordination_id, perm.CASE_REVIEW, "只有法制审核机构可以陈述审核意见"
    )
    clean = validated(ReviewPositionForm, data)
    with transaction.atomic():
        case, coordination = _locked_open(coordination)
        coordination.review_position, coordination.review_position_by = clean["review_position"], actor
        coordination.ledger["review_position"] = record(
            "review.coordination_position", case, actor, coordination=coordination.pk
        )
        coordination.save()
    return coordination


def decide_coordination(actor, coordination_id: int, data) -> Coordination:
    """The agency head upholds the opinion, accepts the handling unit's position, or calls a discussion."""
    coordination = _coordination_for(actor, coordination_id, perm.CASE_DECIDE, "协调意见须由机关负责人决定")
    clean = validated(CoordinationDecisionForm, data)
    with transaction.atomic():
        case, coordination = _locked_open(coordination)
        if case.state not in SUBMITTABLE:
            raise Conflict(f"案件当前状态为“{case.get_state_display()}”，不能作出协调决定")
        if clean["outcome"] == CoordinationOutcome.ACCEPT and actor.pk in investigator_user_ids(case):
            raise Forbidden("AUTHZ-03：本案调查人员不得决定采纳承办机构意见")
        not_before(clean["date"], coordination.opened_on, "提出协调日期")
        coordination.outcome, coordination.reasons = clean["outcome"], clean["reasons"]
        coordination.decided_by, coordination.decided_on = actor, clean["date"]
        coordination.ledger["decided"] = record(
            "review.coordination_decided",
            case,
            actor,
            coordination=coordination.pk,
            outcome=coordination.outcome,
        )
        coordination.save()
    return coordination


def record_collective_discussion(actor, case_id: int, data) -> CollectiveDiscussion:
    """集体讨论 minutes (APL Art. 57 ¶2), tied to the latest review round when it has an opinion."""
    case = access.get_for(actor, Case.objects.all(), pk=case_id)
    require(actor, case, perm.CASE_DECIDE, message="集体讨论记录由机关负责人填报")
    clean = validated(CollectiveForm, data)
    with transaction.atomic():
        case = lock(case)
        if case.state not in SUBMITTABLE:
            raise Conflict(f"案件当前状态为“{case.get_state_display()}”，作出决定前才能进行集体讨论")
        not_before(clean["held_on"], case.filed_on, "立案日期")
        submission = latest_round(case)
        if submission is not None and submission.status != SubmissionStatus.DONE:
            submission = None
        if clean["conclusion"] == CollectiveConclusion.DECIDE and actor.pk in investigator_user_ids(case):
            raise Forbidden("AUTHZ-03：本案调查人员不得填报同意作出决定的集体讨论结论")
        coordination = getattr(submission, "coordination", None) if submission else None
        discussion = CollectiveDiscussion.objects.create(
            case=case,
            submission=submission,
            coordination=coordination,
            recorded_by=actor,
            **clean,
        )
        # The minutes are a document of the case (issue 4 §5), frozen and hashed like any other.
        minutes = issue_record(
            case,
            DocumentKind.COLLECTIVE_DISCUSSION,
            day=discussion.held_on,
            actor=actor,
            extra={**clean, "conclusion_label": discussion.get_conclusion_display()},
        )
        discussion.ledger_index = record(
            "review.collective_discussion",
            case,
            actor,
            discussion=discussion.pk,
            submission=submission.pk if submission else None,
            conclusion=discussion.conclusion,
            participants=len(discussion.participants),
            held_on=discussion.held_on,
            document=str(minutes.public_id),
        )
        discussion.save(update_fields=["ledger_index"])
    return discussion
