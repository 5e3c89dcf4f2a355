"""Stable codes and Chinese labels of the annual statistics report (行政执法统计年报)."""

from django.db import models

from sanxiang.cases.choices import PenaltyKind


class ReportStatus(models.TextChoices):
    DRAFT = "draft", "草稿"
    APPROVED = "approved", "已审定"
    PUBLISHED = "published", "已公开"


class DueStatus(models.TextChoices):
    """STAT-01 deadline light of one report (due 31 January of the following year)."""

    NOT_DUE = "not_due", "未到报送期"
    DUE_SOON = "due_soon", "即将到期"
    OVERDUE = "overdue", "已逾期未公开"
    ON_TIME = "on_time", "按时公开"
    LATE = "late", "逾期公开"


class Step(models.TextChoices):
    """What a ReportEvent records (and the ledger entry kind `annualreport.<code>`)."""

    GENERATED = "generated", "生成草稿"
    REGENERATED = "regenerated", "重新生成统计数据"
    EDITED = "edited", "填报手工数据/编写说明"
    APPROVED = "approved", "审定"
    REOPENED = "reopened", "退回修改"
    PUBLISHED = "published", "公开"


class PenaltyCategory(models.TextChoices):
    """The report's penalty columns (issue 5 §4), in the order the report prints them."""

    WARNING = "warning", "警告"
    CRITICISM = "criticism", "通报批评"
    FINE = "fine", "罚款"
    CONFISCATION = "confiscation", "没收违法所得、没收非法财物"
    LICENSE = "license", "暂扣、吊销许可证件"
    QUALIFICATION = "qualification", "降低资质等级"
    SUSPENSION = "suspension", "责令停产停业、责令关闭"
    RESTRICT_BUSINESS = "restrict_business", "限制开展生产经营活动"
    RESTRICT_PRACTICE = "restrict_practice", "限制从业"
    DETENTION = "detention", "行政拘留"
    OTHER = "other", "其他"


# Each penalty kind of a decision (cases.choices.PenaltyKind) falls in one report column. STAT-02:
# a decision is counted once, in the column of its heaviest kind under the platform's one configured
# order, cases.choices.PENALTY_SEVERITY (the same order that fills Case.heaviest_penalty).
CATEGORY_OF_KIND: dict[str, str] = {
    PenaltyKind.WARNING: PenaltyCategory.WARNING,
    PenaltyKind.CRITICISM: PenaltyCategory.CRITICISM,
    PenaltyKind.FINE: PenaltyCategory.FINE,
    PenaltyKind.CONFISCATE_GAINS: PenaltyCategory.CONFISCATION,
    PenaltyKind.CONFISCATE_PROPERTY: PenaltyCategory.CONFISCATION,
    PenaltyKind.SUSPEND_LICENSE: PenaltyCategory.LICENSE,
    PenaltyKind.REVOKE_LICENSE: PenaltyCategory.LICENSE,
    PenaltyKind.LOWER_QUALIFICATION: PenaltyCategory.QUALIFICATION,
    PenaltyKind.SUSPEND_BUSINESS: PenaltyCategory.SUSPENSION,
    PenaltyKind.CLOSE: PenaltyCategory.SUSPENSION,
    PenaltyKind.RESTRICT_BUSINESS: PenaltyCategory.RESTRICT_BUSINESS,
    PenaltyKind.RESTRICT_PRACTICE: PenaltyCategory.RESTRICT_PRACTICE,
    PenaltyKind.DETENTION: PenaltyCategory.DETENTION,
    PenaltyKind.OTHER: PenaltyCategory.OTHER,
}
