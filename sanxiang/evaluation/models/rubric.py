"""The scoring rubric of case-file evaluation as data (EVAL-01, EVAL-02)."""

from __future__ import annotations

from decimal import Decimal

from django.db import models

from sanxiang.core.models import TimeStampedModel

from ..choices import Section


class Rubric(TimeStampedModel):
    """A rubric: the section maxima and the grade cut-offs; its items are RubricItem rows.

    `grades` lists the grades from best to worst as {"code", "label", "min"}; a file gets the first
    grade whose `min` its total reaches (EVAL-02, configurable because provinces differ: E10).
    """

    name = models.CharField("名称", max_length=100, unique=True)
    form_points = models.DecimalField("案卷形式满分", max_digits=5, decimal_places=1, default=Decimal("20"))
    substance_points = models.DecimalField(
        "案卷实体满分", max_digits=5, decimal_places=1, default=Decimal("80")
    )
    grades = models.JSONField("等次划分")
    is_default = models.BooleanField("默认评分标准", default=False)

    class Meta:
        verbose_name = "案卷评查标准"
        verbose_name_plural = "案卷评查标准"
        ordering = ["-is_default", "name"]

    def __str__(self) -> str:
        return self.name

    @property
    def in_use(self) -> bool:
        """Once a plan has drawn files under it, the rubric is frozen (scores must stay comparable)."""
        return self.plans.exclude(status="draft").exists()


class RubricItem(models.Model):
    """One item: a veto item, or a form/substance item with points per defect and a section cap."""

    rubric = models.ForeignKey(Rubric, on_delete=models.CASCADE, related_name="items")
    section = models.CharField("部分", max_length=12, choices=Section.choices)
    code = models.SlugField("代码", max_length=40)
    label = models.CharField("评查内容", max_length=200)
    points_per_defect = models.DecimalField("每处扣分", max_digits=5, decimal_places=1, default=Decimal("0"))
    max_points = models.DecimalField("本项最多扣分", max_digits=5, decimal_places=1, default=Decimal("0"))
    # E6 (一票否决 for 优秀): a defect on such an item keeps the file out of the best grade.
    caps_grade = models.BooleanField("存在问题即不得评为最高等次", default=False)
    order = models.PositiveSmallIntegerField("顺序", default=0)

    class Meta:
        verbose_name = "评查项目"
        verbose_name_plural = "评查项目"
        ordering = ["rubric", "order", "id"]
        constraints = [models.UniqueConstraint(fields=["rubric", "code"], name="rubricitem_unique_code")]

    def __str__(self) -> str:
        return f"{self.get_section_display()}·{self.label}"
