"""One notification per recipient user, with the state of its e-mail copy."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from .choices import EmailStatus, Kind


class Notification(models.Model):
    """A message to one user: what happened, where to act (link), whether it was read and mailed."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="接收人",
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    kind = models.CharField("类别", max_length=32, choices=Kind.choices)
    title = models.CharField("标题", max_length=200)
    body = models.TextField("内容")
    link = models.CharField("办理链接", max_length=300, blank=True)
    # What it is about, like a ledger entry's subject: a type name and a public id or number.
    subject_type = models.CharField("对象类型", max_length=40, blank=True)
    subject_id = models.CharField("对象标识", max_length=64, blank=True)
    # The producer's idempotence key: a repeated call with the same key adds nothing for that user.
    key = models.CharField("去重键", max_length=120, blank=True)
    created_at = models.DateTimeField("时间", auto_now_add=True)
    read_at = models.DateTimeField("已读时间", null=True, blank=True)
    email_status = models.CharField(
        "邮件状态", max_length=8, choices=EmailStatus.choices, default=EmailStatus.SKIPPED
    )
    email_to = models.EmailField("邮件地址", blank=True)
    email_attempts = models.PositiveSmallIntegerField("发送次数", default=0)
    email_sent_at = models.DateTimeField("邮件发送时间", null=True, blank=True)
    email_error = models.CharField("发送失败原因", max_length=300, blank=True)

    class Meta:
        verbose_name = "通知"
        verbose_name_plural = "通知"
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "key"], condition=~models.Q(key=""), name="notification_once_per_key"
            )
        ]
        indexes = [
            models.Index(fields=["user", "read_at"], name="notification_user_unread"),
            models.Index(fields=["email_status", "created_at"], name="notification_email_queue"),
        ]

    def __str__(self) -> str:
        return self.title
