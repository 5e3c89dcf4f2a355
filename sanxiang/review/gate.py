"""The legal-review gate (REV-01, AUTHZ-03): may this case be decided, as far as review goes?

`standing()` answers for the UI, the statistics and the guard registered on the `legal_review`
slot of cases.procedure. It only reads, so it is safe inside a transition that may be refused.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from sanxiang.cases.choices import DecisionKind

from . import classify
from .choices import CollectiveConclusion, CoordinationOutcome, Opinion, SubmissionStatus
from .models import Classification, ManualFlag, Submission


@dataclass
class Standing:
    """Where a case stands with the review: flagged or not, and what resolves it (or is missing)."""

    flagged: bool
    reasons: list[str] = field(default_factory=list)
    passed: bool = False
    basis: str = ""  # "opinion" | "coordination" | "collective"
    record: object = None
    approver: object = None
    problems: list[str] = field(default_factory=list)

    @property
    def basis_label(self) -> str:
        return {
            "opinion": "法制审核意见同意",
            "coordination": "协调后采纳承办机构意见",
            "collective": "集体讨论决定",
        }.get(self.basis, "")


def _prefetched(case, name: str) -> bool:
    return name in getattr(case, "_prefetched_objects_cache", {})


def investigator_user_ids(case) -> set[int]:
    if _prefetched(case, "assignments"):
        return {a.officer.user_id for a in case.assignments.all() if a.officer.user_id}
    return set(
        case.assignments.filter(officer__user__isnull=False).values_list("officer__user_id", flat=True)
    )


def flag_text(flag: ManualFlag) -> str:
    who = flag.flagged_by.display_name or flag.flagged_by.username
    return f"人工标记“{flag.get_factor_display()}”（{who}，{flag.flagged_on:%Y-%m-%d}）：{flag.reason}"


def flag_reasons(
    case, final_penalties: list[dict] | None = None, day: datetime.date | None = None
) -> list[str]:
    """Why the case is major now: the latest classification, hand-made flags, and the final penalties.

    A catalogue item hit by both the stored classification and the final penalties is explained
    once, with the final figures (they are what is being decided).
    """
    reasons: dict[tuple, str] = {}
    latest = Classification.objects.filter(case=case).order_by("-id").first()
    if latest and latest.major:
        reasons.update({("item", r["item"]): r["text"] for r in latest.reasons})
    flags = ManualFlag.objects.filter(case=case).select_related("flagged_by")
    reasons.update({("flag", f.pk): flag_text(f) for f in flags if f.counts})
    if final_penalties is not None and day is not None:
        result = classify.classify(case, final_penalties, day)
        reasons.update({("item", r.item_id): r.text for r in result.reasons})
    return list(reasons.values())


def latest_round(case) -> Submission | None:
    """The last round that was not withdrawn (uses `review_submissions` when prefetched)."""
    if _prefetched(case, "review_submissions"):
        rows = [s for s in case.review_submissions.all() if s.status != SubmissionStatus.WITHDRAWN]
        return max(rows, key=lambda s: s.round, default=None)
    return (
        Submission.objects.filter(case=case)
        .exclude(status=SubmissionStatus.WITHDRAWN)
        .select_related("reviewer", "submitted_by", "coordination__decided_by")
        .order_by("-round")
        .first()
    )


def _resolution(submission: Submission) -> tuple[str, object, object, str]:
    """(basis, record, approving user, why not) for a round that has an opinion."""
    if submission.opinion == Opinion.APPROVE:
        return "opinion", submission, submission.reviewer, ""
    discussions = sorted(submission.discussions.all(), key=lambda d: (d.held_on, d.id))
    discussion = discussions[-1] if discussions else None
    if discussion and discussion.conclusion == CollectiveConclusion.DECIDE:
        return "collective", discussion, discussion.recorded_by, ""
    coordination = getattr(submission, "coordination", None)
    if coordination and coordination.outcome == CoordinationOutcome.ACCEPT:
        return "coordination", coordination, coordination.decided_by, ""
    if submission.opinion == Opinion.CORRECT:
        return "", None, None, "REV-04：法制审核意见为“需补正”，须补正后重新送审"
    why = "法制审核意见为“不同意”"
    if coordination and coordination.is_open:
        why += "，协调尚未作出决定"
    elif discussion:
        why += f"，集体讨论结论为“{discussion.get_conclusion_display()}”"
    return "", None, None, why


def resolution(case, final_penalties: list[dict] | None = None, decider=None) -> Standing:
    """Whether the latest round resolves the review for the current (and final) penalties."""
    result = Standing(flagged=True)
    submission = latest_round(case)
    if submission is None:
        result.problems.append("尚未送法制审核")
        return result
    if submission.status != SubmissionStatus.DONE:
        result.problems.append(
            f"第 {submission.round} 轮法制审核{submission.get_status_display()}，尚无审核意见"
        )
        return result
    basis, record, approver, why = _resolution(submission)
    if not basis:
        result.problems.append(why)
        return result
    if classify.penalty_key(submission.penalties) != classify.penalty_key(case.proposed_penalties):
        result.problems.append(
            f"送审后拟作出的处罚已变更（送审时：{classify.describe(submission.penalties)}；"
            f"现为：{classify.describe(case.proposed_penalties)}），须重新送审"
        )
    if final_penalties is not None and not classify.covers(submission.penalties, final_penalties):
        result.problems.append(
            f"拟决定的处罚（{classify.describe(final_penalties)}）超出法制审核时的处罚内容"
            f"（{classify.describe(submission.penalties)}），须重新送审"
        )
    investigators = investigator_user_ids(case)
    if approver is None or approver.pk in investigators:
        result.problems.append("AUTHZ-03：审核或批准人是本案调查人员，该审核结论无效")
    if basis == "opinion" and approver is not None:
        if approver.pk == submission.submitted_by_id:
            result.problems.append("AUTHZ-03：审核人不得审核本人送审的案件")
        if decider is not None and approver.pk == decider.pk:
            result.problems.append("AUTHZ-03：法制审核人员不得同时作出本案决定")
    result.passed = not result.problems
    result.basis, result.record, result.approver = basis, record, approver
    return result


def standing(
    case, *, final_penalties: list[dict] | None = None, day: datetime.date | None = None, decider=None
) -> Standing:
    """Flagged? and if so, resolved? — with the reasons and what is missing, in Chinese."""
    reasons = flag_reasons(case, final_penalties, day)
    if not reasons:
        return Standing(flagged=False)
    result = resolution(case, final_penalties, decider)
    result.reasons = reasons
    return result


def legal_review_gate(step) -> list[str]:
    """Guard on the `legal_review` slot of the `decide` transition (REV-01, REV-04, AUTHZ-03)."""
    case = step.case
    final = step.penalties if step.data.get("decision_kind") == DecisionKind.PENALTY else []
    result = standing(case, final_penalties=final, day=step.day, decider=step.actor)
    if not result.flagged or result.passed:
        return []
    head = f"REV-01：本案属于重大执法决定（{'；'.join(result.reasons)}），未经法制审核或者审核未通过的，不得作出决定"
    return [head, *result.problems]
