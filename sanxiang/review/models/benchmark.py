"""Discretion benchmarks (行政处罚裁量基准): ranges per violation type and circumstance."""

from __future__ import annotations

from django.db import models

from sanxiang.cases.choices import PenaltyKind
from sanxiang.core.models import TimeStampedModel
from sanxiang.orgs.models import EnforcementBody

from ..choices import Circumstance
from .common import AMOUNT


class ViolationType(TimeStampedModel):
    """A violation with its legal basis; the city default when `body` is empty."""

    body = models.ForeignKey(
        EnforcementBody,
        verbose_name="执法主体",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="review_violation_types",
    )
    code = models.CharField("编码", max_length=40)
    name = models.CharField("违法行为", max_length=200)
    legal_basis = models.TextField("处罚依据")
    is_active = models.BooleanField("启用", default=True)

    class Meta:
        verbose_name = "裁量基准（违法行为）"
        verbose_name_plural = "裁量基准（违法行为）"
        ordering = ["code"]
        constraints = [
            models.UniqueConstraint(fields=["body", "code"], name="review_violation_unique_code"),
            models.UniqueConstraint(
                fields=["code"],
                condition=models.Q(body__isnull=True),
                name="review_violation_unique_city_code",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class BenchmarkRange(models.Model):
    """The range of one circumstance: fine bounds and the penalty kinds it allows."""

    violation_type = models.ForeignKey(ViolationType, on_delete=models.CASCADE, related_name="ranges")
    circumstance = models.CharField("裁量情形", max_length=10, choices=Circumstance.choices)
    min_fine = models.DecimalField("罚款下限（元）", null=True, blank=True, **AMOUNT)
    max_fine = models.DecimalField("罚款上限（元）", null=True, blank=True, **AMOUNT)
    allowed_kinds = models.JSONField("可适用的处罚种类", default=list, blank=True)
    description = models.TextField("适用条件", blank=True)

    class Meta:
        verbose_name = "裁量幅度"
        verbose_name_plural = "裁量幅度"
        ordering = ["violation_type", "circumstance"]
        constraints = [
            models.UniqueConstraint(
                fields=["violation_type", "circumstance"], name="review_range_unique_circumstance"
            )
        ]

    def __str__(self) -> str:
        return f"{self.violation_type.code} {self.get_circumstance_display()}"

    @property
    def kind_labels(self) -> str:
        return "、".join(PenaltyKind(k).label for k in self.allowed_kinds if k in PenaltyKind.values) or "—"

    @property
    def fine_range(self) -> str:
        from ..classify import yuan

        if self.min_fine is None and self.max_fine is None:
            return "—"
        low = yuan(self.min_fine) if self.min_fine is not None else "0"
        high = yuan(self.max_fine) if self.max_fine is not None else "不限"
        return f"{low}–{high} 元"
