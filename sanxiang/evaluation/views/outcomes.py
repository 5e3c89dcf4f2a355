"""Staff pages of criticism notices and rectification orders: issue, respond, verify, history."""

from __future__ import annotations

from urllib.parse import quote

from django.core.files.storage import default_storage
from django.http import FileResponse
from django.shortcuts import render
from django.urls import reverse

from sanxiang.cases.views.common import use_select
from sanxiang.core.errors import NotFound
from sanxiang.orgs import access
from sanxiang.orgs import permissions as perm
from sanxiang.orgs.models import EnforcementBody

from .. import reports, selectors, services
from ..choices import OPEN_ITEM_STATES, ItemStatus, NoticeStatus
from ..forms import IssueForm, NoticeForm, ResponseForm, VerifyForm
from ..models import InspectionPlan, ResponseAttachment
from .common import download, form_page, require, staff_view


@staff_view
def notice_list(request):
    notices = selectors.notices_for(request.user).prefetch_related("items")
    return render(
        request,
        "evaluation/notices.html",
        {"notices": notices, "is_manager": selectors.is_manager(request.user)},
    )


@staff_view
def notice_new(request):
    require(selectors.is_manager(request.user), "仅司法局执法监督人员可以下发通报或整改通知")

    def build(data):
        form = NoticeForm(data, initial={"kind": "rectification"})
        use_select(form, "body", [(b.pk, b.name) for b in EnforcementBody.objects.filter(is_active=True)])
        use_select(form, "plan", [(p.pk, p.title) for p in InspectionPlan.objects.all()[:50]])
        return form

    return form_page(
        request,
        title="起草通报或整改通知",
        form=build,
        run=lambda: services.create_notice(request.user, request.POST),
        done=lambda notice: reverse("evaluation:notice", args=[notice.pk]),
        back=reverse("evaluation:notices"),
    )


@staff_view
def notice_detail(request, notice_id: int):
    notice = selectors.notice_for(request.user, notice_id)
    manager = selectors.is_manager(request.user)
    context = {
        "notice": notice,
        "items": notice.items.prefetch_related("responses__attachments", "verifications", "escalations"),
        "events": notice.events.select_related("item", "actor"),
        "is_manager": manager,
        "can_respond": access.allowed_on(request.user, notice, perm.RECTIFICATION_RESPOND),
        "open_states": OPEN_ITEM_STATES,
        "responded": ItemStatus.RESPONDED,
        "is_draft": notice.status == NoticeStatus.DRAFT,
    }
    return render(request, "evaluation/notice.html", context)


@staff_view
def notice_issue(request, notice_id: int):
    notice = selectors.notice_for(request.user, notice_id)
    require(selectors.is_manager(request.user), "仅司法局执法监督人员可以下发通知")
    return form_page(
        request,
        title=f"下发：{notice.title}",
        form=lambda data: IssueForm(data, initial={"days": 30}),
        run=lambda: services.issue_notice(request.user, notice, request.POST),
        done=lambda n: reverse("evaluation:notice", args=[n.pk]),
        back=reverse("evaluation:notice", args=[notice.pk]),
        context={"help": "整改期限按日历日计算，默认 30 日（SUP-01），期满日为休息日的顺延至下一个工作日。"},
    )


@staff_view
def item_respond(request, item_id: int):
    item = selectors.item_for(request.user, item_id)
    require(
        access.allowed_on(request.user, item.notice, perm.RECTIFICATION_RESPOND),
        "仅被监督主体可以反馈整改情况",
    )
    return form_page(
        request,
        title=f"反馈整改情况：第{item.number}项",
        form=lambda data: ResponseForm(data),
        run=lambda: services.respond(request.user, item, request.POST, request.FILES.getlist("files")),
        done=lambda _r: reverse("evaluation:notice", args=[item.notice_id]),
        back=reverse("evaluation:notice", args=[item.notice_id]),
        context={"item": item, "upload": True},
        multipart=True,
    )


@staff_view
def item_verify(request, item_id: int):
    item = selectors.item_for(request.user, item_id)
    require(selectors.is_manager(request.user), "仅司法局执法监督人员可以核查整改情况")
    return form_page(
        request,
        title=f"核查整改情况：第{item.number}项",
        form=lambda data: VerifyForm(data),
        run=lambda: services.verify(request.user, item, request.POST),
        done=lambda _v: reverse("evaluation:notice", args=[item.notice_id]),
        back=reverse("evaluation:notice", args=[item.notice_id]),
        context={"item": item},
    )


@staff_view
def notice_file(request, notice_id: int, fmt: str):
    notice = selectors.notice_for(request.user, notice_id)
    spec = reports.notice_spec(notice)
    name = quote(f"{notice.number or notice.title}.{fmt}")
    if fmt == "docx":
        mime = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
        return download(reports.docx_bytes(spec), name, mime)
    return download(reports.pdf_bytes(spec), name, "application/pdf")


@staff_view
def attachment(request, attachment_id: int):
    """A response attachment, to whoever may see its notice (served as a download, EVD-05 style)."""
    found = ResponseAttachment.objects.select_related("response__item").filter(pk=attachment_id).first()
    if found is None:
        raise NotFound("附件不存在")
    selectors.item_for(request.user, found.response.item_id)
    response = FileResponse(default_storage.open(found.storage_name, "rb"), content_type=found.content_type)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(found.name)}"
    response["X-Content-Type-Options"] = "nosniff"
    return response
