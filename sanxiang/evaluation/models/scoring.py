"""An evaluator's scoring of one sampled file against the plan's rubric (EVAL-01/02)."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from ..choices import EvaluationStatus
from .plan import SampledFile
from .rubric import RubricItem


class Evaluation(models.Model):
    """The score sheet of a sampled file; totals are computed by `scoring.score`, never typed in."""

    sample = models.OneToOneField(SampledFile, on_delete=models.CASCADE, related_name="evaluation")
    evaluator = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(
        "状态", max_length=12, choices=EvaluationStatus.choices, default=EvaluationStatus.DRAFT
    )
    vetoed = models.BooleanField("存在否决项", default=False)
    form_score = models.DecimalField("案卷形式得分", max_digits=5, decimal_places=1, default=0)
    substance_score = models.DecimalField("案卷实体得分", max_digits=5, decimal_places=1, default=0)
    total = models.DecimalField("总分", max_digits=5, decimal_places=1, default=0)
    grade = models.CharField("等次代码", max_length=20, blank=True)
    grade_label = models.CharField("等次", max_length=20, blank=True)
    comments = models.TextField("评查意见", blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    submitted_at = models.DateTimeField("提交时间", null=True, blank=True)
    ledger_index = models.BigIntegerField("日志序号", null=True)

    class Meta:
        verbose_name = "案卷评分"
        verbose_name_plural = "案卷评分"

    def __str__(self) -> str:
        return f"{self.sample} {self.total} {self.grade_label}"


class Finding(models.Model):
    """A problem found on one rubric item: a veto, or N defects costing points (capped per item)."""

    evaluation = models.ForeignKey(Evaluation, on_delete=models.CASCADE, related_name="findings")
    item = models.ForeignKey(RubricItem, on_delete=models.PROTECT, related_name="+")
    defects = models.PositiveSmallIntegerField("问题处数", default=1)
    points = models.DecimalField("扣分", max_digits=5, decimal_places=1, default=0)
    note = models.CharField("问题说明", max_length=500, blank=True)

    class Meta:
        verbose_name = "评查问题"
        verbose_name_plural = "评查问题"
        ordering = ["evaluation", "item__order", "item_id"]
        constraints = [models.UniqueConstraint(fields=["evaluation", "item"], name="finding_unique_item")]

    def __str__(self) -> str:
        return f"{self.item} ×{self.defects}"
