"""Stable ASCII codes with Chinese labels for supervision."""

from django.db import models


class CampaignStatus(models.TextChoices):
    OPEN = "open", "进行中"
    CLOSED = "closed", "已结束"


class ReportStatus(models.TextChoices):
    NOT_STARTED = "not_started", "未填报"
    DRAFT = "draft", "填报中"
    SUBMITTED = "submitted", "已报送待备案"
    RETURNED = "returned", "已退回修改"
    RECORDED = "recorded", "已备案"


EDITABLE = frozenset({ReportStatus.NOT_STARTED, ReportStatus.DRAFT, ReportStatus.RETURNED})
FILED = frozenset({ReportStatus.SUBMITTED, ReportStatus.RECORDED})


class Assessment(models.TextChoices):
    """A body's self-assessment of one checklist item."""

    DONE = "done", "已落实"
    PARTIAL = "partial", "部分落实"
    NOT_DONE = "not_done", "未落实"
    NOT_APPLICABLE = "n_a", "不适用"


class ReportAction(models.TextChoices):
    OPENED = "opened", "纳入检查范围"
    SAVED = "saved", "保存"
    SUBMITTED = "submitted", "报送"
    RECORDED = "recorded", "备案"
    RETURNED = "returned", "退回修改"
    REMINDED = "reminded", "催报提醒"
    REMOVED = "removed", "移出检查范围"


class Section(models.TextChoices):
    DISCLOSURE = "disclosure", "行政执法公示"
    RECORDING = "recording", "执法全过程记录"
    REVIEW = "review", "重大执法决定法制审核"
    WORK = "work", "工作要求"
