"""The demo marker: one row once `sanxiang demo` has built the demo city in this database."""

from django.db import models


class DemoBuild(models.Model):
    """Records that (and when) the demo city was built, so a second run creates nothing."""

    seed = models.PositiveIntegerField("随机种子")
    planned_cases = models.PositiveIntegerField("计划案件数")
    built_on = models.DateField("业务日期基准（今天）")
    started_at = models.DateTimeField("开始时间", auto_now_add=True)
    finished_at = models.DateTimeField("完成时间", null=True, blank=True)

    class Meta:
        verbose_name = "演示数据"
        verbose_name_plural = "演示数据"

    def __str__(self) -> str:
        return f"演示数据（{self.built_on:%Y-%m-%d}，{self.planned_cases} 件案件）"
