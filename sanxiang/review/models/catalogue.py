"""The catalogue of major enforcement decisions (重大执法决定法制审核目录清单), versioned per body."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from sanxiang.cases.choices import PenaltyKind
from sanxiang.core.models import TimeStampedModel
from sanxiang.orgs.models import EnforcementBody

from ..choices import CatalogueStatus, CriterionKind, Factor
from .common import AMOUNT


class Catalogue(TimeStampedModel):
    """One version of a catalogue: a body's own items, or the city default when `body` is empty.

    A body's effective catalogue on a date is the city default version in force then plus the
    body's own version in force then (docs/review.md). Versions in force are never edited.
    """

    body = models.ForeignKey(
        EnforcementBody,
        verbose_name="执法主体",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="review_catalogues",
        help_text="为空时为司法局制定的全市通用目录",
    )
    version = models.PositiveIntegerField("版本号")
    title = models.CharField("名称", max_length=200)
    status = models.CharField(
        "状态", max_length=12, choices=CatalogueStatus.choices, default=CatalogueStatus.DRAFT
    )
    effective_from = models.DateField("施行日期", null=True, blank=True)
    published = models.BooleanField("已公布", default=False)
    published_on = models.DateField("公布日期", null=True, blank=True)
    note = models.TextField("制定说明", blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = "重大执法决定法制审核目录"
        verbose_name_plural = "重大执法决定法制审核目录"
        ordering = ["body_id", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["body", "version"], name="review_catalogue_unique_version"),
            models.UniqueConstraint(
                fields=["version"],
                condition=models.Q(body__isnull=True),
                name="review_catalogue_unique_city_version",
            ),
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def is_city_default(self) -> bool:
        return self.body_id is None

    @property
    def owner_label(self) -> str:
        return "全市通用目录" if self.body_id is None else f"{self.body.short_name}目录"

    @property
    def label(self) -> str:
        return f"{self.owner_label}（第 {self.version} 版）"

    @property
    def is_draft(self) -> bool:
        return self.status == CatalogueStatus.DRAFT


class CatalogueItem(models.Model):
    """One criterion of a catalogue version, as data (kinds, thresholds), never as prose to interpret."""

    catalogue = models.ForeignKey(Catalogue, on_delete=models.CASCADE, related_name="items")
    number = models.PositiveSmallIntegerField("序号")
    kind = models.CharField("判定方式", max_length=16, choices=CriterionKind.choices)
    title = models.CharField("事项", max_length=200)
    penalty_kinds = models.JSONField("处罚种类", default=list, blank=True)
    threshold_person = models.DecimalField("自然人标准（元）", null=True, blank=True, **AMOUNT)
    threshold_org = models.DecimalField("法人或其他组织标准（元）", null=True, blank=True, **AMOUNT)
    factor = models.CharField("情形", max_length=20, choices=Factor.choices, blank=True)
    legal_basis = models.TextField("依据", blank=True)

    class Meta:
        verbose_name = "目录事项"
        verbose_name_plural = "目录事项"
        ordering = ["catalogue", "number"]
        constraints = [
            models.UniqueConstraint(fields=["catalogue", "number"], name="review_item_unique_number")
        ]

    def __str__(self) -> str:
        return f"第 {self.number} 项 {self.title}"

    @property
    def kind_labels(self) -> str:
        return "、".join(PenaltyKind(k).label for k in self.penalty_kinds if k in PenaltyKind.values)


class ReviewRules(models.Model):
    """Per-body settings of the review flow (GBF118 (十四): each body sets its time limit)."""

    body = models.OneToOneField(EnforcementBody, on_delete=models.CASCADE, related_name="review_rules")
    time_limit_workdays = models.PositiveSmallIntegerField("审核时限（工作日，REV-07）", default=10)
    extension_workdays = models.PositiveSmallIntegerField("延长时限（工作日）", default=10)

    class Meta:
        verbose_name = "法制审核参数"
        verbose_name_plural = "法制审核参数"

    def __str__(self) -> str:
        return f"{self.body} 法制审核参数"
