"""Enforcement documents: body templates, issued documents, signatures, and bytes awaiting storage.

An issued document is evidence: its content fields and file hashes never change after the row is
written. Only its status may move from issued to superseded, when a correction replaces it.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from sanxiang.cases.models import Case, CaseEvent
from sanxiang.core.errors import Conflict
from sanxiang.core.models import PublicIdModel
from sanxiang.orgs.access import AccessPaths
from sanxiang.orgs.models import EnforcementBody, Officer

from .choices import DocumentKind, DocumentStatus, SignatureOutcome, SignerRole


class Frozen(Conflict):
    """A write to a record that must never change once written."""

    code = "document_frozen"


class FrozenQuerySet(models.QuerySet):
    """Bulk writes obey the same rule as save(): only the model's MUTABLE_FIELDS may change."""

    def update(self, **kwargs):
        if set(kwargs) - self.model.MUTABLE_FIELDS:
            raise Frozen(f"{self.model._meta.verbose_name}已签发，内容不可修改")
        return super().update(**kwargs)

    def delete(self):
        raise Frozen(f"{self.model._meta.verbose_name}不可删除")


class FrozenModel(models.Model):
    """A row written once; afterwards only MUTABLE_FIELDS may change, and never by a full save()."""

    MUTABLE_FIELDS: frozenset[str] = frozenset()

    objects = FrozenQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if not self._state.adding:
            update_fields = kwargs.get("update_fields")
            if update_fields is None or set(update_fields) - self.MUTABLE_FIELDS:
                raise Frozen(f"{self._meta.verbose_name}已签发，内容不可修改；如有错误请制作更正文书")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise Frozen(f"{self._meta.verbose_name}不可删除")


class DocumentTemplate(FrozenModel):
    """One version of a body's own .docx template for one kind; versions are kept, the latest is used."""

    body = models.ForeignKey(
        EnforcementBody, verbose_name="执法主体", on_delete=models.PROTECT, related_name="document_templates"
    )
    kind = models.CharField("文书种类", max_length=24, choices=DocumentKind.choices)
    version = models.PositiveIntegerField("版本")
    file_name = models.CharField("存储名称", max_length=200)
    original_name = models.CharField("上传文件名", max_length=200, blank=True)
    sha256 = models.CharField("SHA-256", max_length=64)
    size = models.PositiveIntegerField("大小（字节）")
    variables = models.JSONField("使用的变量", default=list)
    note = models.CharField("说明", max_length=200, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="上传人", on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField("上传时间", auto_now_add=True)
    ledger_index = models.BigIntegerField("日志序号", null=True)

    class Meta:
        verbose_name = "文书模板"
        verbose_name_plural = "文书模板"
        ordering = ["body", "kind", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["body", "kind", "version"], name="documenttemplate_unique_version"
            )
        ]

    def __str__(self) -> str:
        return f"{self.body.short_name} {self.get_kind_display()} 第{self.version}版"


class Document(PublicIdModel, FrozenModel):
    """An issued enforcement document (执法文书): its context, its .docx and PDF, and their hashes."""

    MUTABLE_FIELDS = frozenset({"status", "superseded_at", "updated_at"})
    access = AccessPaths(
        body="case__body", department="case__department", assignee_users="case__assignments__officer__user"
    )

    case = models.ForeignKey(Case, verbose_name="案件", on_delete=models.PROTECT, related_name="documents")
    kind = models.CharField("文书种类", max_length=24, choices=DocumentKind.choices)
    status = models.CharField(
        "状态", max_length=12, choices=DocumentStatus.choices, default=DocumentStatus.ISSUED
    )
    number = models.CharField("文号", max_length=60, blank=True)
    issued_on = models.DateField("文书日期")
    issued_at = models.DateTimeField("签发时间")
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="签发人", null=True, on_delete=models.PROTECT, related_name="+"
    )
    event = models.ForeignKey(
        CaseEvent, verbose_name="产生文书的办案操作", null=True, on_delete=models.PROTECT, related_name="+"
    )
    corrects = models.ForeignKey(
        "self", verbose_name="更正的文书", null=True, on_delete=models.PROTECT, related_name="corrections"
    )
    correction_reason = models.TextField("更正理由", blank=True)
    context = models.JSONField("文书内容")
    template = models.ForeignKey(
        DocumentTemplate, verbose_name="模板", null=True, on_delete=models.PROTECT, related_name="documents"
    )
    template_version = models.PositiveIntegerField("模板版本", help_text="0 为系统默认模板")
    template_sha256 = models.CharField("模板 SHA-256", max_length=64)
    docx_name = models.CharField(max_length=200)
    docx_sha256 = models.CharField("DOCX SHA-256", max_length=64)
    docx_sm3 = models.CharField("DOCX SM3", max_length=64)
    docx_size = models.PositiveIntegerField()
    pdf_name = models.CharField(max_length=200)
    pdf_sha256 = models.CharField("PDF SHA-256", max_length=64)
    pdf_sm3 = models.CharField("PDF SM3", max_length=64)
    pdf_size = models.PositiveIntegerField()
    superseded_at = models.DateTimeField("被更正时间", null=True, blank=True)
    ledger_index = models.BigIntegerField("日志序号")

    class Meta:
        verbose_name = "执法文书"
        verbose_name_plural = "执法文书"
        ordering = ["case", "issued_at", "id"]
        indexes = [models.Index(fields=["case", "kind", "status"])]
        constraints = [
            # A correction carries the number of the document it replaces; among current
            # documents a 文号 is never used twice.
            models.UniqueConstraint(
                fields=["number"],
                condition=models.Q(status="issued") & ~models.Q(number=""),
                name="document_number_unique_when_current",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.number}".strip()

    @property
    def title(self) -> str:
        return self.get_kind_display()

    @property
    def reference(self) -> str:
        return self.number or self.context.get("reference", "")

    def file(self, fmt: str) -> tuple[str, str, str]:
        """Storage name, SHA-256 and SM3 of one rendition ("pdf" or "docx")."""
        if fmt == "docx":
            return self.docx_name, self.docx_sha256, self.docx_sm3
        return self.pdf_name, self.pdf_sha256, self.pdf_sm3


class Signature(FrozenModel):
    """A signature on a document, or a recorded refusal to sign with the witness (W8, W11)."""

    access = AccessPaths(
        body="document__case__body",
        department="document__case__department",
        assignee_users="document__case__assignments__officer__user",
    )

    document = models.ForeignKey(
        Document, verbose_name="文书", on_delete=models.PROTECT, related_name="signatures"
    )
    role = models.CharField("签名人身份", max_length=12, choices=SignerRole.choices)
    outcome = models.CharField("结果", max_length=8, choices=SignatureOutcome.choices)
    signer_name = models.CharField("签名人", max_length=100)
    officer = models.ForeignKey(
        Officer, verbose_name="执法人员", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    signed_at = models.DateTimeField("签名（拒签）时间")
    witness_name = models.CharField("见证人", max_length=100, blank=True)
    note = models.TextField("备注", blank=True)
    scan_name = models.CharField(max_length=200, blank=True)
    scan_type = models.CharField("扫描件类型", max_length=40, blank=True)
    scan_sha256 = models.CharField("扫描件 SHA-256", max_length=64, blank=True)
    scan_sm3 = models.CharField("扫描件 SM3", max_length=64, blank=True)
    scan_size = models.PositiveIntegerField(null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="登记人", on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField("登记时间", auto_now_add=True)
    ledger_index = models.BigIntegerField("日志序号")

    class Meta:
        verbose_name = "文书签名"
        verbose_name_plural = "文书签名"
        ordering = ["document", "signed_at", "id"]

    def __str__(self) -> str:
        return f"{self.get_role_display()} {self.signer_name} {self.get_outcome_display()}"


class PendingFile(models.Model):
    """Bytes committed with the row that names them, written to storage after commit (an outbox).

    A rollback removes this row with everything else, so no file is ever written for a document
    that does not exist; a failed write after commit is retried (blobs.flush, `documents_flush`).
    """

    name = models.CharField(max_length=200, db_index=True)
    data = models.BinaryField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "待写入文件"
        verbose_name_plural = "待写入文件"

    def __str__(self) -> str:
        return self.name
