"""A submission for legal review (送审) and what a round of review produces."""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models

from sanxiang.cases.models import Case
from sanxiang.core.models import TimeStampedModel

from ..choices import (
    AdviserKind,
    Checkpoint,
    Circumstance,
    Conclusion,
    ExtensionStatus,
    Material,
    Opinion,
    SubmissionStatus,
)
from .benchmark import ViolationType
from .common import CASE_ACCESS, SUBMISSION_ACCESS

USER = settings.AUTH_USER_MODEL


class Submission(TimeStampedModel):
    """One round of legal review: submitted, accepted (the clock starts), answered with an opinion."""

    access = CASE_ACCESS

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="review_submissions")
    round = models.PositiveSmallIntegerField("轮次")
    status = models.CharField(
        "状态", max_length=16, choices=SubmissionStatus.choices, default=SubmissionStatus.PENDING
    )
    submitted_by = models.ForeignKey(USER, verbose_name="送审人", on_delete=models.PROTECT, related_name="+")
    submitted_on = models.DateField("送审日期")
    penalties = models.JSONField("送审时拟作出的处罚", default=list, blank=True)
    violation_type = models.ForeignKey(
        ViolationType,
        verbose_name="违法行为",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    circumstance = models.CharField("裁量情形", max_length=10, choices=Circumstance.choices, blank=True)
    discretion_findings = models.JSONField("裁量基准核对", default=dict, blank=True)
    resubmission_note = models.TextField("重新送审说明", blank=True)
    changes = models.JSONField("与上一轮相比的变化", default=dict, blank=True)

    returned_missing = models.JSONField("退回时缺少的材料", default=list, blank=True)
    returned_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    returned_on = models.DateField("退回日期", null=True, blank=True)

    accepted_by = models.ForeignKey(
        USER, verbose_name="受理人", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    accepted_on = models.DateField("受理日期", null=True, blank=True)
    time_limit_workdays = models.PositiveSmallIntegerField("审核时限（工作日）", null=True, blank=True)
    due_on = models.DateField("审核期限届满日", null=True, blank=True, db_index=True)

    extension_status = models.CharField(
        "延期", max_length=10, choices=ExtensionStatus.choices, default=ExtensionStatus.NONE, blank=True
    )
    extension_reason = models.TextField("延期理由", blank=True)
    extension_workdays = models.PositiveSmallIntegerField("延长工作日", null=True, blank=True)
    extension_requested_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    extension_requested_on = models.DateField(null=True, blank=True)
    extension_decided_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    extension_decided_on = models.DateField(null=True, blank=True)
    extension_note = models.TextField("延期审批意见", blank=True)

    reviewer = models.ForeignKey(
        USER, verbose_name="审核人", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    opinion = models.CharField("审核意见", max_length=12, choices=Opinion.choices, blank=True)
    opinion_reasons = models.TextField("意见理由", blank=True)
    opinion_on = models.DateField("出具意见日期", null=True, blank=True)
    ledger = models.JSONField("日志序号", default=dict, blank=True)

    class Meta:
        verbose_name = "法制审核送审"
        verbose_name_plural = "法制审核送审"
        ordering = ["case", "round"]
        constraints = [
            models.UniqueConstraint(fields=["case", "round"], name="review_submission_unique_round")
        ]
        indexes = [models.Index(fields=["status", "due_on"])]

    def __str__(self) -> str:
        return f"{self.case} 第 {self.round} 轮法制审核"

    @property
    def passed(self) -> bool:
        return self.status == SubmissionStatus.DONE and self.opinion == Opinion.APPROVE

    @property
    def overdue_opinion(self) -> bool:
        return bool(self.opinion_on and self.due_on and self.opinion_on > self.due_on)


class MaterialItem(models.Model):
    """One line of the materials checklist: a link to a record, a text reference, or attached text."""

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="materials")
    item = models.CharField("材料", max_length=24, choices=Material.choices)
    content_type = models.ForeignKey(ContentType, null=True, blank=True, on_delete=models.PROTECT)
    object_id = models.CharField("记录标识", max_length=64, blank=True)
    reference = models.CharField("卷宗索引", max_length=300, blank=True)
    text = models.TextField("材料内容", blank=True)

    class Meta:
        verbose_name = "送审材料"
        verbose_name_plural = "送审材料"
        ordering = ["submission", "id"]
        constraints = [models.UniqueConstraint(fields=["submission", "item"], name="review_material_unique")]

    def __str__(self) -> str:
        return self.get_item_display()

    @property
    def link(self) -> str:
        if not self.content_type_id:
            return ""
        return f"{self.content_type.app_label}.{self.content_type.model}:{self.object_id}"

    def fingerprint(self) -> tuple:
        return (self.link, self.reference, self.text)


class ChecklistAnswer(models.Model):
    """REV-05: the reviewer's conclusion on one of the seven points."""

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="answers")
    checkpoint = models.CharField("审核事项", max_length=16, choices=Checkpoint.choices)
    conclusion = models.CharField("结论", max_length=16, choices=Conclusion.choices)
    comment = models.TextField("说明", blank=True)

    class Meta:
        verbose_name = "审核要点"
        verbose_name_plural = "审核要点"
        ordering = ["submission", "id"]
        constraints = [
            models.UniqueConstraint(fields=["submission", "checkpoint"], name="review_answer_unique")
        ]

    def __str__(self) -> str:
        return f"{self.get_checkpoint_display()}：{self.get_conclusion_display()}"


class AdviserOpinion(models.Model):
    """A written opinion of a legal adviser or public lawyer (法律顾问、公职律师) asked during review."""

    access = SUBMISSION_ACCESS

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="adviser_opinions")
    adviser_name = models.CharField("姓名", max_length=50)
    adviser_kind = models.CharField("类别", max_length=16, choices=AdviserKind.choices)
    opinion = models.TextField("书面意见")
    given_on = models.DateField("出具日期")
    recorded_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    ledger_index = models.BigIntegerField("日志序号", null=True, blank=True)

    class Meta:
        verbose_name = "法律顾问/公职律师意见"
        verbose_name_plural = "法律顾问/公职律师意见"
        ordering = ["submission", "id"]

    def __str__(self) -> str:
        return f"{self.get_adviser_kind_display()} {self.adviser_name}"
