"""The inbox: a user's own notifications, unread first; opening one marks it read."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from sanxiang.cases.views.common import paginate, staff_view

from . import selectors, services


@staff_view
def inbox(request):
    page = paginate(request, selectors.inbox(request.user))
    return render(
        request,
        "notifications/inbox.html",
        {"page": page, "unread": selectors.unread_count(request.user)},
    )


@require_POST
@staff_view
def open_notification(request, notification_id: int):
    """Mark read and go where the action is (only links inside this site are followed)."""
    notification = services.mark_read(request.user, notification_id)
    link = notification.link
    if link and url_has_allowed_host_and_scheme(link, allowed_hosts={request.get_host()}):
        return redirect(link)
    return redirect("notifications:inbox")


@require_POST
@staff_view
def mark_read(request, notification_id: int):
    services.mark_read(request.user, notification_id)
    return redirect("notifications:inbox")


@require_POST
@staff_view
def mark_all_read(request):
    changed = services.mark_all_read(request.user)
    messages.success(request, f"已将 {changed} 条通知标为已读")
    return redirect("notifications:inbox")
