"""Criticism notices and rectification orders: issue -> respond -> verify -> close (SUP-01/02).

Every state change writes a NoticeEvent row and its ledger entry in the same transaction.
SUP-01: the default period is 30 days, counted in calendar days (a period longer than 10 days
is in calendar days unless the text says 工作日), ending on the next working day when the 30th
day is a rest day (民法典 Art. 203, `workdays.add_calendar_days`).
"""

from __future__ import annotations

import datetime
import hashlib
import uuid

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import Q

from sanxiang.core import hooks
from sanxiang.core.errors import Conflict, Forbidden, InvalidInput
from sanxiang.orgs import access
from sanxiang.orgs import permissions as perm
from sanxiang.orgs.models import EnforcementBody
from sanxiang.orgs.services import next_number
from sanxiang.workdays.selectors import add_calendar_days

from ..choices import OPEN_ITEM_STATES, ItemStatus, NoticeKind, NoticeStatus
from ..forms import IssueForm, NoticeForm, ResponseForm, VerifyForm
from ..models import (
    Escalation,
    InspectionPlan,
    ItemResponse,
    Notice,
    NoticeEvent,
    NoticeItem,
    ResponseAttachment,
    Verification,
)
from .common import checked, record, require_manager, today

DEFAULT_DAYS = 30  # SUP-01
MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024
ATTACHMENT_TYPES = {".pdf", ".jpg", ".jpeg", ".png", ".docx", ".xlsx", ".zip", ".ofd"}
ESCALATION_ACTOR = "system:evaluation-escalate"
# Called with criticism=, escalations= per body, inside the run's transaction (notifications: SUP-02).
ITEMS_ESCALATED = "evaluation.items_escalated"


def deadline_after(day: datetime.date, days: int = DEFAULT_DAYS):
    return add_calendar_days(day, days)


def _event(notice, actor, action, from_status, to_status, *, item=None, note="", system="", **payload) -> int:
    index = record(
        f"evaluation.notice_{action}",
        "notice",
        notice.public_id,
        actor,
        system=system,
        body=notice.body.credit_code,
        kind=notice.kind,
        item=item.number if item else None,
        from_status=from_status,
        to_status=to_status,
        **payload,
    )
    NoticeEvent.objects.create(
        notice=notice,
        item=item,
        action=action,
        from_status=from_status,
        to_status=to_status,
        actor=actor,
        actor_label="" if actor else system,
        note=note,
        ledger_index=index,
    )
    return index


def create_notice(actor, data) -> Notice:
    """A draft notice with numbered items; deadlines are set when it is issued."""
    require_manager(actor)
    values = checked(NoticeForm, data).cleaned_data
    body = EnforcementBody.objects.filter(pk=values["body"], is_active=True).first()
    if body is None:
        raise InvalidInput("被监督主体不存在", fields={"body": ["被监督主体不存在"]})
    plan = None
    if values.get("plan"):
        plan = InspectionPlan.objects.filter(pk=values["plan"]).first()
        if plan is None:
            raise InvalidInput("专项检查不存在", fields={"plan": ["专项检查不存在"]})
    with transaction.atomic():
        notice = Notice.objects.create(
            kind=values["kind"],
            body=body,
            plan=plan,
            title=values["title"],
            text=values["text"],
            created_by=actor,
        )
        placeholder = today()  # replaced at issue
        NoticeItem.objects.bulk_create(
            NoticeItem(notice=notice, number=n, text=text, deadline=placeholder)
            for n, text in enumerate(values["items"], start=1)
        )
        _event(notice, actor, "created", "", NoticeStatus.DRAFT, items=len(values["items"]))
    return notice


def _number(notice: Notice, year: int) -> str:
    bureau = EnforcementBody.objects.filter(is_justice_bureau=True).order_by("pk").first()
    owner = bureau or notice.body
    word = "通报" if notice.kind == NoticeKind.CRITICISM else "整改"
    value = next_number(owner, f"evaluation.{notice.kind}", year)
    prefix = bureau.short_name if bureau else "执法监督"
    return f"{prefix}{word}〔{year}〕{value}号"


def issue_notice(actor, notice: Notice, data=None) -> Notice:
    """Draft -> issued: the number is assigned and each item gets its deadline (SUP-01)."""
    require_manager(actor)
    values = checked(IssueForm, data or {}).cleaned_data
    day = values.get("date") or today()
    days = values.get("days") or DEFAULT_DAYS
    with transaction.atomic():
        notice = Notice.objects.select_for_update().select_related("body").get(pk=notice.pk)
        if notice.status != NoticeStatus.DRAFT:
            raise Conflict("只有草稿可以下发")
        due = deadline_after(day, days)
        notice.items.update(deadline=due.date, deadline_provisional=due.provisional)
        notice.number = _number(notice, day.year)
        notice.issued_on = day
        notice.status = NoticeStatus.ISSUED
        notice.save(update_fields=["number", "issued_on", "status", "updated_at"])
        _event(
            notice,
            actor,
            "issued",
            NoticeStatus.DRAFT,
            NoticeStatus.ISSUED,
            number=notice.number,
            deadline=due.date,
        )
    return notice


def _settle(notice: Notice, actor, system: str = "") -> None:
    """The notice's status follows its items: all accepted -> closed; none open -> responded."""
    states = set(notice.items.values_list("status", flat=True))
    if states == {ItemStatus.ACCEPTED}:
        target = NoticeStatus.CLOSED
    elif states & OPEN_ITEM_STATES:
        target = NoticeStatus.ISSUED
    else:
        target = NoticeStatus.RESPONDED
    if target != notice.status:
        old = notice.status
        notice.status = target
        notice.closed_on = today() if target == NoticeStatus.CLOSED else None
        notice.save(update_fields=["status", "closed_on", "updated_at"])
        _event(notice, actor, target, old, target, system=system)


def _locked_item(item: NoticeItem) -> NoticeItem:
    return NoticeItem.objects.select_for_update().select_related("notice__body").get(pk=item.pk)


def _store(upload) -> dict:
    name = upload.name.rsplit("/", 1)[-1][-160:]
    extension = ("." + name.rsplit(".", 1)[-1].lower()) if "." in name else ""
    if extension not in ATTACHMENT_TYPES:
        raise InvalidInput(
            "附件类型不允许", fields={"files": [f"只接受 {'、'.join(sorted(ATTACHMENT_TYPES))} 文件"]}
        )
    if upload.size > MAX_ATTACHMENT_BYTES:
        raise InvalidInput("附件过大", fields={"files": ["单个附件不超过 20 MB"]})
    digest, chunks = hashlib.sha256(), []
    for chunk in upload.chunks():
        digest.update(chunk)
        chunks.append(chunk)
    storage_name = default_storage.save(
        f"evaluation/responses/{uuid.uuid4().hex}{extension}", ContentFile(b"".join(chunks))
    )
    return {
        "name": name,
        "storage_name": storage_name,
        "content_type": getattr(upload, "content_type", "") or "application/octet-stream",
        "size": upload.size,
        "sha256": digest.hexdigest(),
    }


def respond(actor, item: NoticeItem, data, files=()) -> ItemResponse:
    """The body reports what it rectified, with evidence (RECTIFICATION_RESPOND on its own body)."""
    text = checked(ResponseForm, data).cleaned_data["text"]
    stored = [_store(f) for f in files]  # written first; removed again below if nothing commits
    try:
        return _respond(actor, item, text, stored)
    except Exception:
        for s in stored:
            default_storage.delete(s["storage_name"])
        raise


def _respond(actor, item: NoticeItem, text: str, stored: list[dict]) -> ItemResponse:
    with transaction.atomic():
        item = _locked_item(item)
        notice = item.notice
        if not access.allowed_on(actor, notice, perm.RECTIFICATION_RESPOND):
            raise Forbidden("仅被监督主体可以反馈整改情况")
        if notice.status not in (NoticeStatus.ISSUED, NoticeStatus.RESPONDED):
            raise Conflict("该通知未下发或已销号")
        if item.status not in OPEN_ITEM_STATES:
            raise Conflict("该事项已反馈，待核查")
        old = item.status
        item.status = ItemStatus.RESPONDED
        item.save(update_fields=["status"])
        hashes = [s["sha256"] for s in stored]
        index = _event(
            notice, actor, "item_responded", old, ItemStatus.RESPONDED, item=item, attachments=hashes
        )
        response = ItemResponse.objects.create(item=item, text=text, responded_by=actor, ledger_index=index)
        ResponseAttachment.objects.bulk_create(ResponseAttachment(response=response, **s) for s in stored)
        _settle(notice, actor)
    return response


def verify(actor, item: NoticeItem, data) -> Verification:
    """The bureau accepts (item closed) or rejects (item reopened with a new deadline) a response."""
    require_manager(actor)
    values = checked(VerifyForm, data).cleaned_data
    with transaction.atomic():
        item = _locked_item(item)
        notice = item.notice
        if item.status != ItemStatus.RESPONDED:
            raise Conflict("该事项没有待核查的整改反馈")
        response = item.responses.latest("id")
        new_deadline = None
        if not values["accepted"]:
            new_deadline = values.get("new_deadline") or deadline_after(today()).date
            if new_deadline < today():
                raise InvalidInput(
                    "重新整改期限不得早于今天", fields={"new_deadline": ["重新整改期限不得早于今天"]}
                )
            item.deadline, item.deadline_provisional = new_deadline, False
        old = item.status
        item.status = ItemStatus.ACCEPTED if values["accepted"] else ItemStatus.REJECTED
        item.save(update_fields=["status", "deadline", "deadline_provisional"])
        index = _event(
            notice,
            actor,
            "item_verified",
            old,
            item.status,
            item=item,
            note=values["note"],
            deadline=new_deadline,
        )
        verification = Verification.objects.create(
            item=item,
            response=response,
            accepted=values["accepted"],
            note=values["note"],
            new_deadline=new_deadline,
            verified_by=actor,
            ledger_index=index,
        )
        _settle(notice, actor)
    return verification


def overdue_items(day: datetime.date):
    """Items of issued notices still open (or reopened) after their deadline."""
    return NoticeItem.objects.filter(
        notice__status__in=(NoticeStatus.ISSUED, NoticeStatus.RESPONDED),
        status__in=OPEN_ITEM_STATES,
        deadline__lt=day,
    ).select_related("notice__body")


def escalate_overdue(day: datetime.date | None = None) -> list[Escalation]:
    """SUP-02: each overdue item is escalated once per deadline; one 通报批评 draft per body and run.

    Idempotent: a second run on the same day (or any later day, for the same deadline) adds nothing.
    """
    day = day or today()
    created: list[Escalation] = []
    with transaction.atomic():
        pending = [
            item
            for item in overdue_items(day)
            .select_for_update(of=("self",))
            .order_by("notice__body_id", "notice_id", "number")
            if not Escalation.objects.filter(item=item, deadline=item.deadline).exists()
        ]
        by_body: dict[int, list[NoticeItem]] = {}
        for item in pending:
            by_body.setdefault(item.notice.body_id, []).append(item)
        for items in by_body.values():
            body = items[0].notice.body
            criticism = Notice.objects.create(
                kind=NoticeKind.CRITICISM,
                body=body,
                plan=items[0].notice.plan,
                title=f"关于{body.name}逾期未完成整改的通报",
                text="下列整改事项已超过整改期限仍未完成，依据 SUP-02 予以通报批评，并责令限期完成整改。",
            )
            for number, item in enumerate(items, start=1):
                NoticeItem.objects.create(
                    notice=criticism,
                    number=number,
                    text=f"{item.notice.number or item.notice.title} 第{item.number}项逾期未整改：{item.text}",
                    deadline=day,
                )
            _event(
                criticism, None, "created", "", NoticeStatus.DRAFT, system=ESCALATION_ACTOR, items=len(items)
            )
            escalations: list[Escalation] = []
            for item in items:
                index = record(
                    "evaluation.item_escalated",
                    "notice",
                    item.notice.public_id,
                    None,
                    system=ESCALATION_ACTOR,
                    body=body.credit_code,
                    item=item.number,
                    deadline=item.deadline,
                    criticism=str(criticism.public_id),
                    on=day,
                )
                escalations.append(
                    Escalation.objects.create(
                        item=item,
                        deadline=item.deadline,
                        escalated_on=day,
                        criticism=criticism,
                        ledger_index=index,
                    )
                )
            hooks.call(ITEMS_ESCALATED, criticism=criticism, escalations=escalations)
            created += escalations
    return created


def open_items_q() -> Q:
    return Q(status__in=OPEN_ITEM_STATES) & Q(
        notice__status__in=(NoticeStatus.ISSUED, NoticeStatus.RESPONDED)
    )
