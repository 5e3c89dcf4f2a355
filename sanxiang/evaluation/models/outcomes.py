"""Outcomes of supervision: criticism notices and rectification orders with items (SUP-01/02)."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from sanxiang.core.models import PublicIdModel
from sanxiang.orgs.access import AccessPaths
from sanxiang.orgs.models import EnforcementBody

from ..choices import ItemStatus, NoticeKind, NoticeStatus
from .plan import InspectionPlan


class Notice(PublicIdModel):
    """A 通报批评 or 责令整改通知 to one body, with numbered items; its status follows the items."""

    access = AccessPaths(body="body")

    kind = models.CharField("类型", max_length=16, choices=NoticeKind.choices)
    status = models.CharField("状态", max_length=12, choices=NoticeStatus.choices, default=NoticeStatus.DRAFT)
    body = models.ForeignKey(
        EnforcementBody, verbose_name="被监督主体", on_delete=models.PROTECT, related_name="+"
    )
    plan = models.ForeignKey(
        InspectionPlan,
        verbose_name="专项检查",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    number = models.CharField("文号", max_length=60, blank=True)
    title = models.CharField("标题", max_length=200)
    text = models.TextField("正文")
    issued_on = models.DateField("下发日期", null=True, blank=True)
    closed_on = models.DateField("销号日期", null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = "通报与整改通知"
        verbose_name_plural = "通报与整改通知"
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["body", "status"])]

    def __str__(self) -> str:
        return self.number or self.title


class NoticeItem(models.Model):
    """A numbered item (整改事项) with its deadline; the loop open -> responded -> accepted/rejected."""

    access = AccessPaths(body="notice__body")

    notice = models.ForeignKey(Notice, on_delete=models.CASCADE, related_name="items")
    number = models.PositiveSmallIntegerField("序号")
    text = models.TextField("问题及整改要求")
    deadline = models.DateField("整改期限", db_index=True)
    deadline_provisional = models.BooleanField("按暂定日历计算", default=False)
    status = models.CharField("状态", max_length=12, choices=ItemStatus.choices, default=ItemStatus.OPEN)

    class Meta:
        verbose_name = "整改事项"
        verbose_name_plural = "整改事项"
        ordering = ["notice", "number"]
        constraints = [models.UniqueConstraint(fields=["notice", "number"], name="noticeitem_unique_number")]

    def __str__(self) -> str:
        return f"{self.notice} 第{self.number}项"


class ItemResponse(models.Model):
    """The body's account of what it rectified, with evidence attachments (RECTIFICATION_RESPOND)."""

    item = models.ForeignKey(NoticeItem, on_delete=models.CASCADE, related_name="responses")
    text = models.TextField("整改情况")
    responded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    responded_at = models.DateTimeField("反馈时间", auto_now_add=True)
    ledger_index = models.BigIntegerField("日志序号")

    class Meta:
        ordering = ["item", "id"]

    def __str__(self) -> str:
        return f"{self.item} 反馈"


class ResponseAttachment(models.Model):
    """A file supporting a response, stored under a generated name with its SHA-256."""

    response = models.ForeignKey(ItemResponse, on_delete=models.CASCADE, related_name="attachments")
    name = models.CharField("文件名", max_length=160)
    storage_name = models.CharField(max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    sha256 = models.CharField("SHA-256", max_length=64)

    class Meta:
        ordering = ["response", "id"]

    def __str__(self) -> str:
        return self.name


class Verification(models.Model):
    """The bureau's check of a response: accepted closes the item, rejected reopens it."""

    item = models.ForeignKey(NoticeItem, on_delete=models.CASCADE, related_name="verifications")
    response = models.ForeignKey(ItemResponse, on_delete=models.PROTECT, related_name="+")
    accepted = models.BooleanField("通过")
    note = models.TextField("核查意见", blank=True)
    new_deadline = models.DateField("重新整改期限", null=True, blank=True)
    verified_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    verified_at = models.DateTimeField(auto_now_add=True)
    ledger_index = models.BigIntegerField("日志序号")

    class Meta:
        ordering = ["item", "id"]

    def __str__(self) -> str:
        return f"{self.item} 核查"


class NoticeEvent(models.Model):
    """The history of a notice and its items: one row per state change (and the ledger index)."""

    notice = models.ForeignKey(Notice, on_delete=models.CASCADE, related_name="events")
    item = models.ForeignKey(
        NoticeItem, null=True, blank=True, on_delete=models.CASCADE, related_name="events"
    )
    action = models.CharField("操作", max_length=24)
    from_status = models.CharField("原状态", max_length=12, blank=True)
    to_status = models.CharField("新状态", max_length=12)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    actor_label = models.CharField(max_length=60, blank=True)
    at = models.DateTimeField(auto_now_add=True)
    note = models.TextField(blank=True)
    ledger_index = models.BigIntegerField("日志序号")

    class Meta:
        ordering = ["notice", "id"]

    def __str__(self) -> str:
        return f"{self.action}: {self.from_status} → {self.to_status}"


class Escalation(models.Model):
    """SUP-02: an item past its deadline, escalated once per deadline to a 通报批评 draft."""

    item = models.ForeignKey(NoticeItem, on_delete=models.CASCADE, related_name="escalations")
    deadline = models.DateField("逾期的整改期限")
    escalated_on = models.DateField("升级日期")
    criticism = models.ForeignKey(Notice, null=True, on_delete=models.PROTECT, related_name="escalations")
    ledger_index = models.BigIntegerField("日志序号")

    class Meta:
        verbose_name = "逾期升级"
        verbose_name_plural = "逾期升级"
        constraints = [
            models.UniqueConstraint(fields=["item", "deadline"], name="escalation_once_per_deadline")
        ]

    def __str__(self) -> str:
        return f"{self.item} 逾期升级"
