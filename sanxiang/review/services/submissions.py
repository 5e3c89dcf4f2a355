"""送审 and 受理: the handling unit submits complete materials; the review unit accepts or returns them."""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Max, Q

from sanxiang.cases.choices import CaseState
from sanxiang.cases.models import Case
from sanxiang.core.errors import Conflict, InvalidInput
from sanxiang.orgs import access
from sanxiang.orgs import permissions as perm
from sanxiang.workdays.selectors import add_workdays

from .. import classify, discretion
from ..choices import ALWAYS_REQUIRED, OPEN_SUBMISSION, Material, SubmissionStatus
from ..forms import DatedForm, ReturnForm, SubmissionForm
from ..models import MaterialItem, ReviewRules, Submission, ViolationType
from .common import checked, lock, not_before, record, require, validated

# After the investigation ends and before the decision (the notice and hearing come in between).
SUBMITTABLE = frozenset(
    {CaseState.INTERNAL_REVIEW, CaseState.NOTICE_PENDING, CaseState.NOTICE, CaseState.HEARING}
)
# Materials may link to records of these apps (documents, evidence) that belong to the same case.
LINKABLE_APPS = frozenset({"documents", "evidence", "records"})


def required_materials(case: Case) -> list[str]:
    """The checklist for this case: statement/defence and hearing records only where they exist."""
    items = list(ALWAYS_REQUIRED)
    if case.statement_received_on:
        items.append(Material.STATEMENT)
    if case.hearing_held_on:
        items.append(Material.HEARING_RECORD)
    return items


def missing_materials(case: Case, materials: dict[str, dict]) -> list[str]:
    return [Material(code).label for code in required_materials(case) if code not in materials]


def rules_for(case: Case) -> ReviewRules:
    return ReviewRules.objects.filter(body_id=case.body_id).first() or ReviewRules(body_id=case.body_id)


def _link(case: Case, code: str, link: str) -> tuple[ContentType | None, str]:
    if not link:
        return None, ""
    label, object_id = link.split(":", 1)
    app_label, model = label.split(".", 1)
    field = f"{code}_link"
    content_type = ContentType.objects.filter(app_label=app_label, model=model).first()
    model_class = content_type.model_class() if content_type else None
    if app_label not in LINKABLE_APPS or model_class is None or not hasattr(model_class, "case_id"):
        raise InvalidInput("只能关联本案的文书或证据记录", fields={field: ["只能关联本案的文书或证据记录"]})
    try:
        row = model_class._default_manager.filter(pk=object_id).first()
    except (ValueError, TypeError):
        row = None
    if row is None or row.case_id != case.pk:
        raise InvalidInput("关联的记录不存在或不属于本案", fields={field: ["关联的记录不存在或不属于本案"]})
    return content_type, str(row.pk)


def _violation(case: Case, violation_id: int | None) -> ViolationType | None:
    if not violation_id:
        return None
    own_or_city = Q(body_id=case.body_id) | Q(body__isnull=True)
    violation = ViolationType.objects.filter(own_or_city, pk=violation_id, is_active=True).first()
    if violation is None:
        raise InvalidInput("违法行为不存在", fields={"violation_type": ["请选择本机关或全市的裁量基准"]})
    return violation


def _changes(previous: Submission, current: Submission, materials: dict[str, dict]) -> dict:
    """What changed since the previous round: proposed penalties, materials, and the note."""
    before = {m.item: m.fingerprint() for m in previous.materials.select_related("content_type")}
    after = {code: (m["link"], m["reference"], m["text"]) for code, m in materials.items()}
    label = lambda code: Material(code).label  # noqa: E731
    penalties = None
    if classify.penalty_key(previous.penalties) != classify.penalty_key(current.penalties):
        penalties = {
            "before": classify.describe(previous.penalties),
            "after": classify.describe(current.penalties),
        }
    return {
        "previous_round": previous.round,
        "previous_outcome": previous.get_opinion_display() or previous.get_status_display(),
        "penalties": penalties,
        "added": [label(c) for c in after if c not in before],
        "removed": [label(c) for c in before if c not in after],
        "changed": [label(c) for c in after if c in before and before[c] != after[c]],
        "note": current.resubmission_note,
    }


def submit(actor, case_id: int, data) -> Submission:
    """送审. Incomplete materials are returned at once (400, listing what is missing); the clock waits."""
    case = access.get_for(actor, Case.objects.all(), pk=case_id)
    require(actor, case, perm.CASE_HANDLE, message="只有承办机构可以送法制审核")
    form = checked(SubmissionForm, data)
    clean, materials = form.cleaned_data, form.materials()
    with transaction.atomic():
        case = lock(case)
        if case.state not in SUBMITTABLE:
            raise Conflict(
                f"案件当前状态为“{case.get_state_display()}”：调查终结后、作出决定前才能送法制审核"
            )
        if case.review_submissions.filter(status__in=OPEN_SUBMISSION).exists():
            raise Conflict("本案已有尚未出具意见的送审，不能重复送审")
        not_before(clean["date"], case.filed_on, "立案日期")
        missing = missing_materials(case, materials)
        if missing:
            raise InvalidInput(
                f"送审材料不全，已退回：缺少{'、'.join(missing)}",
                code="materials_incomplete",
                fields={"materials": [f"缺少{m}" for m in missing]},
            )
        links = {code: _link(case, code, m["link"]) for code, m in materials.items()}
        violation = _violation(case, clean["violation_type"])
        previous = case.review_submissions.order_by("-round").first()
        if previous and not clean["resubmission_note"]:
            raise InvalidInput(
                "重新送审的，须说明补正或变更情况",
                fields={"resubmission_note": ["重新送审的，须说明补正或变更情况"]},
            )
        submission = Submission.objects.create(
            case=case,
            round=(case.review_submissions.aggregate(n=Max("round"))["n"] or 0) + 1,
            submitted_by=actor,
            submitted_on=clean["date"],
            penalties=list(case.proposed_penalties),
            violation_type=violation,
            circumstance=clean["circumstance"] if violation else "",
            discretion_findings=discretion.check(violation, clean["circumstance"], case.proposed_penalties),
            resubmission_note=clean["resubmission_note"],
        )
        MaterialItem.objects.bulk_create(
            MaterialItem(
                submission=submission,
                item=code,
                content_type=links[code][0],
                object_id=links[code][1],
                reference=m["reference"],
                text=m["text"],
            )
            for code, m in materials.items()
        )
        submission.changes = _changes(previous, submission, materials) if previous else {}
        submission.ledger = {
            "submitted": record(
                "review.submitted",
                case,
                actor,
                submission=submission.pk,
                round=submission.round,
                materials=sorted(materials),
                penalties=[list(p) for p in classify.penalty_key(submission.penalties)],
            )
        }
        submission.save(update_fields=["changes", "ledger"])
    return submission


def submission_for(actor, submission_id: int, *actions: str, message: str = "") -> Submission:
    rows = Submission.objects.select_related("case", "case__body")
    submission = access.get_for(actor, rows, pk=submission_id)
    if actions:
        require(actor, submission.case, *actions, message=message or "您没有执行此操作的权限")
    return submission


def locked(submission: Submission, *statuses: str) -> tuple[Case, Submission]:
    case = lock(submission.case)
    submission = Submission.objects.select_for_update().get(pk=submission.pk)
    submission.case = case
    if statuses and submission.status not in statuses:
        raise Conflict(f"该送审当前状态为“{submission.get_status_display()}”，不能执行此操作")
    return case, submission


def return_incomplete(actor, submission_id: int, data) -> Submission:
    """The review unit finds the materials incomplete on receipt: returned, the clock never starts."""
    submission = submission_for(
        actor, submission_id, perm.CASE_REVIEW, message="只有法制审核机构可以退回送审"
    )
    clean = validated(ReturnForm, data)
    with transaction.atomic():
        case, submission = locked(submission, SubmissionStatus.PENDING)
        not_before(clean["date"], submission.submitted_on, "送审日期")
        missing = [Material(code).label for code in clean["missing"]]
        if clean["note"]:
            missing.append(clean["note"])
        submission.status = SubmissionStatus.RETURNED
        submission.returned_missing, submission.returned_by, submission.returned_on = (
            missing,
            actor,
            clean["date"],
        )
        submission.ledger["returned"] = record(
            "review.returned", case, actor, submission=submission.pk, missing=sorted(clean["missing"])
        )
        submission.save()
    return submission


def accept(actor, submission_id: int, data) -> Submission:
    """受理: the reviewer takes the submission; the time limit (REV-07) runs from this day."""
    from .review import reviewer_problems

    submission = submission_for(
        actor, submission_id, perm.CASE_REVIEW, message="只有法制审核人员可以受理送审"
    )
    day = validated(DatedForm, data)["date"]
    with transaction.atomic():
        case, submission = locked(submission, SubmissionStatus.PENDING)
        if case.state not in SUBMITTABLE:
            raise Conflict(f"案件当前状态为“{case.get_state_display()}”，不能受理法制审核")
        problems = reviewer_problems(actor, submission)
        if problems:
            raise Conflict("；".join(problems), fields={"__all__": problems})
        not_before(day, submission.submitted_on, "送审日期")
        limit = rules_for(case).time_limit_workdays
        submission.status = SubmissionStatus.UNDER_REVIEW
        submission.accepted_by = submission.reviewer = actor
        submission.accepted_on, submission.time_limit_workdays = day, limit
        submission.due_on = add_workdays(day, limit).date
        submission.ledger["accepted"] = record(
            "review.accepted",
            case,
            actor,
            submission=submission.pk,
            accepted_on=day,
            due_on=submission.due_on,
        )
        submission.save()
    return submission


def withdraw_open(case: Case, *, day, actor, why: str) -> int:
    """Open rounds end when the case leaves the review stage (back to investigation, terminated...)."""
    count = 0
    for submission in Submission.objects.select_for_update().filter(case=case, status__in=OPEN_SUBMISSION):
        submission.status = SubmissionStatus.WITHDRAWN
        submission.ledger["withdrawn"] = record(
            "review.withdrawn", case, actor, submission=submission.pk, why=why, day=day
        )
        submission.save(update_fields=["status", "ledger", "updated_at"])
        count += 1
    return count
