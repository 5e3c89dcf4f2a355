"""The annual statistics report of one body, or of the whole city, for one calendar year."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q

from sanxiang.core.models import PublicIdModel
from sanxiang.orgs.access import AccessPaths
from sanxiang.orgs.models import EnforcementBody

from .choices import ReportStatus, Step

USER = settings.AUTH_USER_MODEL


def due_date(year: int) -> datetime.date:
    """STAT-01: the report for `year` is published by 31 January of the following year."""
    return datetime.date(year + 1, 1, 31)


class AnnualReport(PublicIdModel):
    """行政执法统计年报. `figures` is the snapshot taken when the draft was (re)generated;
    `manual` holds the hand-entered lines (手工填报). Changed only through annualreport.services."""

    access = AccessPaths(body="body")

    body = models.ForeignKey(
        EnforcementBody,
        verbose_name="执法主体",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="annual_reports",
        help_text="为空表示全市汇总年报",
    )
    year = models.PositiveSmallIntegerField("统计年度")
    status = models.CharField("状态", max_length=12, choices=ReportStatus.choices, default=ReportStatus.DRAFT)
    figures = models.JSONField("统计数据（生成时快照）", default=dict)
    manual = models.JSONField("手工填报数据", default=dict)
    narrative = models.TextField("年度工作情况说明", blank=True)
    generated_on = models.DateField("数据生成日期")
    generated_at = models.DateTimeField("数据生成时间")
    approved_on = models.DateField("审定日期", null=True, blank=True)
    approved_by = models.ForeignKey(
        USER, verbose_name="审定人", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    published_on = models.DateField("公开日期", null=True, blank=True)
    published_by = models.ForeignKey(
        USER, verbose_name="公开人", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    content_sha256 = models.CharField("审定内容 SHA-256", max_length=64, blank=True)

    class Meta:
        verbose_name = "行政执法统计年报"
        verbose_name_plural = "行政执法统计年报"
        ordering = ["-year", "body__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["body", "year"], condition=Q(body__isnull=False), name="annualreport_unique_body_year"
            ),
            models.UniqueConstraint(
                fields=["year"], condition=Q(body__isnull=True), name="annualreport_unique_city_year"
            ),
        ]
        indexes = [models.Index(fields=["status", "year"])]

    def __str__(self) -> str:
        return f"{self.owner_name} {self.year} 年度行政执法统计年报"

    @property
    def is_city(self) -> bool:
        return self.body_id is None

    @property
    def owner_name(self) -> str:
        return self.body.name if self.body_id else "全市"

    @property
    def due_on(self) -> datetime.date:
        return due_date(self.year)


class ReportEvent(models.Model):
    """One row per step of a report (history); each has its ledger entry (AUD-01)."""

    report = models.ForeignKey(AnnualReport, on_delete=models.CASCADE, related_name="events")
    step = models.CharField("操作", max_length=12, choices=Step.choices)
    from_status = models.CharField("原状态", max_length=12, choices=ReportStatus.choices, blank=True)
    to_status = models.CharField("新状态", max_length=12, choices=ReportStatus.choices)
    actor = models.ForeignKey(USER, verbose_name="操作人", on_delete=models.PROTECT, related_name="+")
    on = models.DateField("业务日期")
    at = models.DateTimeField("时间", auto_now_add=True)
    note = models.TextField("说明", blank=True)
    ledger_index = models.BigIntegerField("日志序号")

    class Meta:
        verbose_name = "年报操作记录"
        verbose_name_plural = "年报操作记录"
        ordering = ["report", "id"]

    def __str__(self) -> str:
        return f"{self.report} {self.get_step_display()}"
