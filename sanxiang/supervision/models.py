"""Supervision data: indicator snapshots, look-back campaigns and self-inspection reports."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from sanxiang.core.models import PublicIdModel, TimeStampedModel
from sanxiang.orgs.access import AccessPaths
from sanxiang.orgs.models import EnforcementBody

from .choices import Assessment, CampaignStatus, ReportAction, ReportStatus, Section

USER = settings.AUTH_USER_MODEL


class SnapshotRun(models.Model):
    """One day's stored indicator values (`sanxiang indicators snapshot`); digest makes reruns no-ops."""

    day = models.DateField("快照日期", unique=True)
    period_start = models.DateField("统计起")
    period_end = models.DateField("统计止")
    digest = models.CharField("内容摘要", max_length=64)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    ledger_index = models.BigIntegerField("日志序号", null=True)

    class Meta:
        verbose_name = "指标快照"
        verbose_name_plural = "指标快照"
        ordering = ["-day"]

    def __str__(self) -> str:
        return f"{self.day:%Y-%m-%d}"


class IndicatorSnapshot(models.Model):
    """One indicator's value for one body (or the city, body empty) on one day."""

    run = models.ForeignKey(SnapshotRun, on_delete=models.CASCADE, related_name="values")
    day = models.DateField("快照日期")
    body = models.ForeignKey(
        EnforcementBody, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    code = models.CharField("指标", max_length=40)
    value = models.DecimalField("数值", max_digits=14, decimal_places=4, null=True)
    numerator = models.IntegerField(null=True)
    denominator = models.IntegerField(null=True)
    status = models.CharField("状态", max_length=8)

    class Meta:
        verbose_name = "指标快照值"
        verbose_name_plural = "指标快照值"
        constraints = [
            models.UniqueConstraint(fields=["day", "body", "code"], name="indicator_snapshot_unique"),
        ]
        indexes = [models.Index(fields=["body", "code", "day"])]

    def __str__(self) -> str:
        return f"{self.day:%Y-%m-%d} {self.code}"


class ScoreSnapshot(models.Model):
    """A body's (or the city's) overall score on one day, for the trend charts."""

    run = models.ForeignKey(SnapshotRun, on_delete=models.CASCADE, related_name="scores")
    day = models.DateField("快照日期")
    body = models.ForeignKey(
        EnforcementBody, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    score = models.DecimalField("得分", max_digits=5, decimal_places=1, null=True)

    class Meta:
        verbose_name = "得分快照"
        verbose_name_plural = "得分快照"
        constraints = [models.UniqueConstraint(fields=["day", "body"], name="score_snapshot_unique")]
        indexes = [models.Index(fields=["body", "day"])]

    def __str__(self) -> str:
        return f"{self.day:%Y-%m-%d} {self.score}"


class ChecklistTemplateItem(models.Model):
    """The default checklist of a look-back campaign, seeded from 河法治办字【2021】3号 (migration 0002)."""

    number = models.PositiveSmallIntegerField("序号", unique=True)
    section = models.CharField("方面", max_length=12, choices=Section.choices)
    text = models.TextField("检查事项")
    indicator_codes = models.JSONField("对应指标", default=list, blank=True)

    class Meta:
        verbose_name = "自查事项模板"
        verbose_name_plural = "自查事项模板"
        ordering = ["number"]

    def __str__(self) -> str:
        return f"{self.number}. {self.text[:30]}"


class Campaign(PublicIdModel):
    """A look-back campaign (三项制度“回头看”) opened by the justice bureau."""

    title = models.CharField("名称", max_length=200)
    year = models.PositiveSmallIntegerField("年度")
    notice_number = models.CharField("通知文号", max_length=60, blank=True)
    status = models.CharField(
        "状态", max_length=8, choices=CampaignStatus.choices, default=CampaignStatus.OPEN
    )
    opened_on = models.DateField("发起日期")
    due_on = models.DateField("自查报告报送截止日")
    inspection_start = models.DateField("专项监督检查开始", null=True, blank=True)
    inspection_end = models.DateField("专项监督检查结束", null=True, blank=True)
    period_start = models.DateField("指标统计起")
    period_end = models.DateField("指标统计止")
    created_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = "“回头看”活动"
        verbose_name_plural = "“回头看”活动"
        ordering = ["-opened_on", "-id"]

    def __str__(self) -> str:
        return self.title


class ChecklistItem(models.Model):
    """One item of a campaign's checklist (copied from the template, editable per campaign)."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="items")
    number = models.PositiveSmallIntegerField("序号")
    section = models.CharField("方面", max_length=12, choices=Section.choices)
    text = models.TextField("检查事项")
    indicator_codes = models.JSONField("对应指标", default=list, blank=True)

    class Meta:
        verbose_name = "自查事项"
        verbose_name_plural = "自查事项"
        ordering = ["campaign", "number", "id"]
        constraints = [models.UniqueConstraint(fields=["campaign", "number"], name="checklist_item_unique")]

    def __str__(self) -> str:
        return f"{self.number}. {self.text[:30]}"


class SelfInspectionReport(PublicIdModel):
    """One body's self-inspection report (自查报告) in a campaign; it exists from the campaign's opening."""

    access = AccessPaths(body="body")

    campaign = models.ForeignKey(Campaign, on_delete=models.PROTECT, related_name="reports")
    body = models.ForeignKey(
        EnforcementBody, verbose_name="执法主体", on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(
        "状态", max_length=12, choices=ReportStatus.choices, default=ReportStatus.NOT_STARTED
    )
    narrative = models.TextField("自查情况总体说明", blank=True)
    submissions = models.PositiveSmallIntegerField("报送次数", default=0)
    submitted_on = models.DateField("报送日期", null=True, blank=True)
    recorded_on = models.DateField("备案日期", null=True, blank=True)
    return_reason = models.TextField("退回理由", blank=True)
    indicators_at_submission = models.JSONField("报送时的指标", default=dict, blank=True)

    class Meta:
        verbose_name = "自查报告"
        verbose_name_plural = "自查报告"
        ordering = ["campaign", "body__name"]
        constraints = [
            models.UniqueConstraint(fields=["campaign", "body"], name="self_inspection_unique_body")
        ]

    def __str__(self) -> str:
        return f"{self.body} · {self.campaign}"


class ReportAnswer(models.Model):
    """The body's answer to one checklist item: self-assessment, evidence links, problems found."""

    report = models.ForeignKey(SelfInspectionReport, on_delete=models.CASCADE, related_name="answers")
    item = models.ForeignKey(ChecklistItem, on_delete=models.CASCADE, related_name="answers")
    assessment = models.CharField("自评", max_length=10, choices=Assessment.choices, blank=True)
    evidence_links = models.TextField("佐证材料（每行一个链接或索引）", blank=True)
    problems = models.TextField("存在问题", blank=True)

    class Meta:
        verbose_name = "自查事项自评"
        verbose_name_plural = "自查事项自评"
        constraints = [models.UniqueConstraint(fields=["report", "item"], name="report_answer_unique")]

    def __str__(self) -> str:
        return self.get_assessment_display() or "未自评"

    @property
    def links(self) -> list[str]:
        return [line.strip() for line in self.evidence_links.splitlines() if line.strip()]


class RectificationMeasure(models.Model):
    """A rectification measure (整改措施) of a report, with its owner and deadline."""

    report = models.ForeignKey(SelfInspectionReport, on_delete=models.CASCADE, related_name="measures")
    item = models.ForeignKey(
        ChecklistItem, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    measure = models.TextField("整改措施")
    owner = models.CharField("责任人/责任科室", max_length=100)
    deadline = models.DateField("完成时限")

    class Meta:
        verbose_name = "整改措施"
        verbose_name_plural = "整改措施"
        ordering = ["report", "deadline", "id"]

    def __str__(self) -> str:
        return self.measure[:30]


class ReportEvent(models.Model):
    """History of a report: every state change and save, with actor, reason and ledger index."""

    report = models.ForeignKey(SelfInspectionReport, on_delete=models.CASCADE, related_name="events")
    action = models.CharField("操作", max_length=12, choices=ReportAction.choices)
    from_status = models.CharField("原状态", max_length=12, choices=ReportStatus.choices, blank=True)
    to_status = models.CharField("新状态", max_length=12, choices=ReportStatus.choices)
    actor = models.ForeignKey(USER, null=True, on_delete=models.PROTECT, related_name="+")
    actor_label = models.CharField(max_length=60, blank=True)
    at = models.DateTimeField("时间", auto_now_add=True)
    on = models.DateField("业务日期")
    reason = models.TextField("理由/说明", blank=True)
    ledger_index = models.BigIntegerField("日志序号", null=True)

    class Meta:
        verbose_name = "自查报告记录"
        verbose_name_plural = "自查报告记录"
        ordering = ["report", "id"]

    def __str__(self) -> str:
        return self.get_action_display()


class Reminder(TimeStampedModel):
    """A reminder to a body that has not filed by the due date (one per body and day)."""

    report = models.ForeignKey(SelfInspectionReport, on_delete=models.CASCADE, related_name="reminders")
    day = models.DateField("提醒日期")
    message = models.TextField("提醒内容")
    ledger_index = models.BigIntegerField("日志序号", null=True)

    class Meta:
        verbose_name = "催报提醒"
        verbose_name_plural = "催报提醒"
        ordering = ["-day", "id"]
        constraints = [models.UniqueConstraint(fields=["report", "day"], name="reminder_unique_day")]
