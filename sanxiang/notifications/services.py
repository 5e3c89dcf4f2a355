"""Every write of notifications: create (in the caller's transaction), mark read, deliver e-mail.

E-mail leaves only after the caller's transaction commits (`transaction.on_commit`), so a rollback
sends nothing; a failing mail server is recorded on the row and never reaches the caller.
"""

from __future__ import annotations

import datetime
import logging
from collections.abc import Iterable

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.utils import timezone

from .choices import EmailStatus
from .models import Notification
from .selectors import notification_for, notifications_for

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 3
# `deliver_pending` leaves fresh rows to their own on-commit delivery, so the two never send twice.
RETRY_AFTER = datetime.timedelta(minutes=5)


def email_enabled() -> bool:
    return bool(getattr(settings, "SANXIANG_NOTIFY_EMAIL", False))


def notify(
    users: Iterable,
    kind: str,
    title: str,
    body: str,
    link: str = "",
    *,
    subject_type: str = "",
    subject_id: str = "",
    key: str = "",
) -> list[Notification]:
    """One notification per active user, written in the caller's transaction; e-mail after commit.

    With a `key`, a user who already has a notification with that key gets nothing new, so a
    producer that repeats itself (a rerun job) notifies once.
    """
    recipients = {u.pk: u for u in users if u is not None and u.is_active}
    if key and recipients:
        done = Notification.objects.filter(key=key, user_id__in=list(recipients)).values_list(
            "user_id", flat=True
        )
        for user_id in list(done):
            recipients.pop(user_id, None)
    mail = email_enabled()
    created = []
    for user in sorted(recipients.values(), key=lambda u: u.pk):
        pending = mail and bool(user.email)
        created.append(
            Notification.objects.create(
                user=user,
                kind=kind,
                title=title[:200],
                body=body,
                link=link,
                subject_type=subject_type,
                subject_id=str(subject_id),
                key=key,
                email_status=EmailStatus.PENDING if pending else EmailStatus.SKIPPED,
                email_to=user.email if pending else "",
            )
        )
    ids = [n.pk for n in created if n.email_status == EmailStatus.PENDING]
    if ids:
        transaction.on_commit(lambda: deliver(ids), robust=True)
    return created


def _message(notification: Notification) -> str:
    base = (getattr(settings, "SANXIANG_STAFF_URL", "") or "").rstrip("/")
    lines = [notification.body, ""]
    if notification.link:
        lines.append(f"办理链接：{base}{notification.link}")
    lines.append("（本邮件由三项平台自动发送，请勿回复。）")
    return "\n".join(lines)


def deliver(ids: Iterable[int]) -> dict[str, int]:
    """Send the pending e-mails among `ids`; each outcome is stored on its row, nothing is raised."""
    counts = {"sent": 0, "failed": 0}
    rows = list(
        Notification.objects.filter(
            pk__in=list(ids), email_status__in=(EmailStatus.PENDING, EmailStatus.FAILED)
        )
    )
    if not rows:
        return counts
    # One connection for the batch: an SMTP handshake per message would hold the request that
    # committed (the complaint form, a transfer) for as many round trips as there are recipients.
    connection = get_connection()
    for notification in rows:
        notification.email_attempts += 1
        try:
            EmailMessage(
                f"【三项】{notification.title}",
                _message(notification),
                None,  # DEFAULT_FROM_EMAIL
                [notification.email_to],
                connection=connection,
            ).send()
        except Exception as exc:  # any transport error: record it, the caller already committed
            log.warning(
                "notification %s: e-mail to user %s failed: %s", notification.pk, notification.user_id, exc
            )
            notification.email_status = EmailStatus.FAILED
            notification.email_error = f"{type(exc).__name__}: {exc}"[:300]
            counts["failed"] += 1
        else:
            notification.email_status = EmailStatus.SENT
            notification.email_sent_at = timezone.now()
            notification.email_error = ""
            counts["sent"] += 1
        try:
            notification.save(
                update_fields=["email_status", "email_attempts", "email_sent_at", "email_error"]
            )
        except Exception:  # the database went away after the send: logged, never raised to the caller
            log.exception("notification %s: could not record the e-mail outcome", notification.pk)
    try:
        connection.close()
    except Exception:  # closing a broken connection: nothing left to record
        log.debug("closing the e-mail connection failed", exc_info=True)
    return counts


def deliver_pending(now: datetime.datetime | None = None) -> dict[str, int]:
    """Retry e-mails left pending (a process stopped before sending) or failed, up to MAX_ATTEMPTS."""
    now = now or timezone.now()
    ids = Notification.objects.filter(
        email_status__in=(EmailStatus.PENDING, EmailStatus.FAILED),
        email_attempts__lt=MAX_ATTEMPTS,
        created_at__lte=now - RETRY_AFTER,
    ).values_list("pk", flat=True)
    return deliver(list(ids))


def mark_read(user, notification_id: int) -> Notification:
    """Mark one of the user's own notifications read (404 for anyone else's)."""
    notification = notification_for(user, notification_id)
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
    return notification


def mark_all_read(user) -> int:
    """Mark every unread notification of the user read; answers how many changed."""
    return notifications_for(user).filter(read_at__isnull=True).update(read_at=timezone.now())
