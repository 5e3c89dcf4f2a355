"""The special inspection (专项监督检查): plan, bodies, evaluator teams, the recorded draws."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from sanxiang.cases.models import Case
from sanxiang.core.models import PublicIdModel, TimeStampedModel
from sanxiang.orgs.models import EnforcementBody

from ..choices import PlanStatus
from .rubric import Rubric


class InspectionPlan(PublicIdModel):
    """A year's special inspection with case-file evaluation, run by the justice bureau."""

    year = models.PositiveSmallIntegerField("年度")
    title = models.CharField("名称", max_length=200)
    scope = models.TextField("检查范围与内容", blank=True)
    window_start = models.DateField("检查开始日期")
    window_end = models.DateField("检查结束日期")
    # E11: the files evaluated are those closed within this period.
    cases_from = models.DateField("抽取案卷结案日期起")
    cases_to = models.DateField("抽取案卷结案日期止")
    per_stratum = models.PositiveSmallIntegerField("每层抽取案卷数", default=2)
    rubric = models.ForeignKey(
        Rubric, verbose_name="评分标准", on_delete=models.PROTECT, related_name="plans"
    )
    seed = models.CharField("随机种子", max_length=64, blank=True)
    status = models.CharField("状态", max_length=12, choices=PlanStatus.choices, default=PlanStatus.DRAFT)
    bodies = models.ManyToManyField(EnforcementBody, through="PlanBody", related_name="+")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    ledger_index = models.BigIntegerField("日志序号", null=True)

    class Meta:
        verbose_name = "专项监督检查"
        verbose_name_plural = "专项监督检查"
        ordering = ["-year", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(window_end__gte=models.F("window_start")), name="plan_window_ordered"
            ),
            models.CheckConstraint(
                condition=models.Q(cases_to__gte=models.F("cases_from")), name="plan_cases_ordered"
            ),
        ]

    def __str__(self) -> str:
        return self.title


class PlanBody(models.Model):
    """A body under inspection in a plan."""

    plan = models.ForeignKey(InspectionPlan, on_delete=models.CASCADE, related_name="plan_bodies")
    body = models.ForeignKey(EnforcementBody, on_delete=models.PROTECT, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["plan", "body"], name="planbody_unique")]
        ordering = ["plan", "body__name"]

    def __str__(self) -> str:
        return f"{self.plan} · {self.body}"


class Team(TimeStampedModel):
    """An evaluation team (评查组): its members evaluate the files of its bodies, never their own."""

    plan = models.ForeignKey(InspectionPlan, on_delete=models.CASCADE, related_name="teams")
    name = models.CharField("名称", max_length=100)
    members = models.ManyToManyField(settings.AUTH_USER_MODEL, related_name="evaluation_teams", blank=True)
    bodies = models.ManyToManyField(EnforcementBody, related_name="+", blank=True)

    class Meta:
        verbose_name = "评查组"
        verbose_name_plural = "评查组"
        ordering = ["plan", "id"]
        constraints = [models.UniqueConstraint(fields=["plan", "name"], name="team_unique_name")]

    def __str__(self) -> str:
        return self.name


class Draw(models.Model):
    """The recorded inputs and result of one body's sample (docs/evaluation.md: re-run by hand).

    `strata` holds, per stratum, its code, label, sample size and the sorted candidate public ids;
    `candidates_sha256` is the SHA-256 of every stratum's candidate lines; `drawn` the drawn ids.
    """

    plan = models.ForeignKey(InspectionPlan, on_delete=models.CASCADE, related_name="draws")
    body = models.ForeignKey(EnforcementBody, on_delete=models.PROTECT, related_name="+")
    algorithm = models.CharField("算法", max_length=32)
    seed = models.CharField("随机种子", max_length=64)
    body_code = models.CharField("主体统一社会信用代码", max_length=18)
    strata = models.JSONField("分层与候选案卷")
    candidates_sha256 = models.CharField("候选清单 SHA-256", max_length=64)
    drawn = models.JSONField("抽中案卷")
    drawn_at = models.DateTimeField("抽取时间", auto_now_add=True)
    drawn_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    ledger_index = models.BigIntegerField("日志序号")

    class Meta:
        verbose_name = "案卷抽取记录"
        verbose_name_plural = "案卷抽取记录"
        constraints = [models.UniqueConstraint(fields=["plan", "body"], name="draw_unique_body")]

    def __str__(self) -> str:
        return f"{self.plan} · {self.body}"


class SampledFile(models.Model):
    """A drawn case file (抽查案卷) awaiting or carrying its evaluation."""

    plan = models.ForeignKey(InspectionPlan, on_delete=models.CASCADE, related_name="samples")
    draw = models.ForeignKey(Draw, on_delete=models.CASCADE, related_name="samples")
    body = models.ForeignKey(EnforcementBody, on_delete=models.PROTECT, related_name="+")
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="+")
    stratum = models.CharField("分层", max_length=64)
    rank = models.PositiveSmallIntegerField("层内顺位")
    rank_key = models.CharField("排序键 SHA-256", max_length=64)

    class Meta:
        verbose_name = "抽查案卷"
        verbose_name_plural = "抽查案卷"
        ordering = ["plan", "body__name", "stratum", "rank"]
        constraints = [models.UniqueConstraint(fields=["plan", "case"], name="sample_unique_case")]

    def __str__(self) -> str:
        return str(self.case)
