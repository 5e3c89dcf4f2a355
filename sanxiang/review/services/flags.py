"""Classifying cases against the catalogue, and hand-made flags with their approved removal."""

from __future__ import annotations

import datetime

from django.db import transaction

from sanxiang.cases.models import Case
from sanxiang.core.errors import Conflict, Forbidden
from sanxiang.orgs import access
from sanxiang.orgs import permissions as perm

from .. import classify
from ..choices import FlagStatus
from ..forms import ApprovalForm, FlagForm, ReasonForm
from ..models import Classification, ManualFlag
from ..permissions import FLAG_ACTIONS
from .common import lock, not_before, record, require, today, validated


def classify_case(
    case: Case, *, trigger: str, day: datetime.date, actor=None, penalties: list[dict] | None = None
) -> Classification:
    """Run the catalogue in force on `day` and store the result, in the caller's transaction.

    Called by the hook handler after `submit_for_review` and `record_hearing` (the proposed
    penalties or the hearing changed) and after `decide` (the final penalties, for the record).
    """
    penalties = case.proposed_penalties if penalties is None else penalties
    result = classify.classify(case, penalties, day)
    row = Classification.objects.create(
        case=case,
        trigger=trigger,
        day=day,
        penalties=penalties,
        major=result.major,
        reasons=[r.as_dict() for r in result.reasons],
        city_catalogue=result.city,
        body_catalogue=result.own,
        actor=actor,
    )
    row.ledger_index = record(
        "review.classified",
        case,
        actor,
        classification=row.pk,
        trigger=trigger,
        major=result.major,
        items=[r.item_id for r in result.reasons],
        catalogues=[c.pk for c in (result.city, result.own) if c],
        day=day,
    )
    row.save(update_fields=["ledger_index"])
    return row


def reclassify(actor, case_id: int) -> Classification:
    """重新判定: run the catalogue in force today over the current proposed penalties."""
    case = access.get_for(actor, Case.objects.all(), pk=case_id)
    require(actor, case, *FLAG_ACTIONS, message="您没有判定本案是否属于重大执法决定的权限")
    with transaction.atomic():
        case = lock(case)
        return classify_case(case, trigger="recheck", day=today(), actor=actor)


def flag_case(actor, case_id: int, data) -> ManualFlag:
    """人工标记: any officer of the case, a reviewer or a head states a ground with a reason."""
    case = access.get_for(actor, Case.objects.all(), pk=case_id)
    require(actor, case, *FLAG_ACTIONS, message="您没有标记本案的权限")
    clean = validated(FlagForm, data)
    with transaction.atomic():
        case = lock(case)
        not_before(clean["date"], case.registered_on, "线索登记日期")
        flag = ManualFlag.objects.create(
            case=case,
            factor=clean["factor"],
            reason=clean["reason"],
            flagged_by=actor,
            flagged_on=clean["date"],
        )
        flag.ledger = {
            "flagged": record(
                "review.flagged", case, actor, flag=flag.pk, factor=flag.factor, day=flag.flagged_on
            )
        }
        flag.save(update_fields=["ledger"])
    return flag


def _flag_for(actor, flag_id: int) -> ManualFlag:
    rows = ManualFlag.objects.select_related("case", "case__body")
    return access.get_for(actor, rows, pk=flag_id)


def request_flag_removal(actor, flag_id: int, data) -> ManualFlag:
    """Ask to remove a flag, with a reason; it keeps counting until the agency head approves."""
    flag = _flag_for(actor, flag_id)
    require(actor, flag.case, *FLAG_ACTIONS, message="您没有申请撤销标记的权限")
    clean = validated(ReasonForm, data)
    with transaction.atomic():
        case = lock(flag.case)
        flag = ManualFlag.objects.select_for_update().get(pk=flag.pk)
        if flag.status != FlagStatus.ACTIVE:
            raise Conflict(f"该标记当前状态为“{flag.get_status_display()}”，不能申请撤销")
        not_before(clean["date"], flag.flagged_on, "标记日期")
        flag.status = FlagStatus.REMOVAL_REQUESTED
        flag.removal_reason, flag.removal_requested_by, flag.removal_requested_on = (
            clean["reason"],
            actor,
            clean["date"],
        )
        flag.ledger["removal_requested"] = record("review.flag_removal_requested", case, actor, flag=flag.pk)
        flag.save()
    return flag


def decide_flag_removal(actor, flag_id: int, data) -> ManualFlag:
    """The agency head approves (the flag stops counting) or refuses (it stays active)."""
    flag = _flag_for(actor, flag_id)
    if not access.allowed_on(actor, flag.case, perm.CASE_DECIDE):
        raise Forbidden("撤销标记须经机关负责人批准")
    clean = validated(ApprovalForm, data)
    with transaction.atomic():
        case = lock(flag.case)
        flag = ManualFlag.objects.select_for_update().get(pk=flag.pk)
        if flag.status != FlagStatus.REMOVAL_REQUESTED:
            raise Conflict("该标记没有待审批的撤销申请")
        not_before(clean["date"], flag.removal_requested_on, "申请日期")
        approved = clean["decision"] == "approve"
        flag.status = FlagStatus.REMOVED if approved else FlagStatus.ACTIVE
        flag.removal_decided_by, flag.removal_decided_on, flag.removal_note = (
            actor,
            clean["date"],
            clean["note"],
        )
        kind = "review.unflagged" if approved else "review.flag_removal_refused"
        flag.ledger["removal_decided"] = record(kind, case, actor, flag=flag.pk, day=clean["date"])
        flag.save()
    return flag
