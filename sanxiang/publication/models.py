"""Publication of enforcement decisions (事后公开): records, text versions, early removals, search index.

A Publication is made, in the decision's own transaction, for every decision the procedure produces.
Its versions hold the served text (staff only), the redaction log and the desensitized text; the
portal reads only published versions and the search index built from them (PUB-04).
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models

from sanxiang.cases.models import Case
from sanxiang.core.models import PublicIdModel
from sanxiang.documents.models import Document
from sanxiang.orgs.access import AccessPaths
from sanxiang.orgs.models import EnforcementBody

from .choices import (
    BlockReason,
    Channel,
    PartyStyle,
    PublicationKind,
    PublicationStatus,
    RemovalStatus,
    VersionState,
    WithdrawalCause,
)


class PublicationRules(models.Model):
    """Per-body publication settings: channel and deadlines (DISC-01..03), periods (DISC-06), party style."""

    body = models.OneToOneField(EnforcementBody, on_delete=models.CASCADE, related_name="publication_rules")
    channel = models.CharField("公示渠道", max_length=12, choices=Channel.choices, default=Channel.PLATFORM)
    penalty_workdays = models.PositiveSmallIntegerField(
        "处罚、许可决定公开时限（工作日，DISC-01）", default=7
    )
    other_workdays = models.PositiveSmallIntegerField("其他执法决定公开时限（工作日，DISC-02）", default=20)
    necips_workdays = models.PositiveSmallIntegerField("信用公示系统公开时限（工作日，DISC-03）", default=20)
    withdrawal_workdays = models.PositiveSmallIntegerField("撤回时限（工作日，DISC-05）", default=3)
    party_style = models.CharField(
        "自然人当事人显示方式", max_length=8, choices=PartyStyle.choices, default=PartyStyle.SURNAME
    )
    keep_legal_representative = models.BooleanField("公开法定代表人姓名", default=True)
    low_fine_threshold = models.DecimalField(
        "较低罚款数额（元，DISC-06）", max_digits=14, decimal_places=2, default=Decimal("10000")
    )
    short_period_months = models.PositiveSmallIntegerField("通报批评、较低罚款公示期（月）", default=3)
    period_years = models.PositiveSmallIntegerField("其他处罚公示期（年）", default=3)

    class Meta:
        verbose_name = "公开规则"
        verbose_name_plural = "公开规则"

    def __str__(self) -> str:
        return f"{self.body} 公开规则"


class Publication(PublicIdModel):
    """One decision's publication record; public fields are desensitized copies, never case fields."""

    access = AccessPaths(body="body")

    body = models.ForeignKey(
        EnforcementBody, verbose_name="执法主体", on_delete=models.PROTECT, related_name="+"
    )
    case = models.ForeignKey(Case, verbose_name="案件", on_delete=models.PROTECT, related_name="publications")
    document = models.ForeignKey(
        Document, verbose_name="决定书", null=True, on_delete=models.PROTECT, related_name="publications"
    )
    kind = models.CharField("决定类别", max_length=12, choices=PublicationKind.choices)
    status = models.CharField(
        "状态", max_length=12, choices=PublicationStatus.choices, default=PublicationStatus.PENDING
    )
    document_number = models.CharField("文号", max_length=60, blank=True)
    decision_date = models.DateField("决定日期")
    channel = models.CharField("公示渠道", max_length=12, choices=Channel.choices, default=Channel.PLATFORM)
    penalty_kinds = models.JSONField("处罚种类", default=list, blank=True)
    heaviest_penalty = models.CharField("最重处罚种类", max_length=24, blank=True)
    fine_amount = models.DecimalField("罚款金额", max_digits=14, decimal_places=2, default=Decimal("0"))
    due_date = models.DateField("公开期限", db_index=True)
    due_provisional = models.BooleanField("按暂定日历计算", default=False)
    due_rule = models.CharField("期限规则", max_length=12)
    blocked_reason = models.CharField(
        "不予公开理由（DISC-11）", max_length=16, choices=BlockReason.choices, blank=True
    )
    published_on = models.DateField("首次公开日期", null=True, blank=True)
    published_version = models.PositiveIntegerField("公开版本", null=True, blank=True)
    ends_on = models.DateField("公示期届满日（DISC-06）", null=True, blank=True)
    ended_on = models.DateField("停止公示日期", null=True, blank=True)
    withdrawal_cause = models.CharField(
        "撤回原因", max_length=12, choices=WithdrawalCause.choices, blank=True
    )
    withdrawal_due = models.DateField("撤回期限（DISC-05）", null=True, blank=True)
    withdrawn_on = models.DateField("撤回日期", null=True, blank=True)
    withdrawal_reason = models.TextField("撤回理由（公开）", blank=True)
    ledger_index = models.BigIntegerField("公开操作日志序号", null=True, blank=True)

    class Meta:
        verbose_name = "执法决定公开"
        verbose_name_plural = "执法决定公开"
        ordering = ["-decision_date", "-id"]
        indexes = [
            models.Index(fields=["body", "status", "due_date"]),
            models.Index(fields=["status", "withdrawal_due"]),
            models.Index(fields=["body", "decision_date"]),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.document_number}".strip()

    @property
    def is_public(self) -> bool:
        return self.status == PublicationStatus.PUBLISHED


class PublicationVersion(models.Model):
    """One version of a publication's text: served text, redaction log, desensitized text and summaries.

    `source_text` (the served decision, with personal data) never leaves the staff pages; the portal
    shows `text` and the summary fields of the published version only.
    """

    publication = models.ForeignKey(Publication, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField("版本")
    state = models.CharField("状态", max_length=12, choices=VersionState.choices, default=VersionState.DRAFT)
    reason = models.CharField("版本说明", max_length=200, blank=True)
    source_text = models.TextField("送达文本")
    source_sha256 = models.CharField("送达文本 SHA-256", max_length=64)
    sections = models.JSONField("段落位置", default=dict)
    redactions = models.JSONField("隐去记录", default=list)
    kept = models.JSONField("经审查保留的识别结果", default=list)
    text = models.TextField("公开文本")
    text_sha256 = models.CharField("公开文本 SHA-256", max_length=64)
    text_sm3 = models.CharField("公开文本 SM3", max_length=64)
    party_label = models.CharField("当事人（脱敏）", max_length=200)
    conclusion = models.TextField("处理结论", blank=True)
    facts_summary = models.TextField("违法事实摘要", blank=True)
    basis = models.TextField("处罚依据", blank=True)
    penalty_text = models.TextField("处罚内容", blank=True)
    prepared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+", verbose_name="整理人"
    )
    submitted_at = models.DateTimeField("提交时间", null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+", verbose_name="审批人"
    )
    decided_at = models.DateTimeField("审批时间", null=True, blank=True)
    decision_note = models.TextField("审批意见", blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "公开文本版本"
        verbose_name_plural = "公开文本版本"
        ordering = ["publication", "number"]
        constraints = [
            models.UniqueConstraint(fields=["publication", "number"], name="publicationversion_unique_number")
        ]

    def __str__(self) -> str:
        return f"{self.publication} 第{self.number}版"


class EarlyRemoval(models.Model):
    """An early-removal request (信用修复申请) and its outcome (DISC-07)."""

    publication = models.ForeignKey(Publication, on_delete=models.CASCADE, related_name="removals")
    requested_on = models.DateField("申请日期")
    reason = models.TextField("申请理由")
    status = models.CharField(
        "状态", max_length=10, choices=RemovalStatus.choices, default=RemovalStatus.PENDING
    )
    rule = models.CharField("依据规则", max_length=12, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_on = models.DateField("决定日期", null=True, blank=True)
    decision_note = models.TextField("决定理由", blank=True)

    class Meta:
        verbose_name = "提前移除申请"
        verbose_name_plural = "提前移除申请"
        ordering = ["publication", "id"]

    def __str__(self) -> str:
        return f"{self.publication} {self.get_status_display()}"


class SearchEntry(models.Model):
    """The portal's search row of a published decision, built from the desensitized version only.

    `terms` is the one tokenizer's output (docs/publication.md): jieba words, CJK characters and
    CJK bigrams, space-separated. PostgreSQL indexes it as a generated tsvector with GIN; SQLite
    mirrors it into an FTS5 table (both made by migration 0002). `folded` is the lower-cased text
    every hit is checked against, so a hit is always a true substring.
    """

    publication = models.OneToOneField(Publication, on_delete=models.CASCADE, related_name="search_entry")
    body = models.ForeignKey(EnforcementBody, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=12, choices=PublicationKind.choices)
    decision_date = models.DateField()
    ends_on = models.DateField(null=True, blank=True)
    folded = models.TextField()
    terms = models.TextField()

    class Meta:
        verbose_name = "检索条目"
        verbose_name_plural = "检索条目"
        indexes = [
            models.Index(fields=["-decision_date", "-id"], name="pubsearch_date_desc"),
            models.Index(fields=["body", "decision_date"], name="pubsearch_body_date"),
        ]

    def __str__(self) -> str:
        return str(self.publication_id)
