"""Staff pages of complaint handling (COMPLAINT_HANDLE): list, detail, accept, transfer, answer."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from sanxiang.cases.views.common import use_select
from sanxiang.core.errors import Conflict
from sanxiang.orgs import access
from sanxiang.orgs import permissions as perm

from .. import selectors, services
from ..choices import ComplaintStatus
from ..forms import AnswerForm, TransferForm
from ..services.complaints import public_bodies
from .common import form_page, require, staff_view


@staff_view
def complaint_list(request):
    require(access.can(request.user, perm.COMPLAINT_HANDLE), "您没有办理投诉举报的权限")
    status = request.GET.get("status") or None
    if status not in dict(ComplaintStatus.choices):
        status = None
    context = {
        "complaints": selectors.complaints_for(request.user, status),
        "statuses": ComplaintStatus.choices,
        "status": status,
        "today": timezone.localdate(),
    }
    return render(request, "evaluation/complaints.html", context)


@staff_view
def complaint_detail(request, complaint_id: int):
    complaint = selectors.complaint_for(request.user, complaint_id)
    context = {
        "complaint": complaint,
        "events": complaint.events.select_related("actor"),
        "today": timezone.localdate(),
        "is_manager": selectors.is_manager(request.user),
    }
    return render(request, "evaluation/complaint.html", context)


@staff_view
@require_POST
def complaint_accept(request, complaint_id: int):
    complaint = selectors.complaint_for(request.user, complaint_id)
    try:
        services.accept(request.user, complaint)
    except Conflict as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, "已受理")
    return redirect(reverse("evaluation:complaint", args=[complaint.pk]))


@staff_view
def complaint_transfer(request, complaint_id: int):
    complaint = selectors.complaint_for(request.user, complaint_id)

    def build(data):
        form = TransferForm(data)
        use_select(form, "body", [(b.pk, b.name) for b in public_bodies()])
        return form

    return form_page(
        request,
        title=f"转办投诉举报 {complaint.tracking_code}",
        form=build,
        run=lambda: services.transfer(request.user, complaint, request.POST),
        done=lambda _c: reverse("evaluation:complaints"),
        back=reverse("evaluation:complaint", args=[complaint.pk]),
    )


@staff_view
def complaint_answer(request, complaint_id: int):
    complaint = selectors.complaint_for(request.user, complaint_id)
    return form_page(
        request,
        title=f"答复投诉举报 {complaint.tracking_code}",
        form=lambda data: AnswerForm(data),
        run=lambda: services.answer(request.user, complaint, request.POST),
        done=lambda c: reverse("evaluation:complaint", args=[c.pk]),
        back=reverse("evaluation:complaint", args=[complaint.pk]),
    )
