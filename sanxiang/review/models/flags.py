"""Whether a case is a major decision: automatic classifications and hand-made flags."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from sanxiang.cases.models import Case
from sanxiang.core.models import TimeStampedModel

from ..choices import Factor, FlagStatus
from .catalogue import Catalogue
from .common import CASE_ACCESS


class Classification(models.Model):
    """One run of the catalogue over a case's penalties; the latest row is the case's current result."""

    access = CASE_ACCESS

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="review_classifications")
    trigger = models.CharField("触发环节", max_length=40)
    day = models.DateField("判定日期")
    penalties = models.JSONField("判定所依据的处罚内容", default=list, blank=True)
    major = models.BooleanField("属于重大执法决定")
    reasons = models.JSONField("判定理由", default=list, blank=True)
    city_catalogue = models.ForeignKey(
        Catalogue, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    body_catalogue = models.ForeignKey(
        Catalogue, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    at = models.DateTimeField("时间", auto_now_add=True)
    ledger_index = models.BigIntegerField("日志序号", null=True, blank=True)

    class Meta:
        verbose_name = "重大执法决定判定"
        verbose_name_plural = "重大执法决定判定"
        ordering = ["case", "id"]

    def __str__(self) -> str:
        return f"{self.case} {'重大' if self.major else '非重大'}（{self.trigger}）"

    @property
    def reason_texts(self) -> list[str]:
        return [r["text"] for r in self.reasons]


class ManualFlag(TimeStampedModel):
    """A hand-made flag: an officer states a ground the catalogue cannot see (L2/L3 factors)."""

    access = CASE_ACCESS

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="review_flags")
    factor = models.CharField("情形", max_length=20, choices=Factor.choices)
    reason = models.TextField("理由")
    flagged_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    flagged_on = models.DateField("标记日期")
    status = models.CharField("状态", max_length=20, choices=FlagStatus.choices, default=FlagStatus.ACTIVE)
    removal_reason = models.TextField("撤销理由", blank=True)
    removal_requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    removal_requested_on = models.DateField("申请撤销日期", null=True, blank=True)
    removal_decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    removal_decided_on = models.DateField("审批日期", null=True, blank=True)
    removal_note = models.TextField("审批意见", blank=True)
    ledger = models.JSONField("日志序号", default=dict, blank=True)

    class Meta:
        verbose_name = "人工标记"
        verbose_name_plural = "人工标记"
        ordering = ["case", "id"]

    def __str__(self) -> str:
        return f"{self.case}：{self.get_factor_display()}"

    @property
    def counts(self) -> bool:
        """A flag keeps the case major until its removal is approved."""
        return self.status != FlagStatus.REMOVED
