"""Disclosure before enforcement (items and their versions) and during it (position boards).

An Item is one entry of a body's public profile (its body information, one enforcement item, one
random-inspection item, one service guide, one flowchart). Its content lives in ItemVersion rows:
every change is a new version, approved versions are published, and older ones stay viewable.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from sanxiang.core.models import PublicIdModel, TimeStampedModel
from sanxiang.orgs.access import AccessPaths
from sanxiang.orgs.models import EnforcementBody, Officer

from .choices import ChangeKind, ItemKind, VersionStatus

USER = settings.AUTH_USER_MODEL


class BasisChange(PublicIdModel):
    """DISC-12: a declared change in the law or in the body's duties; affected items are re-reviewed."""

    access = AccessPaths(body="body")

    body = models.ForeignKey(
        EnforcementBody, verbose_name="执法主体", on_delete=models.PROTECT, related_name="disclosure_changes"
    )
    kind = models.CharField("变更类型", max_length=12, choices=ChangeKind.choices)
    law = models.CharField("法律法规或职责文件名称", max_length=200)
    changed_on = models.DateField("变更日期")
    note = models.TextField("变更说明", blank=True)
    affected = models.JSONField("送复核的事项", default=list, help_text="事项的公开标识")
    declared_by = models.ForeignKey(USER, verbose_name="登记人", on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = "依据变更"
        verbose_name_plural = "依据变更"
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}：{self.law}"


class Item(PublicIdModel):
    """One entry of a body's disclosure profile; its content is in versions."""

    access = AccessPaths(body="body")

    body = models.ForeignKey(
        EnforcementBody, verbose_name="执法主体", on_delete=models.PROTECT, related_name="disclosure_items"
    )
    kind = models.CharField("类别", max_length=20, choices=ItemKind.choices)
    position = models.PositiveIntegerField("排序", default=0)
    title = models.CharField("名称", max_length=200, help_text="最新版本的名称")
    latest = models.ForeignKey(
        "ItemVersion", verbose_name="最新版本", null=True, on_delete=models.PROTECT, related_name="+"
    )
    published = models.ForeignKey(
        "ItemVersion",
        verbose_name="公开版本",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    recheck = models.ForeignKey(
        BasisChange,
        verbose_name="待复核（依据变更）",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="items",
    )

    class Meta:
        verbose_name = "公示事项"
        verbose_name_plural = "公示事项"
        ordering = ["body", "kind", "position", "id"]
        indexes = [models.Index(fields=["body", "kind", "position"], name="disclosure_item_list")]
        constraints = [
            models.UniqueConstraint(
                fields=["body"], condition=models.Q(kind=ItemKind.BODY_INFO), name="disclosure_one_body_info"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}：{self.title}"

    @property
    def needs_recheck(self) -> bool:
        return self.recheck_id is not None


class ItemVersion(TimeStampedModel):
    """One version of an item's content. Only a draft is ever edited; the rest is history."""

    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField("版本号")
    status = models.CharField(
        "状态", max_length=12, choices=VersionStatus.choices, default=VersionStatus.DRAFT
    )
    content = models.JSONField("内容")
    content_hash = models.CharField("内容哈希（SHA-256）", max_length=64)
    created_by = models.ForeignKey(USER, verbose_name="编辑人", on_delete=models.PROTECT, related_name="+")
    submitted_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    submitted_at = models.DateTimeField("报审时间", null=True, blank=True)
    decided_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField("审核时间", null=True, blank=True)
    return_reason = models.TextField("退回理由", blank=True)
    published_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    published_at = models.DateTimeField("公开时间", null=True, blank=True)
    superseded_at = models.DateTimeField("被替代时间", null=True, blank=True)

    class Meta:
        verbose_name = "公示事项版本"
        verbose_name_plural = "公示事项版本"
        ordering = ["item", "number"]
        constraints = [
            models.UniqueConstraint(fields=["item", "number"], name="disclosure_version_unique_number")
        ]

    def __str__(self) -> str:
        return f"{self.item} 第 {self.number} 版"

    @property
    def was_public(self) -> bool:
        """Published now or before: the public may read it in the history (drafts never)."""
        return self.published_at is not None


class Window(PublicIdModel):
    """A service-hall window or post (岗位) with its position board (岗位信息公示牌)."""

    access = AccessPaths(body="body")

    body = models.ForeignKey(
        EnforcementBody, verbose_name="执法主体", on_delete=models.PROTECT, related_name="disclosure_windows"
    )
    name = models.CharField("窗口（岗位）名称", max_length=100)
    location = models.CharField("所在位置", max_length=200, blank=True)
    duties = models.TextField("岗位职责")
    sample_forms = models.TextField("示范文本（样表）", blank=True, help_text="每行一项")
    progress_query = models.CharField("办理进度查询方式", max_length=200)
    complaint = models.CharField("监督投诉渠道", max_length=200)
    is_active = models.BooleanField("公示中", default=True)

    class Meta:
        verbose_name = "岗位信息公示牌"
        verbose_name_plural = "岗位信息公示牌"
        ordering = ["body", "name"]
        constraints = [models.UniqueConstraint(fields=["body", "name"], name="disclosure_window_unique_name")]

    def __str__(self) -> str:
        return self.name


class WindowStaff(models.Model):
    """A person on duty at a window, straight from the officer registry (name and credential only)."""

    window = models.ForeignKey(Window, on_delete=models.CASCADE, related_name="staff")
    officer = models.ForeignKey(Officer, verbose_name="人员", on_delete=models.PROTECT, related_name="+")
    post = models.CharField("岗位", max_length=50, default="窗口工作人员")
    position = models.PositiveSmallIntegerField("排序", default=0)

    class Meta:
        verbose_name = "在岗人员"
        verbose_name_plural = "在岗人员"
        ordering = ["window", "position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["window", "officer"], name="disclosure_window_staff_once")
        ]

    def __str__(self) -> str:
        return f"{self.window} · {self.officer}"
