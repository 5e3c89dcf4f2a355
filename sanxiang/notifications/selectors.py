"""Every read of notifications, scoped to the acting user.

A notification belongs to one user, not to a body, so the scope is the user itself rather than
`orgs.access.scope()`; like `orgs.access.get_for()`, someone else's notification answers 404 exactly
like a missing one (AUTHZ-02).
"""

from __future__ import annotations

from django.db.models import BooleanField, ExpressionWrapper, Q, QuerySet

from sanxiang.core.errors import NotFound

from .models import Notification


def notifications_for(user) -> QuerySet[Notification]:
    if user is None or not user.is_authenticated or not user.is_active:
        return Notification.objects.none()
    return Notification.objects.filter(user=user)


def inbox(user) -> QuerySet[Notification]:
    """Unread first, then newest first."""
    unread = ExpressionWrapper(Q(read_at__isnull=True), output_field=BooleanField())
    return notifications_for(user).annotate(unread=unread).order_by("-unread", "-created_at", "-id")


def notification_for(user, notification_id: int) -> Notification:
    notification = notifications_for(user).filter(pk=notification_id).first()
    if notification is None:
        raise NotFound("通知不存在")
    return notification


def unread_count(user) -> int:
    """One indexed COUNT (user, read_at): the badge in the staff navigation."""
    return notifications_for(user).filter(read_at__isnull=True).count()
