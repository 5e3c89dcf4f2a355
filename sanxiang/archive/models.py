"""Exports of the electronic case file: one row per ZIP handed out, written with its ledger entry."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from sanxiang.cases.models import Case
from sanxiang.core.models import PublicIdModel
from sanxiang.orgs.access import AccessPaths

from .choices import Channel


class Export(PublicIdModel):
    """One export of a case file (AUD-01: an export is recorded before its first byte is served).

    `manifest_sha256` anchors the ZIP's manifest (and through it the table of contents) in the
    ledger entry `archive.exported` at `ledger_index`.
    """

    access = AccessPaths(
        body="case__body", department="case__department", assignee_users="case__assignments__officer__user"
    )

    case = models.ForeignKey(
        Case, verbose_name="案件", on_delete=models.PROTECT, related_name="archive_exports"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="导出人", on_delete=models.PROTECT, related_name="+"
    )
    reason = models.CharField("导出事由", max_length=200, blank=True)
    channel = models.CharField("途径", max_length=8, choices=Channel.choices, default=Channel.WEB)
    file_name = models.CharField("文件名", max_length=200)
    manifest_sha256 = models.CharField("清单 SHA-256", max_length=64)
    manifest_sm3 = models.CharField("清单 SM3", max_length=64)
    tree_size = models.BigIntegerField("签名树头大小")
    root_hash = models.CharField("根哈希", max_length=64)
    documents = models.PositiveIntegerField("文书数")
    evidence = models.PositiveIntegerField("证据数")
    entries = models.PositiveIntegerField("日志条目数")
    content_bytes = models.BigIntegerField("文件总字节数")
    ledger_index = models.BigIntegerField("日志序号")

    class Meta:
        verbose_name = "电子卷宗导出"
        verbose_name_plural = "电子卷宗导出"
        ordering = ["case", "-created_at", "-id"]

    def __str__(self) -> str:
        return self.file_name
