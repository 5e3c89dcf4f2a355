"""Producers announce, notifications decides who is told (hooks of sanxiang.core.hooks).

Each hook is called by its producer inside the producer's transaction, so the notification rows
commit or roll back with the reminder, escalation or complaint event that caused them.
"""

from __future__ import annotations

from django.urls import reverse

from sanxiang.core import hooks
from sanxiang.orgs import permissions as perm
from sanxiang.orgs.choices import Role

from . import recipients, services
from .choices import Kind

REMINDER_CREATED = "supervision.reminder_created"  # declared in supervision.services.reports
ITEMS_ESCALATED = "evaluation.items_escalated"  # declared in evaluation.services.outcomes
COMPLAINT_ROUTED = "evaluation.complaint_routed"  # declared in evaluation.services.complaints


def reminder_created(reminder, **_kwargs) -> None:
    """Issue 6 §2: a body late with its self-inspection report; tell whoever can file it."""
    report = reminder.report
    services.notify(
        recipients.body_holders(perm.SELF_INSPECTION_FILE, report.body_id),
        Kind.SELF_INSPECTION_OVERDUE,
        f"催报：《{report.campaign.title}》自查报告已逾期",
        reminder.message,
        reverse("supervision:report", args=[report.pk]),
        subject_type="self_inspection_report",
        subject_id=str(report.public_id),
        key=f"supervision.reminder:{reminder.pk}",
    )


def _overdue_lines(escalations) -> list[str]:
    return [
        f"· {e.item.notice.number or e.item.notice.title} 第{e.item.number}项"
        f"（整改期限 {e.deadline:%Y-%m-%d}）：{e.item.text}"
        for e in escalations
    ]


def items_escalated(criticism, escalations, **_kwargs) -> None:
    """SUP-02: the body's responders and head, and the bureau's supervisors, hear of the escalation."""
    body = criticism.body
    lines = "\n".join(_overdue_lines(escalations))
    count = len(escalations)
    notices = {e.item.notice_id for e in escalations}
    # The body cannot open the criticism while it is a draft: point it at its own rectification order.
    body_link = (
        reverse("evaluation:notice", args=[next(iter(notices))])
        if len(notices) == 1
        else reverse("evaluation:notices")
    )
    services.notify(
        recipients.body_holders(perm.RECTIFICATION_RESPOND, body.pk, roles=(Role.AGENCY_HEAD,)),
        Kind.RECTIFICATION_ESCALATED,
        f"整改逾期：{count} 项整改事项已超过整改期限",
        f"{body.name}下列整改事项已超过整改期限仍未完成，依据 SUP-02 将予以通报批评，请尽快完成整改并报送整改情况：\n{lines}",
        body_link,
        subject_type="notice",
        subject_id=str(criticism.public_id),
        key=f"evaluation.escalation:{criticism.pk}:body",
    )
    services.notify(
        recipients.city_holders(perm.SUPERVISION_MANAGE),
        Kind.RECTIFICATION_ESCALATED,
        f"整改逾期升级：{body.short_name or body.name} {count} 项，通报批评草稿待审核",
        f"{body.name}有 {count} 项整改事项逾期未完成（SUP-02），系统已生成通报批评草稿，请审核后签发：\n{lines}",
        reverse("evaluation:notice", args=[criticism.pk]),
        subject_type="notice",
        subject_id=str(criticism.public_id),
        key=f"evaluation.escalation:{criticism.pk}:bureau",
    )


def complaint_routed(complaint, event, **_kwargs) -> None:
    """A complaint received or transferred: tell the handlers of the body it now sits with.

    Only dates and the kind go into the text: the complainant's name, phone, subject and content stay
    on the complaint page, out of e-mail (PUB-01, AUTHZ-05 minimisation).
    """
    if complaint.handling_body_id:
        users = recipients.body_holders(perm.COMPLAINT_HANDLE, complaint.handling_body_id)
        where = complaint.handling_body.name
    else:
        users = recipients.city_holders(perm.COMPLAINT_HANDLE)
        where = "市司法局"
    kind = complaint.get_kind_display()
    services.notify(
        users,
        Kind.COMPLAINT_ROUTED,
        f"{kind}待办理：办理期限 {complaint.due_on:%Y-%m-%d}",
        f"{complaint.received_on:%Y年%m月%d日}收到的一件{kind}已{'转' if event.action == 'transferred' else '交'}由"
        f"{where}办理，办理期限至 {complaint.due_on:%Y年%m月%d日}。请登录平台受理并答复。",
        reverse("evaluation:complaint", args=[complaint.pk]),
        subject_type="complaint",
        subject_id=str(complaint.public_id),
        key=f"evaluation.complaint_event:{event.pk}",
    )


def register() -> None:
    hooks.register(REMINDER_CREATED, reminder_created)
    hooks.register(ITEMS_ESCALATED, items_escalated)
    hooks.register(COMPLAINT_ROUTED, complaint_routed)
