"""Complaints and reports about enforcement (投诉举报) from the public portal."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from sanxiang.core.models import PublicIdModel
from sanxiang.orgs.access import AccessPaths
from sanxiang.orgs.models import EnforcementBody

from ..choices import ComplaintKind, ComplaintStatus


class Complaint(PublicIdModel):
    """A complaint; `handling_body` empty means the justice bureau handles it (city-wide grants)."""

    access = AccessPaths(body="handling_body")

    tracking_code = models.CharField("查询码", max_length=12, unique=True)
    kind = models.CharField("类型", max_length=12, choices=ComplaintKind.choices)
    about_body = models.ForeignKey(
        EnforcementBody,
        verbose_name="被投诉主体",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    handling_body = models.ForeignKey(
        EnforcementBody,
        verbose_name="承办主体",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    subject = models.CharField("事由", max_length=100)
    content = models.TextField("具体内容")
    # Personal data: shown only to handling staff, never on public pages or in ledger payloads (PUB-01).
    name = models.CharField("姓名", max_length=50, blank=True)
    phone = models.CharField("联系电话", max_length=20, blank=True)
    status = models.CharField(
        "状态",
        max_length=12,
        choices=ComplaintStatus.choices,
        default=ComplaintStatus.RECEIVED,
        db_index=True,
    )
    received_on = models.DateField("登记日期")
    due_on = models.DateField("办理期限")
    due_provisional = models.BooleanField("按暂定日历计算", default=False)
    answered_on = models.DateField("答复日期", null=True, blank=True)
    answer = models.TextField("答复意见（公开）", blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = "投诉举报"
        verbose_name_plural = "投诉举报"
        ordering = ["-received_on", "-id"]
        indexes = [
            models.Index(fields=["handling_body", "status"]),
            models.Index(fields=["about_body", "received_on"]),
        ]

    def __str__(self) -> str:
        return self.tracking_code


class ComplaintEvent(models.Model):
    """History of a complaint: registration, acceptance, transfer, answer."""

    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="events")
    action = models.CharField("操作", max_length=24)
    from_status = models.CharField(max_length=12, blank=True)
    to_status = models.CharField(max_length=12)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    actor_label = models.CharField(max_length=60, blank=True)
    at = models.DateTimeField(auto_now_add=True)
    note = models.TextField(blank=True)
    ledger_index = models.BigIntegerField("日志序号")

    class Meta:
        ordering = ["complaint", "id"]

    def __str__(self) -> str:
        return f"{self.action}: {self.from_status} → {self.to_status}"
