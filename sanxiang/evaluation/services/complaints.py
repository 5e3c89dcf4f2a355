"""Complaints and reports from the portal: tracking code, routing, deadline, answer.

The handling period is configurable (`SANXIANG_COMPLAINT_WORKDAYS`, default 15 working days).
No rule of the digest sets it; 15 working days follows common local practice for answering
enforcement complaints (docs/evaluation.md). Personal data never enters ledger payloads (PUB-01).
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import IntegrityError, transaction

from sanxiang.core import hooks
from sanxiang.core.errors import Conflict, Forbidden, InvalidInput
from sanxiang.orgs import access
from sanxiang.orgs import permissions as perm
from sanxiang.orgs.models import EnforcementBody
from sanxiang.workdays.selectors import add_workdays

from ..choices import ComplaintStatus
from ..forms import AnswerForm, ComplaintForm, TransferForm
from ..models import Complaint, ComplaintEvent
from .common import checked, record, today

# Unambiguous: no 0/O, 1/I/L; 31 symbols, 12 of them ~ 59 bits.
ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
CODE_LENGTH = 12
PORTAL_ACTOR = "public:portal"
# Called with complaint=, event= when a complaint reaches a handler (received or transferred), inside
# its transaction; the notifications app tells the handlers.
COMPLAINT_ROUTED = "evaluation.complaint_routed"


def handling_workdays() -> int:
    return int(getattr(settings, "SANXIANG_COMPLAINT_WORKDAYS", 15))


def new_tracking_code() -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH))


def normalise_code(code: str) -> str:
    return code.strip().upper()


def public_bodies():
    return EnforcementBody.objects.filter(is_active=True, is_justice_bureau=False).order_by("name")


def _event(complaint, actor, action, from_status, to_status, note="", system="", **payload) -> ComplaintEvent:
    index = record(
        f"evaluation.complaint_{action}",
        "complaint",
        complaint.public_id,
        actor,
        system=system,
        handling_body=complaint.handling_body.credit_code if complaint.handling_body_id else "bureau",
        from_status=from_status,
        to_status=to_status,
        **payload,
    )
    return ComplaintEvent.objects.create(
        complaint=complaint,
        action=action,
        from_status=from_status,
        to_status=to_status,
        actor=actor,
        actor_label="" if actor else system,
        note=note,
        ledger_index=index,
    )


def submit_complaint(data) -> Complaint:
    """From the public form: routed to the named body, or to the justice bureau when none is named."""
    choices = [(b.pk, b.name) for b in public_bodies()]
    values = checked(ComplaintForm, data, body_choices=choices).cleaned_data
    body = EnforcementBody.objects.filter(pk=values["about_body"]).first() if values["about_body"] else None
    received = today()
    due = add_workdays(received, handling_workdays())
    for _attempt in range(5):
        try:
            with transaction.atomic():
                complaint = Complaint.objects.create(
                    tracking_code=new_tracking_code(),
                    kind=values["kind"],
                    about_body=body,
                    handling_body=body,
                    subject=values["subject"],
                    content=values["content"],
                    name=values["name"],
                    phone=values["phone"],
                    received_on=received,
                    due_on=due.date,
                    due_provisional=due.provisional,
                )
                event = _event(
                    complaint,
                    None,
                    "received",
                    "",
                    ComplaintStatus.RECEIVED,
                    system=PORTAL_ACTOR,
                    due_on=due.date,
                )
                hooks.call(COMPLAINT_ROUTED, complaint=complaint, event=event)
            return complaint
        except IntegrityError:  # a tracking-code collision: draw another
            continue
    raise Conflict("系统繁忙，请稍后重试")


def _locked(user, complaint: Complaint) -> Complaint:
    if not access.allowed_on(user, complaint, perm.COMPLAINT_HANDLE):
        raise Forbidden("您没有办理该投诉举报的权限")
    return (
        Complaint.objects.select_for_update(of=("self",)).select_related("handling_body").get(pk=complaint.pk)
    )


def accept(actor, complaint: Complaint) -> Complaint:
    with transaction.atomic():
        complaint = _locked(actor, complaint)
        if complaint.status != ComplaintStatus.RECEIVED:
            raise Conflict("该投诉举报已受理")
        complaint.status = ComplaintStatus.HANDLING
        complaint.save(update_fields=["status", "updated_at"])
        _event(complaint, actor, "accepted", ComplaintStatus.RECEIVED, ComplaintStatus.HANDLING)
    return complaint


def transfer(actor, complaint: Complaint, data) -> Complaint:
    """Re-route: the bureau routes to any body; a body can only hand a complaint back to the bureau."""
    values = checked(TransferForm, data).cleaned_data
    target = None
    if values.get("body"):
        target = public_bodies().filter(pk=values["body"]).first()
        if target is None:
            raise InvalidInput("转办主体不存在", fields={"body": ["转办主体不存在"]})
        if not access.can(actor, perm.SUPERVISION_MANAGE):
            raise Forbidden("只有司法局可以转办至其他主体；本单位可退回司法局")
    with transaction.atomic():
        complaint = _locked(actor, complaint)
        if complaint.status == ComplaintStatus.ANSWERED:
            raise Conflict("已答复的投诉举报不能转办")
        if complaint.handling_body_id == (target.pk if target else None):
            raise Conflict("已由该主体办理")
        complaint.handling_body = target
        complaint.status = ComplaintStatus.RECEIVED
        complaint.save(update_fields=["handling_body", "status", "updated_at"])
        event = _event(
            complaint,
            actor,
            "transferred",
            ComplaintStatus.HANDLING,
            ComplaintStatus.RECEIVED,
            note=values["note"],
            to=target.credit_code if target else "bureau",
        )
        hooks.call(COMPLAINT_ROUTED, complaint=complaint, event=event)
    return complaint


def answer(actor, complaint: Complaint, data) -> Complaint:
    text = checked(AnswerForm, data).cleaned_data["answer"]
    with transaction.atomic():
        complaint = _locked(actor, complaint)
        if complaint.status == ComplaintStatus.ANSWERED:
            raise Conflict("该投诉举报已答复")
        old = complaint.status
        complaint.status = ComplaintStatus.ANSWERED
        complaint.answer = text
        complaint.answered_on = today()
        complaint.answered_by = actor
        complaint.save(update_fields=["status", "answer", "answered_on", "answered_by", "updated_at"])
        _event(
            complaint,
            actor,
            "answered",
            old,
            ComplaintStatus.ANSWERED,
            on_time=complaint.answered_on <= complaint.due_on,
        )
    return complaint
