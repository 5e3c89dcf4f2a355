"""Disagreement with an opinion: coordination (协调) and collective discussion (集体讨论)."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from sanxiang.cases.models import Case
from sanxiang.core.models import TimeStampedModel

from ..choices import CollectiveConclusion, CoordinationOutcome
from .common import CASE_ACCESS
from .submission import Submission

USER = settings.AUTH_USER_MODEL


class Coordination(TimeStampedModel):
    """GBF118 (十四): the handling unit disputes an opinion; the agency head decides."""

    access = CASE_ACCESS

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="review_coordinations")
    submission = models.OneToOneField(Submission, on_delete=models.CASCADE, related_name="coordination")
    handling_position = models.TextField("承办机构意见")
    opened_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    opened_on = models.DateField("提出日期")
    review_position = models.TextField("法制审核机构意见", blank=True)
    review_position_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    outcome = models.CharField("协调结果", max_length=12, choices=CoordinationOutcome.choices, blank=True)
    reasons = models.TextField("理由", blank=True)
    decided_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    decided_on = models.DateField("决定日期", null=True, blank=True)
    ledger = models.JSONField("日志序号", default=dict, blank=True)

    class Meta:
        verbose_name = "审核意见协调"
        verbose_name_plural = "审核意见协调"
        ordering = ["case", "id"]

    def __str__(self) -> str:
        return f"{self.submission} 协调"

    @property
    def is_open(self) -> bool:
        return not self.outcome


class CollectiveDiscussion(TimeStampedModel):
    """APL Art. 57 ¶2: the agency's leaders discuss a complex or major case; these are its minutes."""

    access = CASE_ACCESS

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="review_discussions")
    submission = models.ForeignKey(
        Submission, null=True, blank=True, on_delete=models.PROTECT, related_name="discussions"
    )
    coordination = models.ForeignKey(
        Coordination, null=True, blank=True, on_delete=models.PROTECT, related_name="discussions"
    )
    held_on = models.DateField("讨论日期")
    presided_by = models.CharField("主持人", max_length=50)
    participants = models.JSONField("参加人员", default=list)
    opinions = models.JSONField("讨论意见", default=list)
    conclusion = models.CharField("结论", max_length=12, choices=CollectiveConclusion.choices)
    conclusion_text = models.TextField("决定事项")
    recorded_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    ledger_index = models.BigIntegerField("日志序号", null=True, blank=True)

    class Meta:
        verbose_name = "重大复杂案件集体讨论"
        verbose_name_plural = "重大复杂案件集体讨论"
        ordering = ["case", "id"]

    def __str__(self) -> str:
        return f"{self.case} 集体讨论 {self.held_on:%Y-%m-%d}"
