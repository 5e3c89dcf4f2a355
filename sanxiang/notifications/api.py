"""API of notifications, mounted under /api/v1 (staff, bearer token): the caller's own inbox only."""

from __future__ import annotations

import datetime

from ninja import Router, Schema

from . import selectors, services
from .models import Notification

router = Router(tags=["通知"])
MAX_ROWS = 200


class NotificationOut(Schema):
    id: int
    kind: str
    title: str
    body: str
    link: str
    subject_type: str
    subject_id: str
    created_at: datetime.datetime
    read_at: datetime.datetime | None


def _out(n: Notification) -> dict:
    return {
        "id": n.pk,
        "kind": n.kind,
        "title": n.title,
        "body": n.body,
        "link": n.link,
        "subject_type": n.subject_type,
        "subject_id": n.subject_id,
        "created_at": n.created_at,
        "read_at": n.read_at,
    }


@router.get("/notifications", response=list[NotificationOut])
def list_notifications(request, unread: bool = False):
    """The caller's notifications, unread first (at most 200)."""
    rows = selectors.inbox(request.auth)
    if unread:
        rows = rows.filter(read_at__isnull=True)
    return [_out(n) for n in rows[:MAX_ROWS]]


@router.post("/notifications/{notification_id}/read", response=NotificationOut)
def read_notification(request, notification_id: int):
    return _out(services.mark_read(request.auth, notification_id))


@router.post("/notifications/read-all", response=dict)
def read_all(request):
    return {"marked": services.mark_all_read(request.auth)}
